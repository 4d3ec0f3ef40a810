/**
 * Response schemas (zod) of the most used routes, named as the SDK's models name the fields
 * (purecloud-platform-client-v2: ShiftTradeResponse, WeekShiftTradeListResponse, ShiftTradeListResponse,
 * MatchShiftTradeResponse, BusinessUnitListing, the ShiftTrade*JobResponse models). The OpenAPI document
 * declares them for the 200 answer and test/server/response-schemas.test.ts validates real answers
 * against them. Objects are open (passthrough): a field the mock adds later does not break a client, as
 * the SDK's models ignore unknown fields too. Every route of the table has one: those of the discovery
 * routes and business-unit reads are in response-schemas-reads.ts, the compat profile's in response-schemas-compat.ts.
 */
import { z } from 'zod';
import { calendarDate } from './schemas.ts';
import { READ_RESPONSE_SCHEMAS } from './response-schemas-reads.ts';
import { COMPAT_RESPONSE_SCHEMAS } from './response-schemas-compat.ts';

const ref = z.object({ id: z.string(), selfUri: z.string().optional() }).loose();
const isoInstant = z.string().regex(/^\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
const date = calendarDate();
const violation = z.object({ type: z.string(), params: z.record(z.string(), z.string()).optional() }).loose();

export const shiftTradeResponse = z
  .object({
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
  })
  .loose();

export const weekShiftTradeListResponse = z
  .object({
    entities: z.array(z.object({ trade: shiftTradeResponse }).loose()),
    // Only with ?pageSize (docs/mock-server.md "Week trade list paging").
    pageSize: z.number().int().optional(),
    pageNumber: z.number().int().optional(),
    total: z.number().int().optional(),
    pageCount: z.number().int().optional(),
  })
  .loose();

export const shiftTradeListResponse = z.object({ entities: z.array(shiftTradeResponse) }).loose();

export const matchShiftTradeResponse = z
  .object({
    trade: shiftTradeResponse,
    violations: z.array(violation),
    adminReviewViolations: z.array(violation).optional(),
    unevaluatedRules: z.array(z.string()).optional(),
  })
  .loose();

/** SearchShiftTradesResponse: matchReview (the first receiving shift's verdict) is the mock's extension (docs/mock-server.md). */
export const searchShiftTradesResponse = z
  .object({
    trades: z.array(
      z
        .object({
          trade: shiftTradeResponse,
          matchingReceivingShiftIds: z.array(z.string()),
          preview: z.object({ activities: z.array(z.unknown()).optional() }).loose(),
          matchReview: z
            .object({ violations: z.array(violation), adminReviewViolations: z.array(violation).optional() })
            .loose()
            .optional(),
        })
        .loose(),
    ),
  })
  .loose();

const bulkResultItem = z
  .object({
    id: z.string(),
    state: z.enum(['Unmatched', 'Matched', 'Approved', 'Denied', 'Expired', 'Canceled']),
    failureReason: z.string().optional(),
    metadata: z.object({ version: z.number().int().min(0) }).loose(),
  })
  .loose();

/** BulkUpdateShiftTradeStateResponse: Complete with its result, or (forceAsync) Processing with only the operationId. */
export const bulkUpdateShiftTradeStateResponse = z
  .object({
    status: z.enum(['Processing', 'Complete']),
    operationId: z.string(),
    result: z
      .object({ entities: z.array(bulkResultItem) })
      .loose()
      .optional(),
  })
  .loose();

export const businessUnitListing = z
  .object({ entities: z.array(z.object({ id: z.string(), name: z.string(), selfUri: z.string() }).loose()) })
  .loose();

/** A job answer (ShiftTrade*JobResponse): Processing carries no result; Complete its result field; Error an ErrorBody. */
export const shiftTradeJobResponse = z
  .object({
    id: z.string(),
    type: z.enum(['AddTrade', 'UpdateTrade', 'MatchTrade', 'UpdateTradeState', 'BulkUpdateTradeStates']),
    status: z.enum(['Processing', 'Complete', 'Error']),
    selfUri: z.string(),
    error: z.object({ status: z.number().int(), code: z.string(), message: z.string() }).loose().optional(),
  })
  .loose();

const WFM = '/api/v2/workforcemanagement';
const WEEK_TRADES = `${WFM}/managementunits/:managementUnitId/weeks/:weekDateId/shifttrades`;
const TRADES = `${WFM}/shifttrading/trades`;

/** The 200 answer's schema per route ("METHOD url" in the route table's syntax). */
export const RESPONSE_SCHEMAS: Readonly<Record<string, { name: string; schema: z.ZodType }>> = {
  [`POST ${WEEK_TRADES}`]: { name: 'ShiftTradeResponse', schema: shiftTradeResponse },
  [`PATCH ${WEEK_TRADES}/:tradeId`]: { name: 'ShiftTradeResponse', schema: shiftTradeResponse },
  [`POST ${WEEK_TRADES}/:tradeId/match`]: { name: 'MatchShiftTradeResponse', schema: matchShiftTradeResponse },
  [`GET ${WEEK_TRADES}`]: { name: 'WeekShiftTradeListResponse', schema: weekShiftTradeListResponse },
  [`GET ${WFM}/managementunits/:managementUnitId/agents/:agentId/shifttrades`]: {
    name: 'ShiftTradeListResponse',
    schema: shiftTradeListResponse,
  },
  [`GET ${WFM}/businessunits`]: { name: 'BusinessUnitListing', schema: businessUnitListing },
  [`POST ${TRADES}/jobs`]: { name: 'ShiftTradeJobResponse', schema: shiftTradeJobResponse },
  [`POST ${TRADES}/:tradeId/match/jobs`]: { name: 'ShiftTradeJobResponse', schema: shiftTradeJobResponse },
  [`GET ${TRADES}/jobs/:jobId`]: { name: 'ShiftTradeJobResponse', schema: shiftTradeJobResponse },
  [`POST ${WEEK_TRADES}/search`]: { name: 'SearchShiftTradesResponse', schema: searchShiftTradesResponse },
  [`POST ${WEEK_TRADES}/state/bulk`]: {
    name: 'BulkUpdateShiftTradeStateResponse',
    schema: bulkUpdateShiftTradeStateResponse,
  },
  [`GET ${TRADES}/:tradeId/match/jobs/:jobId`]: { name: 'ShiftTradeJobResponse', schema: shiftTradeJobResponse },
  [`POST ${TRADES}/:tradeId/jobs`]: { name: 'ShiftTradeJobResponse', schema: shiftTradeJobResponse },
  [`GET ${TRADES}/:tradeId/jobs/:jobId`]: { name: 'ShiftTradeJobResponse', schema: shiftTradeJobResponse },
  [`POST ${TRADES}/:tradeId/state/jobs`]: { name: 'ShiftTradeJobResponse', schema: shiftTradeJobResponse },
  [`GET ${TRADES}/:tradeId/state/jobs/:jobId`]: { name: 'ShiftTradeJobResponse', schema: shiftTradeJobResponse },
  [`POST ${WFM}/businessunits/:businessUnitId/shifttrading/trades/state/bulk/jobs`]: {
    name: 'ShiftTradeJobResponse',
    schema: shiftTradeJobResponse,
  },
  [`GET ${WFM}/businessunits/:businessUnitId/shifttrading/trades/state/bulk/jobs/:jobId`]: {
    name: 'ShiftTradeJobResponse',
    schema: shiftTradeJobResponse,
  },
  ...READ_RESPONSE_SCHEMAS,
  ...COMPAT_RESPONSE_SCHEMAS,
};
