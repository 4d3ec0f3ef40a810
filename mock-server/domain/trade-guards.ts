/**
 * The guards of the trade writes, by name: each answers the refusal it stands for, or undefined.
 * The operations (trade-operations.ts, trade-review.ts) call them in their documented order, chained
 * with `??`, so the first guard that refuses decides and no later one runs; plain functions over what
 * the operation already looked up, so a write allocates nothing to be checked.
 */
import type { DomainError } from './errors.ts';
import type { OrgDirectory } from './org-directory.ts';
import type { AgentSchedule } from './schedule-book.ts';
import { lockHolder } from './store-parts.ts';
import type { StoreParts } from './store-parts.ts';
import type { TradeLedger } from './trade-ledger.ts';
import { createViolation } from './trade-rules.ts';
import type { Violation } from './trade-rules.ts';
import type { Trade } from './trade.ts';
import type { Schedule, Shift, ShiftTradingSettings } from './world.ts';

const RULE_MESSAGES: Record<string, string> = {
  ShiftTradingNotEnabled: 'Shift trading is not enabled for this management unit',
  InitiatingShiftStartTooClose: 'The shift starts too soon to be traded (minHoursInFuture)',
  OutsideTradingWindow: 'The week is outside the shift trading window',
  DirectTradeForOtherUser: 'Direct trades are not allowed in this management unit',
  CannotTradeWithYourself: 'An agent cannot trade with themselves',
  MaxTradesPerAgentPerWeek: 'The agent has reached the maximum number of trades for this week',
  WeekScheduleUnpublished: 'The week schedule is not published',
};

export function ruleMessage(rule: string): string {
  return RULE_MESSAGES[rule] ?? rule;
}

function ruleRefusal(rule: string, id: string): DomainError {
  return { error: 'rule', rule, message: ruleMessage(rule), id };
}

/** What a create is scoped to, once its unit, week and schedule are found and belong together. */
export interface CreateScope {
  settings: ShiftTradingSettings;
  schedule: Schedule;
}

/** A create's scope: the unit exists → the week exists → the schedule is the unit's business unit's, of that week → it is published. */
export function createScope(
  parts: Pick<StoreParts, 'org'>,
  managementUnitId: string,
  weekDate: string,
  scheduleId: string,
): DomainError | CreateScope {
  const unit = parts.org.unit(managementUnitId);
  if (!unit) return { error: 'not-found', entity: 'managementUnit', id: managementUnitId };
  if (!parts.org.hasWeek(weekDate)) return { error: 'not-found', entity: 'week', id: weekDate };
  const schedule = parts.org.schedule(scheduleId);
  if (!schedule || schedule.businessUnitId !== unit.businessUnitId || schedule.weekDate !== weekDate)
    return { error: 'not-found', entity: 'schedule', id: scheduleId };
  if (!schedule.published) return ruleRefusal('WeekScheduleUnpublished', scheduleId);
  return { settings: unit.settings.shiftTrading, schedule };
}

export function shiftNotFound(shiftId: string): DomainError {
  return { error: 'not-found', entity: 'shift', id: shiftId };
}

/** The shift's holder is an agent of the unit, and the shift is of the week named (else it is not found there). */
export function shiftOutsideScope(
  owner: AgentSchedule,
  shift: Shift,
  managementUnitId: string,
  weekDate: string,
): DomainError | undefined {
  return owner.managementUnitId !== managementUnitId || shift.weekDate !== weekDate
    ? shiftNotFound(shift.id)
    : undefined;
}

/** A receiving user named (a string: null and undefined name nobody) must be an agent of the unit. */
export function receiverOutsideUnit(
  org: OrgDirectory,
  receivingUserId: string | null | undefined,
  managementUnitId: string,
): DomainError | undefined {
  return typeof receivingUserId === 'string' && org.agent(receivingUserId)?.managementUnitId !== managementUnitId
    ? { error: 'not-found', entity: 'user', id: receivingUserId }
    : undefined;
}

/** A background process holds the agent's schedule of that week. */
export function scheduleLocked(
  parts: Pick<StoreParts, 'pressures'>,
  agentId: string,
  weekDate: string,
  nowMs: number,
): DomainError | undefined {
  const holder = lockHolder(parts, agentId, weekDate, nowMs);
  return holder ? { error: 'locked', entity: 'agentSchedule', id: agentId, holder } : undefined;
}

/** The version sent is not the trade's current one. */
export function staleVersion(trade: Trade, sentVersion: number): DomainError | undefined {
  return sentVersion !== trade.version
    ? { error: 'version-mismatch', entity: 'trade', id: trade.id, currentVersion: trade.version, sentVersion }
    : undefined;
}

/** Only an Unmatched trade may be matched or patched. */
export function notUnmatched(trade: Trade, action: 'match' | 'patch'): DomainError | undefined {
  return trade.state !== 'Unmatched'
    ? { error: 'invalid-state', tradeId: trade.id, state: trade.state, action }
    : undefined;
}

function outsideWindow(settings: ShiftTradingSettings, weekDate: string, nowMs: number): Violation | undefined {
  const ahead = (Date.parse(weekDate) - nowMs) / (7 * 24 * 3_600_000);
  return ahead >= settings.tradingWindowWeeks
    ? { type: 'OutsideTradingWindow', params: { tradingWindowWeeks: String(settings.tradingWindowWeeks) } }
    : undefined;
}

/** Trading is off, the shift starts too soon (trade-rules.ts createViolation), or the week is beyond the trading window. */
export function tradingClosed(
  settings: ShiftTradingSettings,
  shift: Shift,
  weekDate: string,
  nowMs: number,
): DomainError | undefined {
  const violation = createViolation(settings, shift, nowMs) ?? outsideWindow(settings, weekDate, nowMs);
  return violation ? ruleRefusal(violation.type, shift.id) : undefined;
}

/** A trade directed at a user needs the unit to allow direct trades. */
export function directTradesOff(
  settings: ShiftTradingSettings,
  receivingUserId: string | undefined,
): DomainError | undefined {
  return receivingUserId !== undefined && !settings.allowDirectTrades
    ? ruleRefusal('DirectTradeForOtherUser', receivingUserId)
    : undefined;
}

export function tradeWithYourself(initiatorId: string, receivingUserId: string | undefined): DomainError | undefined {
  return receivingUserId === initiatorId ? ruleRefusal('CannotTradeWithYourself', initiatorId) : undefined;
}

/** At most one open trade holds a shift. */
export function shiftInOpenTrade(ledger: TradeLedger, shiftId: string): DomainError | undefined {
  const open = ledger.index.openTradeWithShift(shiftId);
  return open ? { error: 'shift-in-open-trade', shiftId, tradeId: open.id } : undefined;
}

/** The agent already initiated maxTradesPerAgentPerWeek open or approved trades that week. */
export function weeklyCapReached(
  ledger: TradeLedger,
  settings: ShiftTradingSettings,
  agentId: string,
  weekDate: string,
): DomainError | undefined {
  return ledger.index.initiatedCount(agentId, weekDate) >= settings.maxTradesPerAgentPerWeek
    ? ruleRefusal('MaxTradesPerAgentPerWeek', agentId)
    : undefined;
}

/** A trade directed at a user can only be matched by that user. */
export function directedElsewhere(trade: Trade, receiverId: string, receivingShiftId: string): DomainError | undefined {
  return trade.receivingUserId !== undefined && trade.receivingUserId !== receiverId
    ? { error: 'wrong-agent', shiftId: receivingShiftId, agentId: trade.receivingUserId }
    : undefined;
}
