/**
 * Genesys Cloud legacy management-unit shift-trade routes (shared/reference/genesys-wfm.md):
 * create, match with metadata.version in the body, and the agent's trade list to re-read. A one-sided
 * trade is a create without receivingUserId; a cancel is the administrators' state/bulk with one entity.
 */
import { LEGACY_ID_HEADER, LOCKED_MESSAGE } from '../../contract/wire.ts';
import type { HttpResponse } from '../ports.ts';
import type { Dialect } from './dialect.ts';
import type { TradePlan, TradeRecord } from '../trade-plan.ts';
import { OPEN_OR_DONE_STATES, kindOf } from '../trade-plan.ts';

const ROOT = '/api/v2/workforcemanagement/managementunits';

interface WireTrade {
  id: string;
  state: string;
  initiatingShiftId: string;
  metadata: { version: number };
}

function toRecord(trade: WireTrade): TradeRecord {
  return {
    id: trade.id,
    state: trade.state,
    version: trade.metadata.version,
    initiatingShiftId: trade.initiatingShiftId,
  };
}

function weekPath(plan: TradePlan): string {
  return `${ROOT}/${encodeURIComponent(plan.managementUnitId)}/weeks/${plan.weekDate}/shifttrades`;
}

export const genesysLegacy: Dialect = {
  name: 'genesys-legacy',
  createRequest(plan) {
    return {
      method: 'POST',
      path: weekPath(plan),
      // Real Genesys ignores unknown headers; the mock audits trades per legacy id with it (docs/mock-server.md).
      headers: { [LEGACY_ID_HEADER]: plan.legacyId },
      body:
        kindOf(plan) === 'one-sided'
          ? { scheduleId: plan.scheduleId, initiatingShiftId: plan.initiatingShiftId }
          : {
              scheduleId: plan.scheduleId,
              initiatingShiftId: plan.initiatingShiftId,
              receivingUserId: plan.receivingUserId,
            },
    };
  },
  spellsOneSided: true,
  parseTrade(response: HttpResponse) {
    return toRecord(response.body as WireTrade);
  },
  lookupRequest(plan) {
    return {
      method: 'GET',
      path: `${ROOT}/${encodeURIComponent(plan.managementUnitId)}/agents/${encodeURIComponent(plan.initiatingUserId)}/shifttrades`,
    };
  },
  findTrade(response, plan, tradeId) {
    const entities = ((response.body ?? {}) as { entities?: WireTrade[] }).entities ?? [];
    const found = entities.find((trade) =>
      tradeId !== undefined
        ? trade.id === tradeId
        : trade.initiatingShiftId === plan.initiatingShiftId && OPEN_OR_DONE_STATES.has(trade.state),
    );
    return found ? toRecord(found) : undefined;
  },
  matchRequest(plan, trade) {
    return {
      method: 'POST',
      path: `${weekPath(plan)}/${encodeURIComponent(trade.id)}/match`,
      body: {
        receivingScheduleId: plan.scheduleId,
        receivingShiftId: plan.receivingShiftId,
        metadata: { version: trade.version },
      },
    };
  },
  parseMatch(response) {
    const body = response.body as { trade: WireTrade; violations?: Array<{ type: string }> };
    return { trade: toRecord(body.trade), violations: (body.violations ?? []).map((v) => v.type) };
  },
  cancelRequest(plan, trade) {
    // Without forceAsync: the answer carries the entity's result (with it, only a notification would).
    return {
      method: 'POST',
      path: `${weekPath(plan)}/state/bulk`,
      body: { entities: [{ id: trade.id, state: 'Canceled', metadata: { version: trade.version } }] },
    };
  },
  cancelAnswer: bulkEntityAnswer,
  parseState(response) {
    const entity = response.body as BulkEntity;
    return { state: entity.state, version: entity.metadata.version };
  },
};

interface BulkEntity {
  id: string;
  state: string;
  failureReason?: string;
  metadata: { version: number };
}

/**
 * state/bulk answers 200 and refuses an entity with a failureReason. The one entity's outcome becomes
 * the answer a single write would have had, so a stale version counts as a 409 like anywhere else
 * (DESIGN "conflict rate … plus conflict errors inside job results"): VersionMismatch → 409,
 * ScheduleLocked → 409 with the lock message, TradeNotFound → 404, any other reason → 400.
 */
export function bulkEntityAnswer(response: HttpResponse): HttpResponse {
  if (response.status !== 200) return response;
  const entity = ((response.body ?? {}) as { result?: { entities?: BulkEntity[] } }).result?.entities?.[0];
  if (!entity)
    return { status: 0, headers: response.headers, body: { message: 'state/bulk answered without an entity' } };
  const reason = entity.failureReason;
  if (reason === undefined) return { status: 200, headers: response.headers, body: entity };
  const error = (status: number, message: string): HttpResponse => ({
    status,
    headers: response.headers,
    body: { status, code: reason, message },
  });
  if (reason === 'VersionMismatch') return error(409, `state/bulk: ${reason}`);
  if (reason === 'ScheduleLocked') return error(409, LOCKED_MESSAGE);
  return error(reason === 'TradeNotFound' ? 404 : 400, `state/bulk: ${reason}`);
}
