/**
 * Genesys Cloud legacy management-unit shift-trade routes (shared/reference/genesys-wfm.md):
 * create, match with metadata.version in the body, and the agent's trade list to re-read.
 */
import { LEGACY_ID_HEADER } from '../../contract/wire.ts';
import type { HttpResponse } from '../ports.ts';
import type { Dialect } from './dialect.ts';
import type { TradePlan, TradeRecord } from '../trade-plan.ts';
import { OPEN_OR_DONE_STATES } from '../trade-plan.ts';

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
      // Real Genesys ignores unknown headers; the mock audits trades per legacy id with it (README).
      headers: { [LEGACY_ID_HEADER]: plan.legacyId },
      body: {
        scheduleId: plan.scheduleId,
        initiatingShiftId: plan.initiatingShiftId,
        receivingUserId: plan.receivingUserId,
      },
    };
  },
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
};
