/**
 * Request bodies of the compat profile (the seed threads' endpoints), strict like the genesys ones:
 * an unknown field is a 400 that names it. The POST accepts the bulk-swap thread's payload exactly.
 */
import { z } from 'zod';
import { COMPAT_STATUSES } from './compat-views.ts';

const id = z.string().min(1).max(256);
const version = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const compatSwapRequest = z
  .object({
    initiator_agent_id: id,
    counter_agent_id: id,
    initiator_shift_id: id,
    counter_shift_id: id,
    // The thread sends PENDING: a new swap is submitted, and the management unit's review decides.
    status: z.literal('PENDING').optional(),
    /** The business-unit week schedule's version read before; without it there is no version check. */
    scheduleVersion: version.optional(),
  })
  .strict();

/**
 * PUT of a compat trade: `status` is the only writable field. The rest of the GET representation may be
 * echoed back (the DST thread's script PUTs what it read): identity fields must match the trade, the
 * version fields are ignored because If-Match is the precondition.
 */
const tradeEcho = {
  status: z.enum(COMPAT_STATUSES),
  trade_id: id.optional(),
  initiator_agent_id: id.optional(),
  counter_agent_id: id.nullable().optional(),
  initiator_shift_id: id.optional(),
  counter_shift_id: id.nullable().optional(),
  schedule_id: id.optional(),
  week_date: z.string().max(32).optional(),
  scheduleVersion: version.optional(),
  version: version.optional(),
};

export const compatTradeUpdate = z.object(tradeEcho).strict();

/** PUT /api/v2/wfm/scheduling/shifts without an id in the path (the ServiceNow script): trade_id names the trade. */
export const compatTradeUpdateById = z.object({ ...tradeEcho, trade_id: id }).strict();

export type CompatSwapRequest = z.infer<typeof compatSwapRequest>;
export type CompatTradeUpdate = z.infer<typeof compatTradeUpdate>;

/** Fields of the echo that must equal the trade's (compat view names). */
export const IDENTITY_FIELDS = [
  'trade_id',
  'initiator_agent_id',
  'counter_agent_id',
  'initiator_shift_id',
  'counter_shift_id',
  'schedule_id',
  'week_date',
] as const;
