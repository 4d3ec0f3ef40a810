/**
 * The agents' trade writes (create, match, patch) and applying an approved swap. Each checks its guards
 * (trade-guards.ts) in order and then writes, in one synchronous step, so concurrent requests can never
 * both pass a version check (Node runs one handler at a time). Refusals are returned, never thrown.
 */
import type { Result } from './errors.ts';
import { fail, ok } from './errors.ts';
import type { StoreParts } from './store-parts.ts';
import {
  createScope,
  directTradesOff,
  directedElsewhere,
  notUnmatched,
  receiverOutsideUnit,
  scheduleLocked,
  shiftInOpenTrade,
  shiftNotFound,
  shiftOutsideScope,
  staleVersion,
  tradeWithYourself,
  tradingClosed,
  weeklyCapReached,
} from './trade-guards.ts';
import type { MatchVerdict } from './trade-rules.ts';
import { matchVerdict, weeksApart } from './trade-rules.ts';
import type { CreateTradeInput, MatchOutcome, MatchTradeInput, PatchTradeInput, Trade } from './trade.ts';
import type { Shift } from './world.ts';

/**
 * Guards, in order: the unit, week and schedule (createScope) → the initiating shift is there → the
 * receiving user is of the unit → the lock → trading is open for the shift and week → direct trades
 * allowed → not with yourself → the shift is in no open trade → the weekly cap.
 */
export function createTrade(parts: StoreParts, input: CreateTradeInput, nowMs: number): Result<Trade> {
  const scope = createScope(parts, input.managementUnitId, input.weekDate, input.scheduleId);
  if ('error' in scope) return fail(scope);
  const owner = parts.book.ownerOf(input.initiatingShiftId);
  const shift = parts.book.shifts.get(input.initiatingShiftId);
  if (!owner || !shift) return fail(shiftNotFound(input.initiatingShiftId));
  const { settings } = scope;
  const refusal =
    shiftOutsideScope(owner, shift, input.managementUnitId, input.weekDate) ??
    receiverOutsideUnit(parts.org, input.receivingUserId, input.managementUnitId) ??
    scheduleLocked(parts, owner.agentId, shift.weekDate, nowMs) ??
    tradingClosed(settings, shift, input.weekDate, nowMs) ??
    directTradesOff(settings, input.receivingUserId) ??
    tradeWithYourself(owner.agentId, input.receivingUserId) ??
    shiftInOpenTrade(parts.ledger, shift.id) ??
    weeklyCapReached(parts.ledger, settings, owner.agentId, input.weekDate);
  if (refusal) return fail(refusal);
  const trade: Trade = {
    id: parts.newId(),
    managementUnitId: input.managementUnitId,
    businessUnitId: scope.schedule.businessUnitId,
    weekDate: input.weekDate,
    scheduleId: input.scheduleId,
    state: 'Unmatched',
    initiatingUserId: owner.agentId,
    initiatingShift: shift,
    adminReviewViolations: [],
    version: 0,
    createdMs: nowMs,
    modifiedMs: nowMs,
  };
  if (input.receivingUserId !== undefined) trade.receivingUserId = input.receivingUserId;
  if (input.expirationMs !== undefined) {
    trade.expirationMs = input.expirationMs;
    parts.ledger.watchExpiry(trade);
  }
  if (input.legacyId !== undefined) trade.legacyId = input.legacyId;
  if (input.acceptableIntervals !== undefined && input.acceptableIntervals.length > 0)
    trade.acceptableIntervals = [...input.acceptableIntervals];
  parts.ledger.add(trade, nowMs);
  return ok(trade);
}

/**
 * Match as the receiving agent. Guards, in order: the trade → the receiving schedule → the receiving
 * shift is there → both locks → the version → Unmatched → not directed at someone else → the shift is in
 * no open trade; then the rules' verdict, whose violations leave the trade untouched and are returned.
 * The version is checked before the business rules: a stale match that lost a race to an approval (after
 * which the shifts have changed hands) is a 409 to re-read, not a permanent 400.
 */
export function matchTrade(
  parts: StoreParts,
  tradeId: string,
  input: MatchTradeInput,
  nowMs: number,
): Result<MatchOutcome> {
  const trade = parts.ledger.tradeIn(tradeId, input.managementUnitId, input.weekDate);
  if (!trade) return fail({ error: 'not-found', entity: 'trade', id: tradeId });
  const receivingSchedule = parts.org.schedule(input.receivingScheduleId);
  if (!receivingSchedule || receivingSchedule.businessUnitId !== trade.businessUnitId)
    return fail({ error: 'not-found', entity: 'schedule', id: input.receivingScheduleId });
  const receiver = parts.book.ownerOf(input.receivingShiftId);
  const receivingShift = parts.book.shifts.get(input.receivingShiftId);
  if (!receiver || !receivingShift) return fail(shiftNotFound(input.receivingShiftId));
  const refusal =
    shiftOutsideScope(receiver, receivingShift, trade.managementUnitId, receivingSchedule.weekDate) ??
    scheduleLocked(parts, trade.initiatingUserId, trade.weekDate, nowMs) ??
    scheduleLocked(parts, receiver.agentId, receivingShift.weekDate, nowMs) ??
    staleVersion(trade, input.version) ??
    notUnmatched(trade, 'match') ??
    directedElsewhere(trade, receiver.agentId, receivingShift.id) ??
    shiftInOpenTrade(parts.ledger, receivingShift.id);
  if (refusal) return fail(refusal);
  const verdict = matchVerdictFor(parts, trade, receiver.agentId, receivingShift, nowMs);
  if (verdict.violations.length > 0) return ok({ trade, ...verdict });

  trade.receivingUserId = receiver.agentId;
  trade.receivingShift = receivingShift;
  trade.state = 'Matched';
  trade.adminReviewViolations = verdict.adminReviewViolations;
  parts.ledger.index.linked(trade);
  parts.ledger.bump(trade, nowMs, 'client', 'match', input.version);
  if (parts.org.settingsOf(trade.managementUnitId)?.autoReview && verdict.adminReviewViolations.length === 0)
    approve(parts, trade, nowMs, 'auto-review');
  return ok({ trade, ...verdict });
}

/** Patch as the initiating agent. Guards, in order: the trade → the receiving user → the lock → the version → Unmatched. */
export function patchTrade(parts: StoreParts, tradeId: string, input: PatchTradeInput, nowMs: number): Result<Trade> {
  const trade = parts.ledger.tradeIn(tradeId, input.managementUnitId, input.weekDate);
  if (!trade) return fail({ error: 'not-found', entity: 'trade', id: tradeId });
  const refusal =
    receiverOutsideUnit(parts.org, input.receivingUserId, trade.managementUnitId) ??
    scheduleLocked(parts, trade.initiatingUserId, trade.weekDate, nowMs) ??
    staleVersion(trade, input.version) ??
    notUnmatched(trade, 'patch');
  if (refusal) return fail(refusal);
  if (input.receivingUserId === null) delete trade.receivingUserId;
  else if (input.receivingUserId !== undefined) trade.receivingUserId = input.receivingUserId;
  if (input.expirationMs === null) delete trade.expirationMs;
  else if (input.expirationMs !== undefined) {
    trade.expirationMs = input.expirationMs;
    parts.ledger.watchExpiry(trade);
  }
  if (input.acceptableIntervals !== undefined) trade.acceptableIntervals = [...input.acceptableIntervals];
  parts.ledger.index.linked(trade);
  parts.ledger.bump(trade, nowMs, 'client', 'patch', input.version);
  return ok(trade);
}

/** Swap the two shifts and re-save both agents' schedules; false when a shift changed hands meanwhile. */
export function approve(parts: StoreParts, trade: Trade, nowMs: number, by: string, sentVersion?: number): boolean {
  const { book } = parts;
  const receiverId = trade.receivingUserId;
  const receivingShift = trade.receivingShift;
  if (receiverId === undefined || !receivingShift) return false;
  if (
    book.ownerOf(trade.initiatingShift.id)?.agentId !== trade.initiatingUserId ||
    book.ownerOf(receivingShift.id)?.agentId !== receiverId
  )
    return false;
  trade.state = 'Approved';
  parts.ledger.approved(trade, receivingShift);
  trade.reviewedMs = nowMs;
  trade.reviewedBy = by;
  parts.ledger.bump(trade, nowMs, by, 'approve', sentVersion);
  const toReceiver = book.moveShift(trade.initiatingShift, receiverId);
  const toInitiator = book.moveShift(receivingShift, trade.initiatingUserId);
  // Each touched schedule re-saved once, in this order (first occurrences; no Set per approval).
  const touched = [
    toReceiver,
    toInitiator,
    book.get(trade.initiatingUserId, trade.initiatingShift.weekDate),
    book.get(receiverId, receivingShift.weekDate),
  ];
  for (let i = 0; i < touched.length; i++) {
    const schedule = touched[i];
    if (schedule && touched.indexOf(schedule) === i) book.bump(schedule, nowMs, by, 'apply-trade');
  }
  if (parts.pressures.length === 0) return true;
  const initiatingWeek = trade.initiatingShift.weekDate;
  const weekDates =
    initiatingWeek === receivingShift.weekDate ? [initiatingWeek] : [initiatingWeek, receivingShift.weekDate];
  for (const pressure of parts.pressures)
    pressure.afterApprove?.({
      initiatingUserId: trade.initiatingUserId,
      receivingUserId: receiverId,
      weekDates,
      atMs: nowMs,
    });
  return true;
}

/** The unit's rules on `receiverId` giving `receivingShift` for the trade's initiating shift; undefined when
 * the unit or a party is unknown. */
export function rulesVerdict(
  parts: Pick<StoreParts, 'org' | 'book'>,
  trade: Trade,
  receiverId: string,
  receivingShift: Shift,
  nowMs: number,
): MatchVerdict | undefined {
  const settings = parts.org.settingsOf(trade.managementUnitId);
  const initiator = parts.org.agent(trade.initiatingUserId);
  const receiver = parts.org.agent(receiverId);
  if (!settings || !initiator || !receiver) return undefined;
  try {
    return matchVerdict({
      settings,
      initiator,
      receiver,
      initiatingShift: trade.initiatingShift,
      receivingShift,
      nowMs,
      initiatorOtherShifts: parts.book.shiftsOfAgent(initiator.id, trade.initiatingShift.id, initiatorOthers),
      receiverOtherShifts: parts.book.shiftsOfAgent(receiver.id, receivingShift.id, receiverOthers),
    });
  } finally {
    initiatorOthers.length = 0;
    receiverOthers.length = 0;
  }
}

/**
 * The two parties' other shifts during one rulesVerdict call, refilled by each: matchVerdict only walks
 * them (synchronously, keeping no reference), and they are emptied before the call returns, so no call
 * and no run sees another's shifts. Two arrays of all of an agent's shifts per match were the garbage.
 */
const initiatorOthers: Shift[] = [];
const receiverOthers: Shift[] = [];

/** A match's verdict: the rules', plus the span between the two shifts' weeks. */
function matchVerdictFor(
  parts: StoreParts,
  trade: Trade,
  receiverId: string,
  receivingShift: Shift,
  nowMs: number,
): MatchVerdict {
  const settings = parts.org.settingsOf(trade.managementUnitId);
  const verdict = rulesVerdict(parts, trade, receiverId, receivingShift, nowMs);
  if (!settings || !verdict)
    return { violations: [{ type: 'ReceivingAgentScheduleDoesNotExist', params: {} }], adminReviewViolations: [] };
  if (weeksApart(trade.weekDate, receivingShift.weekDate) >= settings.maxTradeSpanWeeks)
    verdict.violations.push({
      type: 'WeekScheduleDifferent',
      params: { maxTradeSpanWeeks: String(settings.maxTradeSpanWeeks) },
    });
  return verdict;
}
