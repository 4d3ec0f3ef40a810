/**
 * The WFM world's state: versioned agent schedules (ScheduleBook) and trades, the shift-trading rules
 * and state machine, background pressures, audit log. Every operation checks and writes in one
 * synchronous step, so concurrent requests can never both pass a version check (Node runs one handler
 * at a time). No I/O, no clock reads: callers pass nowMs.
 */
import type { AuditReport, AuditSummary } from './audit.ts';
import { TradeTally, auditReport, auditSummary } from './audit.ts';
import { ClosingQueue, retentionConfig } from './retention.ts';
import type { RetentionConfig } from './retention.ts';
import type { DomainError, Result } from './errors.ts';
import { fail, ok } from './errors.ts';
import type { BackgroundResave, Pressure } from './pressures/pressure.ts';
import { ScheduleBook } from './schedule-book.ts';
import type { TradeReplica } from './replica.ts';
import type { AgentSchedule } from './schedule-book.ts';
import { TradeIndex, isOpen } from './trade-index.ts';
import type { Violation } from './trade-rules.ts';
import { createViolation, matchVerdict, weeksApart } from './trade-rules.ts';
import type { Agent, ManagementUnit, Schedule, Shift, ShiftTradingSettings, World } from './world.ts';
import { reviewTrade, type StateChangeInput } from './trade-review.ts';
import { JobQueue } from './jobs.ts';

export type { CreateTradeInput, MatchOutcome, MatchTradeInput, PatchTradeInput, Trade, TradeState } from './trade.ts';
import type { CreateTradeInput, MatchOutcome, MatchTradeInput, PatchTradeInput, Trade } from './trade.ts';

const NOTHING_DUE: readonly BackgroundResave[] = [];

export class WfmStore {
  readonly book: ScheduleBook;
  readonly trades = new Map<string, Trade>();
  readonly index = new TradeIndex();
  readonly units = new Map<string, ManagementUnit>();
  readonly agents = new Map<string, Agent>();
  private readonly schedulesById = new Map<string, Schedule>();
  /** Open trades with an expiration (the only ones advanceTo must look at). */
  private readonly expiring = new Set<Trade>();
  /** Insertion-ordered, so the oldest notification is the first key (dropped beyond maxOperations). */
  private readonly operations = new Map<string, unknown>();
  /** Closed trades in closing order, dropped past retention (retention.ts); each trade queued once. */
  private readonly closed = new ClosingQueue<Trade>();
  private readonly queuedClosed = new Set<Trade>();
  /** Tallies of dropped trades and approvals per shift: the audit stays exact after trades are dropped. */
  private readonly tally = new TradeTally();
  readonly retention: RetentionConfig;
  /** forceAsync jobs of the job-based routes (jobs.ts): run by advanceTo when due; ids from the entity-id stream. */
  readonly jobs = new JobQueue(() => this.newId());
  /** Stale reads (replica.ts): set by build-store.ts when the scenario turns them on; undefined costs writes nothing. */
  replica: TradeReplica | undefined;
  private advancedToMs: number;

  constructor(
    readonly world: World,
    readonly pressures: readonly Pressure[],
    startMs: number,
    private readonly newId: () => string,
    retention?: Partial<RetentionConfig>,
  ) {
    this.advancedToMs = startMs;
    this.retention = retentionConfig(retention);
    this.book = new ScheduleBook(world, this.retention.maxAuditEntries);
    this.jobs.retain(this.retention.finishedJobRetentionMs, this.retention.maxFinishedJobs);
    for (const unit of world.managementUnits) this.units.set(unit.id, unit);
    for (const agent of world.agents) this.agents.set(agent.id, agent);
    for (const schedule of world.schedules) this.schedulesById.set(schedule.id, schedule);
  }

  /**
   * Apply every background re-save, expiry and forceAsync job due by nowMs and return the re-saves (for metrics).
   * Moving the clock back applies nothing and undoes nothing.
   */
  advanceTo(nowMs: number): readonly BackgroundResave[] {
    if (!(nowMs > this.advancedToMs)) return NOTHING_DUE;
    this.expireTrades(nowMs);
    if (this.pressures.length === 0) {
      this.jobs.runDue(nowMs);
      this.advancedToMs = nowMs;
      this.retire(nowMs);
      return NOTHING_DUE;
    }
    const due = this.pressures.flatMap((p) => p.due(this.advancedToMs, nowMs)).sort((a, b) => a.atMs - b.atMs);
    for (const event of due) {
      // Jobs and re-saves in world-time order: a job due before a re-save runs before it (at a tie, after).
      this.jobs.runDue(event.atMs, false);
      this.resave(event);
    }
    this.jobs.runDue(nowMs);
    this.advancedToMs = nowMs;
    this.retire(nowMs);
    return due;
  }

  lockHolder(agentId: string, weekDate: string, nowMs: number): string | undefined {
    for (const pressure of this.pressures) {
      const holder = pressure.lockHolder(agentId, weekDate, nowMs);
      if (holder) return holder;
    }
    return undefined;
  }

  settingsOf(managementUnitId: string): ShiftTradingSettings | undefined {
    return this.units.get(managementUnitId)?.settings.shiftTrading;
  }

  scheduleById(scheduleId: string): Schedule | undefined {
    return this.schedulesById.get(scheduleId);
  }

  createTrade(input: CreateTradeInput, nowMs: number): Result<Trade> {
    const scope = this.checkScope(input.managementUnitId, input.weekDate, input.scheduleId);
    if ('error' in scope) return fail(scope);
    const owner = this.book.ownerOf(input.initiatingShiftId);
    const shift = this.book.shifts.get(input.initiatingShiftId);
    if (!owner || !shift || owner.managementUnitId !== input.managementUnitId || shift.weekDate !== input.weekDate) return fail({ error: 'not-found', entity: 'shift', id: input.initiatingShiftId });
    if (input.receivingUserId !== undefined && this.agents.get(input.receivingUserId)?.managementUnitId !== input.managementUnitId) return fail({ error: 'not-found', entity: 'user', id: input.receivingUserId });
    const locked = this.lockError(owner.agentId, shift.weekDate, nowMs);
    if (locked) return fail(locked);
    const settings = scope.settings;
    const violation = createViolation(settings, shift, nowMs) ?? this.windowViolation(settings, input.weekDate, nowMs);
    if (violation) return fail({ error: 'rule', rule: violation.type, message: ruleMessage(violation.type), id: shift.id });
    if (input.receivingUserId !== undefined && !settings.allowDirectTrades) return fail({ error: 'rule', rule: 'DirectTradeForOtherUser', message: ruleMessage('DirectTradeForOtherUser'), id: input.receivingUserId });
    if (input.receivingUserId === owner.agentId) return fail({ error: 'rule', rule: 'CannotTradeWithYourself', message: ruleMessage('CannotTradeWithYourself'), id: owner.agentId });
    const open = this.index.openTradeWithShift(shift.id);
    if (open) return fail({ error: 'shift-in-open-trade', shiftId: shift.id, tradeId: open.id });
    if (this.index.initiatedCount(owner.agentId, input.weekDate) >= settings.maxTradesPerAgentPerWeek) return fail({ error: 'rule', rule: 'MaxTradesPerAgentPerWeek', message: ruleMessage('MaxTradesPerAgentPerWeek'), id: owner.agentId });
    const trade: Trade = {
      id: this.newId(), managementUnitId: input.managementUnitId, businessUnitId: scope.schedule.businessUnitId, weekDate: input.weekDate, scheduleId: input.scheduleId,
      state: 'Unmatched', initiatingUserId: owner.agentId, initiatingShift: shift, adminReviewViolations: [], version: 0, createdMs: nowMs, modifiedMs: nowMs,
    };
    if (input.receivingUserId !== undefined) trade.receivingUserId = input.receivingUserId;
    if (input.expirationMs !== undefined) {
      trade.expirationMs = input.expirationMs;
      this.expiring.add(trade);
    }
    if (input.legacyId !== undefined) trade.legacyId = input.legacyId;
    if (input.acceptableIntervals !== undefined && input.acceptableIntervals.length > 0) trade.acceptableIntervals = [...input.acceptableIntervals];
    this.trades.set(trade.id, trade);
    this.index.added(trade);
    this.bumpTrade(trade, nowMs, 'client', 'create');
    return ok(trade);
  }

  /** Match as the receiving agent. Rule violations leave the trade untouched and are returned, not thrown. */
  matchTrade(tradeId: string, input: MatchTradeInput, nowMs: number): Result<MatchOutcome> {
    const trade = this.tradeIn(tradeId, input.managementUnitId, input.weekDate);
    if (!trade) return fail({ error: 'not-found', entity: 'trade', id: tradeId });
    const receivingSchedule = this.schedulesById.get(input.receivingScheduleId);
    if (!receivingSchedule || receivingSchedule.businessUnitId !== trade.businessUnitId) return fail({ error: 'not-found', entity: 'schedule', id: input.receivingScheduleId });
    const receiver = this.book.ownerOf(input.receivingShiftId);
    const receivingShift = this.book.shifts.get(input.receivingShiftId);
    if (!receiver || !receivingShift || receivingShift.weekDate !== receivingSchedule.weekDate || receiver.managementUnitId !== trade.managementUnitId) return fail({ error: 'not-found', entity: 'shift', id: input.receivingShiftId });
    const locked = this.lockError(trade.initiatingUserId, trade.weekDate, nowMs) ?? this.lockError(receiver.agentId, receivingShift.weekDate, nowMs);
    if (locked) return fail(locked);
    // The version is checked before the business rules: a stale match that lost a race to an approval
    // (after which the shifts have changed hands) is a 409 to re-read, not a permanent 400.
    if (input.version !== trade.version) return fail(this.versionMismatch(trade, input.version));
    if (trade.state !== 'Unmatched') return fail({ error: 'invalid-state', tradeId: trade.id, state: trade.state, action: 'match' });
    if (trade.receivingUserId !== undefined && trade.receivingUserId !== receiver.agentId) {
      return fail({ error: 'wrong-agent', shiftId: receivingShift.id, agentId: trade.receivingUserId });
    }
    const open = this.index.openTradeWithShift(receivingShift.id);
    if (open) return fail({ error: 'shift-in-open-trade', shiftId: receivingShift.id, tradeId: open.id });
    const verdict = this.verdictFor(trade, receiver.agentId, receivingShift, nowMs);
    if (verdict.violations.length > 0) return ok({ trade, ...verdict });

    trade.receivingUserId = receiver.agentId;
    trade.receivingShift = receivingShift;
    trade.state = 'Matched';
    trade.adminReviewViolations = verdict.adminReviewViolations;
    this.index.linked(trade);
    this.bumpTrade(trade, nowMs, 'client', 'match', input.version);
    if (this.settingsOf(trade.managementUnitId)?.autoReview && verdict.adminReviewViolations.length === 0) this.approve(trade, nowMs, 'auto-review');
    return ok({ trade, ...verdict });
  }

  /** Patch as the initiating agent: only an Unmatched trade, only with its current version. */
  patchTrade(tradeId: string, input: PatchTradeInput, nowMs: number): Result<Trade> {
    const trade = this.tradeIn(tradeId, input.managementUnitId, input.weekDate);
    if (!trade) return fail({ error: 'not-found', entity: 'trade', id: tradeId });
    if (typeof input.receivingUserId === 'string' && this.agents.get(input.receivingUserId)?.managementUnitId !== trade.managementUnitId) return fail({ error: 'not-found', entity: 'user', id: input.receivingUserId });
    const locked = this.lockError(trade.initiatingUserId, trade.weekDate, nowMs);
    if (locked) return fail(locked);
    if (input.version !== trade.version) return fail(this.versionMismatch(trade, input.version));
    if (trade.state !== 'Unmatched') return fail({ error: 'invalid-state', tradeId: trade.id, state: trade.state, action: 'patch' });
    if (input.receivingUserId === null) delete trade.receivingUserId;
    else if (input.receivingUserId !== undefined) trade.receivingUserId = input.receivingUserId;
    if (input.expirationMs === null) delete trade.expirationMs;
    else if (input.expirationMs !== undefined) {
      trade.expirationMs = input.expirationMs;
      this.expiring.add(trade);
    }
    if (input.acceptableIntervals !== undefined) trade.acceptableIntervals = [...input.acceptableIntervals];
    this.index.linked(trade);
    this.bumpTrade(trade, nowMs, 'client', 'patch', input.version);
    return ok(trade);
  }

  /** Change a trade's state as an administrator (state/bulk, state jobs): see trade-review.ts. */
  setTradeState(tradeId: string, input: StateChangeInput, nowMs: number): Result<Trade> {
    return reviewTrade(this, tradeId, input, nowMs);
  }

  /** A fresh id for an asynchronous operation (state/bulk with forceAsync), from the entity-id stream. */
  newOperationId(): string {
    return this.newId();
  }

  /** The notification an asynchronous operation would have sent (served by the control API). */
  recordOperation(operationId: string, notification: unknown): void {
    this.operations.set(operationId, notification);
    if (this.operations.size > this.retention.maxOperations) this.operations.delete(this.operations.keys().next().value as string);
  }

  operation(operationId: string): unknown {
    return this.operations.get(operationId);
  }

  tradeById(tradeId: string): Trade | undefined {
    return this.trades.get(tradeId);
  }

  tradesOfAgent(managementUnitId: string, agentId: string): Trade[] | undefined {
    if (this.agents.get(agentId)?.managementUnitId !== managementUnitId) return undefined;
    return this.index.tradesOfAgent(agentId);
  }

  tradesOfWeek(managementUnitId: string, weekDate: string): Trade[] {
    return this.index.tradesOfWeek(managementUnitId, weekDate);
  }

  agentSchedule(agentId: string, weekDate: string): AgentSchedule | undefined {
    return this.book.get(agentId, weekDate);
  }

  /** The version of the agent's schedule of that week (default: the world's first week). */
  agentScheduleVersion(agentId: string, weekDate = this.world.weeks[0] ?? ''): number | undefined {
    return this.book.get(agentId, weekDate)?.version;
  }

  /** Server truth (GET /__harness/audit): the audit log's running invariants, the trades and the tallies of dropped ones (audit.ts). */
  report(): AuditReport {
    return auditReport(this.book, this.trades.values(), this.tally);
  }

  /** The same without the version history (GET /__harness/audit?view=summary). */
  summary(): AuditSummary {
    return auditSummary(this.book, this.trades.values(), this.tally);
  }

  /** How much each growing store holds now (GET /__harness/stats; the bounds test). */
  sizes(): Record<string, number> {
    return { trades: this.trades.size, closedTrades: this.closed.size, jobs: this.jobs.size, auditEntries: this.book.audit.writes - this.book.audit.oldestSeq, operations: this.operations.size, expiring: this.expiring.size };
  }

  /** Swap the two shifts and re-save both agents' schedules; false when a shift changed hands meanwhile. */
  approve(trade: Trade, nowMs: number, by: string, sentVersion?: number): boolean {
    const receiverId = trade.receivingUserId;
    const receivingShift = trade.receivingShift;
    if (receiverId === undefined || !receivingShift) return false;
    if (this.book.ownerOf(trade.initiatingShift.id)?.agentId !== trade.initiatingUserId || this.book.ownerOf(receivingShift.id)?.agentId !== receiverId) return false;
    trade.state = 'Approved';
    this.index.approved(trade);
    this.tally.approved({ initiatingShift: trade.initiatingShift, receivingShift });
    trade.reviewedMs = nowMs;
    trade.reviewedBy = by;
    this.bumpTrade(trade, nowMs, by, 'approve', sentVersion);
    const toReceiver = this.book.moveShift(trade.initiatingShift, receiverId);
    const toInitiator = this.book.moveShift(receivingShift, trade.initiatingUserId);
    const touched = new Set([toReceiver, toInitiator, this.book.get(trade.initiatingUserId, trade.initiatingShift.weekDate), this.book.get(receiverId, receivingShift.weekDate)]);
    for (const schedule of touched) if (schedule) this.book.bump(schedule, nowMs, by, 'apply-trade');
    const weekDates = [...new Set([trade.initiatingShift.weekDate, receivingShift.weekDate])];
    for (const pressure of this.pressures) pressure.afterApprove?.({ initiatingUserId: trade.initiatingUserId, receivingUserId: receiverId, weekDates, atMs: nowMs });
    return true;
  }

  bumpTrade(trade: Trade, atMs: number, by: string, action: string, sentVersion?: number): void {
    this.book.log('trade', trade.id, trade.version, atMs, by, action, sentVersion);
    trade.version++;
    trade.modifiedMs = atMs;
    this.replica?.record(trade, atMs);
    if (!isOpen(trade) && !this.queuedClosed.has(trade)) {
      this.queuedClosed.add(trade);
      this.closed.push(trade, atMs);
      // The count bound holds even while the clock stands still (advanceTo only runs when it moves).
      if (this.closed.size > this.retention.maxClosedTrades) this.retire(Number.NEGATIVE_INFINITY);
    }
  }

  /** Drop closed trades past retention at nowMs (or beyond the count), with every index entry naming them. */
  private retire(nowMs: number): void {
    this.jobs.retire(nowMs);
    for (const trade of this.closed.drain(nowMs - this.retention.closedTradeRetentionMs, this.retention.maxClosedTrades)) {
      this.queuedClosed.delete(trade);
      this.tally.retired(trade);
      this.trades.delete(trade.id);
      this.index.forget(trade);
      this.replica?.forget(trade);
      this.expiring.delete(trade);
      this.book.audit.forget('trade', trade.id);
    }
  }

  lockError(agentId: string, weekDate: string, nowMs: number): DomainError | undefined {
    const holder = this.lockHolder(agentId, weekDate, nowMs);
    return holder ? { error: 'locked', entity: 'agentSchedule', id: agentId, holder } : undefined;
  }

  versionMismatch(trade: Trade, sentVersion: number): DomainError {
    return { error: 'version-mismatch', entity: 'trade', id: trade.id, currentVersion: trade.version, sentVersion };
  }

  tradeIn(tradeId: string, managementUnitId: string | undefined, weekDate: string): Trade | undefined {
    const trade = this.trades.get(tradeId);
    return trade && (managementUnitId === undefined || trade.managementUnitId === managementUnitId) && trade.weekDate === weekDate ? trade : undefined;
  }

  private verdictFor(trade: Trade, receiverId: string, receivingShift: Shift, nowMs: number): { violations: Violation[]; adminReviewViolations: Violation[] } {
    const settings = this.settingsOf(trade.managementUnitId);
    const initiator = this.agents.get(trade.initiatingUserId);
    const receiver = this.agents.get(receiverId);
    if (!settings || !initiator || !receiver) return { violations: [{ type: 'ReceivingAgentScheduleDoesNotExist', params: {} }], adminReviewViolations: [] };
    const verdict = matchVerdict({
      settings, initiator, receiver, initiatingShift: trade.initiatingShift, receivingShift, nowMs,
      initiatorOtherShifts: this.book.shiftsOfAgent(initiator.id, trade.initiatingShift.id),
      receiverOtherShifts: this.book.shiftsOfAgent(receiver.id, receivingShift.id),
    });
    if (weeksApart(trade.weekDate, receivingShift.weekDate) >= settings.maxTradeSpanWeeks) verdict.violations.push({ type: 'WeekScheduleDifferent', params: { maxTradeSpanWeeks: String(settings.maxTradeSpanWeeks) } });
    return verdict;
  }

  private windowViolation(settings: ShiftTradingSettings, weekDate: string, nowMs: number): Violation | undefined {
    const ahead = (Date.parse(weekDate) - nowMs) / (7 * 24 * 3_600_000);
    return ahead >= settings.tradingWindowWeeks ? { type: 'OutsideTradingWindow', params: { tradingWindowWeeks: String(settings.tradingWindowWeeks) } } : undefined;
  }

  private checkScope(managementUnitId: string, weekDate: string, scheduleId: string): DomainError | { settings: ShiftTradingSettings; schedule: Schedule } {
    const unit = this.units.get(managementUnitId);
    if (!unit) return { error: 'not-found', entity: 'managementUnit', id: managementUnitId };
    if (!this.world.weeks.includes(weekDate)) return { error: 'not-found', entity: 'week', id: weekDate };
    const schedule = this.schedulesById.get(scheduleId);
    if (!schedule || schedule.businessUnitId !== unit.businessUnitId || schedule.weekDate !== weekDate) return { error: 'not-found', entity: 'schedule', id: scheduleId };
    if (!schedule.published) return { error: 'rule', rule: 'WeekScheduleUnpublished', message: ruleMessage('WeekScheduleUnpublished'), id: scheduleId };
    return { settings: unit.settings.shiftTrading, schedule };
  }

  /** Unmatched or Matched trades whose expiration has passed become Expired (a background write). */
  private expireTrades(nowMs: number): void {
    if (this.expiring.size === 0) return;
    for (const trade of this.expiring) {
      if (!isOpen(trade) || trade.expirationMs === undefined) this.expiring.delete(trade);
      else if (trade.expirationMs <= nowMs) {
        this.expiring.delete(trade);
        trade.state = 'Expired';
        this.bumpTrade(trade, Math.max(trade.expirationMs, trade.modifiedMs), 'expiry', 'expire');
      }
    }
  }

  /** A background job re-saves the agent's schedules of some weeks and every open trade that touches them. */
  private resave(event: BackgroundResave): void {
    const weeks = event.weekDates;
    for (const schedule of this.book.weeksOf(event.agentId)) {
      if (!weeks || weeks.includes(schedule.weekDate)) this.book.bump(schedule, event.atMs, event.by, 'resave');
    }
    for (const trade of this.index.openTradesOfAgent(event.agentId)) {
      if (!weeks || weeks.includes(trade.weekDate)) this.bumpTrade(trade, event.atMs, event.by, 'resave');
    }
  }
}

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
