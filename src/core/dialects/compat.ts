/**
 * The compat profile (the seed threads' endpoints; docs/mock-server.md "Compat profile"): one POST per swap carrying
 * the schedule's scheduleVersion, read just before from the swap lookup. The POST creates and matches
 * in one write, so parseTrade reports the trade as the server left it: APPROVED ends the workflow at
 * once ('Approved'); PENDING (the unit wants an administrator's review) is 'Matched', and the workflow's
 * match step then PUTs APPROVED with If-Match, as the DST thread's script does for migrated swaps
 * that were approved in the system being left.
 */
import type { HttpResponse } from '../ports.ts';
import type { Dialect } from './dialect.ts';
import type { TradePlan, TradeRecord } from '../trade-plan.ts';
import { OPEN_OR_DONE_STATES } from '../trade-plan.ts';
import { LEGACY_ID_HEADER } from '../../contract/wire.ts';

const SWAPS = '/api/v2/wfm/schedule/shift-trades';
const SHIFTS = '/api/v2/wfm/scheduling/shifts';

/** The compat status of a trade → the trade state the workflow reasons in. */
const STATE_OF: Readonly<Record<string, string>> = {
  OPEN: 'Unmatched',
  PENDING: 'Matched',
  APPROVED: 'Approved',
  DENIED: 'Denied',
  CANCELLED: 'Canceled',
  EXPIRED: 'Expired',
};

interface CompatTrade {
  trade_id: string;
  status: string;
  initiator_agent_id: string;
  initiator_shift_id: string;
  counter_shift_id: string | null;
  version: number;
}

interface CompatTradeList {
  scheduleVersion?: number;
  entities?: CompatTrade[];
}

/**
 * The scheduleVersion each plan's lookup read last. Keyed by the plan object, which the workflow holds
 * for the whole trade: every trade keeps its own reading and nothing outlives the plan.
 */
const versionRead = new WeakMap<TradePlan, number>();

function toRecord(trade: CompatTrade): TradeRecord {
  return {
    id: trade.trade_id,
    state: STATE_OF[trade.status] ?? trade.status,
    version: trade.version,
    initiatingShiftId: trade.initiator_shift_id,
  };
}

export const compat: Dialect = {
  name: 'compat',
  readsBeforeCreate: true,
  createRequest(plan) {
    const body: Record<string, unknown> = {
      initiator_agent_id: plan.initiatingUserId,
      counter_agent_id: plan.receivingUserId,
      initiator_shift_id: plan.initiatingShiftId,
      counter_shift_id: plan.receivingShiftId,
      status: 'PENDING',
    };
    // Without a reading the POST goes unchecked, as the bulk-swap thread's first script sends it.
    const scheduleVersion = versionRead.get(plan);
    if (scheduleVersion !== undefined) body['scheduleVersion'] = scheduleVersion;
    return { method: 'POST', path: SWAPS, headers: { [LEGACY_ID_HEADER]: plan.legacyId }, body };
  },
  parseTrade(response: HttpResponse) {
    return toRecord(response.body as CompatTrade);
  },
  lookupRequest(plan) {
    return { method: 'GET', path: `${SWAPS}?initiator_shift_id=${encodeURIComponent(plan.initiatingShiftId)}` };
  },
  findTrade(response, plan, tradeId) {
    const list = (response.body ?? {}) as CompatTradeList;
    if (typeof list.scheduleVersion === 'number') versionRead.set(plan, list.scheduleVersion);
    const found = (list.entities ?? []).find((trade) =>
      tradeId !== undefined
        ? trade.trade_id === tradeId
        : // The lookup lists every trade that ever gave this shift: only this plan's swap counts.
          trade.initiator_agent_id === plan.initiatingUserId &&
          (trade.counter_shift_id ?? plan.receivingShiftId) === plan.receivingShiftId &&
          OPEN_OR_DONE_STATES.has(STATE_OF[trade.status] ?? ''),
    );
    return found ? toRecord(found) : undefined;
  },
  matchRequest(_plan, trade) {
    return {
      method: 'PUT',
      path: `${SHIFTS}/${encodeURIComponent(trade.id)}`,
      headers: { 'if-match': `"${trade.version}"` },
      body: { status: 'APPROVED' },
    };
  },
  parseMatch(response) {
    return { trade: toRecord(response.body as CompatTrade), violations: [] };
  },
};

/**
 * The bulk-swap thread's first script: the same POST without scheduleVersion, so no read before it and
 * no version check; only locks and business rules can refuse it.
 */
export const compatUnversioned: Dialect = {
  ...compat,
  name: 'compat-unversioned',
  readsBeforeCreate: false,
  createRequest(plan) {
    const request = compat.createRequest(plan);
    const { scheduleVersion: _unsent, ...body } = request.body as Record<string, unknown>;
    return { ...request, body };
  },
};
