/**
 * Response schemas (zod) of the most used routes, named as the SDK's models name the fields
 * (purecloud-platform-client-v2: ShiftTradeResponse, WeekShiftTradeListResponse, ShiftTradeListResponse,
 * MatchShiftTradeResponse, BusinessUnitListing, the ShiftTrade*JobResponse models). The OpenAPI document
 * declares them for the 200 answer and test/server/response-schemas.test.ts validates real answers
 * against them. Objects are open (passthrough): a field the mock adds later does not break a client, as
 * the SDK's models ignore unknown fields too. Routes without one here still answer; the README lists them.
 */
import { z } from 'zod';

const ref = z.object({ id: z.string(), selfUri: z.string().optional() }).loose();
const isoInstant = z.string().regex(/^\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const violation = z.object({ type: z.string(), params: z.record(z.string(), z.string()).optional() }).loose();

export const shiftTradeResponse = z.object({
  id: z.string(),
  weekDate: date,
  schedule: z.object({ id: z.string(), weekDate: date, businessUnit: ref }).loose(),
  state: z.enum(['Unmatched', 'Matched', 'Approved', 'Denied', 'Expired', 'Canceled']),
  initiatingUser: ref,
  initiatingShiftId: z.string(),
  initiatingShiftStart: z.string(),
  initiatingShiftEnd: isoInstant,
  receivingUser: ref.optional(),
  receivingShiftId: z.string().optional(),
  receivingShiftStart: z.string().optional(),
  receivingShiftEnd: isoInstant.optional(),
  receivingWeekDate: date.optional(),
  expiration: isoInstant.optional(),
  oneSided: z.boolean(),
  acceptableIntervals: z.array(z.string()),
  reviewedBy: ref.optional(),
  reviewedDate: isoInstant.optional(),
  metadata: z.object({ version: z.number().int().min(0), dateCreated: isoInstant, dateModified: isoInstant }).loose(),
  selfUri: z.string(),
}).loose();

export const weekShiftTradeListResponse = z.object({
  entities: z.array(z.object({ trade: shiftTradeResponse }).loose()),
  // Only with ?pageSize (README "Week trade list paging").
  pageSize: z.number().int().optional(),
  pageNumber: z.number().int().optional(),
  total: z.number().int().optional(),
  pageCount: z.number().int().optional(),
}).loose();

export const shiftTradeListResponse = z.object({ entities: z.array(shiftTradeResponse) }).loose();

export const matchShiftTradeResponse = z.object({
  trade: shiftTradeResponse,
  violations: z.array(violation),
  adminReviewViolations: z.array(violation).optional(),
  unevaluatedRules: z.array(z.string()).optional(),
}).loose();

export const businessUnitListing = z.object({ entities: z.array(z.object({ id: z.string(), name: z.string(), selfUri: z.string() }).loose()) }).loose();

/** A job answer (ShiftTrade*JobResponse): Processing carries no result; Complete its result field; Error an ErrorBody. */
export const shiftTradeJobResponse = z.object({
  id: z.string(),
  type: z.enum(['AddTrade', 'UpdateTrade', 'MatchTrade', 'UpdateTradeState', 'BulkUpdateTradeStates']),
  status: z.enum(['Processing', 'Complete', 'Error']),
  selfUri: z.string(),
  error: z.object({ status: z.number().int(), code: z.string(), message: z.string() }).loose().optional(),
}).loose();

const WFM = '/api/v2/workforcemanagement';
const WEEK_TRADES = `${WFM}/managementunits/:managementUnitId/weeks/:weekDateId/shifttrades`;
const TRADES = `${WFM}/shifttrading/trades`;

/** The 200 answer's schema per route ("METHOD url" in the route table's syntax). */
export const RESPONSE_SCHEMAS: Readonly<Record<string, { name: string; schema: z.ZodType }>> = {
  [`POST ${WEEK_TRADES}`]: { name: 'ShiftTradeResponse', schema: shiftTradeResponse },
  [`PATCH ${WEEK_TRADES}/:tradeId`]: { name: 'ShiftTradeResponse', schema: shiftTradeResponse },
  [`POST ${WEEK_TRADES}/:tradeId/match`]: { name: 'MatchShiftTradeResponse', schema: matchShiftTradeResponse },
  [`GET ${WEEK_TRADES}`]: { name: 'WeekShiftTradeListResponse', schema: weekShiftTradeListResponse },
  [`GET ${WFM}/managementunits/:managementUnitId/agents/:agentId/shifttrades`]: { name: 'ShiftTradeListResponse', schema: shiftTradeListResponse },
  [`GET ${WFM}/businessunits`]: { name: 'BusinessUnitListing', schema: businessUnitListing },
  [`POST ${TRADES}/jobs`]: { name: 'ShiftTradeJobResponse', schema: shiftTradeJobResponse },
  [`POST ${TRADES}/:tradeId/match/jobs`]: { name: 'ShiftTradeJobResponse', schema: shiftTradeJobResponse },
  [`GET ${TRADES}/jobs/:jobId`]: { name: 'ShiftTradeJobResponse', schema: shiftTradeJobResponse },
};
