/**
 * Building blocks of the response schemas (response-schemas.ts and the files it gathers), named as the
 * official SDK 262.0.0 names its models. Objects are open (loose), as in response-schemas.ts: a field the
 * mock adds later does not break a client, as the SDK's models ignore unknown fields too.
 */
import { z } from 'zod';
import { calendarDate } from './schemas.ts';

export const ref = z.object({ id: z.string(), selfUri: z.string().optional() }).loose();
export const isoInstant = z.string().regex(/^\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
/** A real calendar date, as the requests' dates are (schemas.ts CALENDAR_DATE): one pattern in the whole document. */
export const date = calendarDate();
export const violation = z.object({ type: z.string(), params: z.record(z.string(), z.string()).optional() }).loose();
export const tradeState = z.enum(['Unmatched', 'Matched', 'Approved', 'Denied', 'Expired', 'Canceled']);
export const versionMetadata = z
  .object({ version: z.number().int().min(0), dateCreated: isoInstant.optional(), dateModified: isoInstant.optional() })
  .loose();

/** ShiftTradeMatchReviewResponse (the mock fills the violation lists, not the paid-minutes previews). */
export const shiftTradeMatchReviewResponse = z
  .object({
    violations: z.array(violation).optional(),
    adminReviewViolations: z.array(violation).optional(),
    unevaluatedRules: z.array(z.string()).optional(),
  })
  .loose();

/** ShiftTradeShiftResponseItem. */
const shiftItem = z.object({ id: z.string(), startDate: z.string(), endDate: isoInstant, weekDate: date }).loose();

/** ShiftTradeResponseItem: the trade as the job-based routes answer it. */
export const shiftTradeResponseItem = z
  .object({
    id: z.string(),
    state: tradeState,
    expirationDate: isoInstant.optional(),
    initiating: z
      .object({
        user: ref,
        managementUnit: ref,
        schedule: z.object({ id: z.string(), weekDate: date, businessUnit: ref }).loose(),
        shift: shiftItem,
      })
      .loose(),
    receiving: z.object({ user: ref, shift: shiftItem.optional() }).loose().optional(),
    target: z.object({ user: ref.optional() }).loose().optional(),
    acceptableIntervals: z.array(z.object({ startDate: z.string(), endDate: z.string() }).loose()),
    oneSided: z.boolean(),
    reviewedBy: ref.optional(),
    reviewedDate: isoInstant.optional(),
    metadata: versionMetadata,
  })
  .loose();

/** ErrorBody as a job carries it. */
export const jobError = z.object({ status: z.number().int(), code: z.string(), message: z.string() }).loose();

/** A ShiftTrade*JobResponse of one type: Processing carries no result; Complete its result field; Error an ErrorBody. */
export function jobResponse<T extends z.ZodType>(type: string, resultField: string, result: T) {
  return z
    .object({
      id: z.string(),
      type: z.literal(type),
      status: z.enum(['Processing', 'Complete', 'Error']),
      selfUri: z.string(),
      error: jobError.optional(),
      [resultField]: result.optional(),
    })
    .loose();
}
