/**
 * Response schemas of the compat profile (docs/mock-server.md "Compat profile"): the seed threads' snake_case trade
 * (with scheduleVersion and version), the swap lookup, and a schedule's version. No Genesys model names
 * them: the names are the mock's own. Keyed "METHOD url" as the route table. Paths are spelled here, not
 * imported from compat-routes.ts, so this file and response-schemas.ts import no route code.
 */
import { z } from 'zod';
import { calendarDate } from './schemas.ts';

const SWAPS = '/api/v2/wfm/schedule/shift-trades';
const SHIFTS = '/api/v2/wfm/scheduling/shifts';

export const compatTrade = z
  .object({
    trade_id: z.string(),
    status: z.enum(['OPEN', 'PENDING', 'APPROVED', 'DENIED', 'CANCELLED', 'EXPIRED']),
    initiator_agent_id: z.string(),
    counter_agent_id: z.string().nullable(),
    initiator_shift_id: z.string(),
    counter_shift_id: z.string().nullable(),
    schedule_id: z.string(),
    week_date: calendarDate(),
    scheduleVersion: z.number().int().min(0),
    version: z.number().int().min(0),
  })
  .loose();

export const compatTradeList = z
  .object({ schedule_id: z.string(), scheduleVersion: z.number().int().min(0), entities: z.array(compatTrade) })
  .loose();
export const compatScheduleVersion = z
  .object({ id: z.string(), weekDate: z.string(), version: z.number().int().min(0) })
  .loose();

/**
 * A compat 409: the Genesys ErrorBody whose `errors` holds the thread's own `{message, code}` entry (so the
 * thread's body is contained verbatim), which is not an ErrorBody: declared apart for the compat writes.
 */
export const compatConflictBody = z
  .object({
    message: z.string(),
    code: z.literal('SHIFT_TRADE_CONFLICT'),
    status: z.literal(409),
    contextId: z.string(),
    details: z.array(
      z
        .object({
          errorCode: z.string().optional(),
          fieldName: z.string().optional(),
          entityId: z.string().optional(),
          entityName: z.string().optional(),
        })
        .loose(),
    ),
    errors: z.array(z.object({ message: z.string(), code: z.literal('SHIFT_TRADE_CONFLICT') }).loose()),
  })
  .loose();

type Entry = { name: string; schema: z.ZodType };
const trade: Entry = { name: 'CompatTrade', schema: compatTrade };

export const COMPAT_RESPONSE_SCHEMAS: Readonly<Record<string, Entry>> = {
  [`POST ${SWAPS}`]: trade,
  [`GET ${SWAPS}`]: { name: 'CompatTradeList', schema: compatTradeList },
  [`GET ${SWAPS}/:tradeId`]: trade,
  [`GET ${SHIFTS}/:tradeId`]: trade,
  [`PUT ${SHIFTS}/:tradeId`]: trade,
  [`PUT ${SHIFTS}`]: trade,
  ['GET /api/v2/wfm/schedules/:scheduleId']: { name: 'CompatScheduleVersion', schema: compatScheduleVersion },
};
