/**
 * The WFM world's state: versioned agent schedules and trades, background pressures, audit log.
 * Every operation checks and writes in one synchronous step, so concurrent requests can never both
 * pass a version check (Node runs one handler at a time). No I/O, no clock reads: callers pass nowMs.
 */
import type { AuditEntry, AuditReport } from './audit.ts';
import { checkVersions, versionHistory } from './audit.ts';
import type { DomainError, Result } from './errors.ts';
import { fail, ok } from './errors.ts';
import type { BackgroundResave, Pressure } from './pressures/pressure.ts';
import type { Shift, World } from './world.ts';
import { TradeIndex } from './trade-index.ts';

export type TradeState = 'Unmatched' | 'Matched' | 'Approved' | 'Denied' | 'Expired' | 'Canceled';

export interface Trade {
  id: string;
  managementUnitId: string;
  weekDate: string;
  scheduleId: string;
  state: TradeState;
  initiatingUserId: string;
  initiatingShift: Shift;
  receivingUserId?: string;
  receivingShift?: Shift;
  version: number;
  createdMs: number;
  modifiedMs: number;
  reviewedMs?: number;
}

interface AgentSchedule {
  agentId: string;
  managementUnitId: string;
  version: number;
  shiftIds: Set<string>;
}

const NOTHING_DUE: readonly BackgroundResave[] = [];

export interface CreateTradeInput {
  managementUnitId: string;
  weekDate: string;
  scheduleId: string;
  initiatingShiftId: string;
  receivingUserId?: string;
}

export interface MatchTradeInput {
  managementUnitId: string;
  weekDate: string;
  receivingScheduleId: string;
  receivingShiftId: string;
  version: number;
}

export interface PatchTradeInput {
  managementUnitId: string;
  weekDate: string;
  version: number;
  /** undefined leaves it; null makes the trade open to anyone. */
  receivingUserId?: string | null;
}

export class WfmStore {
  private readonly schedules = new Map<string, AgentSchedule>();
  private readonly shifts = new Map<string, Shift>();
  private readonly trades = new Map<string, Trade>();
  private readonly index = new TradeIndex();
  /** Which agent schedule holds each shift now (kept with AgentSchedule.shiftIds, which the report checks). */
  private readonly shiftOwners = new Map<string, AgentSchedule>();
  private readonly audit: AuditEntry[] = [];
  private readonly rejections: Record<string, number> = {};
  private advancedToMs: number;

  constructor(
    readonly world: World,
    private readonly pressures: readonly Pressure[],
    startMs: number,
    private readonly newId: () => string,
  ) {
    this.advancedToMs = startMs;
    for (const agent of world.agents) {
      const schedule: AgentSchedule = { agentId: agent.id, managementUnitId: agent.managementUnitId, version: 1, shiftIds: new Set(agent.shifts.map((s) => s.id)) };
      this.schedules.set(agent.id, schedule);
      for (const shift of agent.shifts) {
        this.shifts.set(shift.id, shift);
        if (!this.shiftOwners.has(shift.id)) this.shiftOwners.set(shift.id, schedule);
      }
    }
  }

  /**
   * Apply every background re-save due by nowMs and return them (for metrics). Moving the clock back
   * applies nothing and undoes nothing.
   */
  advanceTo(nowMs: number): readonly BackgroundResave[] {
    if (!(nowMs > this.advancedToMs)) return NOTHING_DUE;
    if (this.pressures.length === 0) {
      this.advancedToMs = nowMs;
      return NOTHING_DUE;
    }
    const due = this.pressures.flatMap((p) => p.due(this.advancedToMs, nowMs)).sort((a, b) => a.atMs - b.atMs);
    for (const event of due) this.resaveAgent(event.agentId, event.atMs, event.by);
    this.advancedToMs = nowMs;
    return due;
  }

  lockHolder(agentId: string, nowMs: number): string | undefined {
    for (const pressure of this.pressures) {
      const holder = pressure.lockHolder(agentId, nowMs);
      if (holder) return holder;
    }
    return undefined;
  }

  createTrade(input: CreateTradeInput, nowMs: number): Result<Trade> {
    const scope = this.checkScope(input.managementUnitId, input.weekDate, input.scheduleId);
    if (scope) return fail(scope);
    const owner = this.ownerOf(input.initiatingShiftId);
    const shift = this.shifts.get(input.initiatingShiftId);
    if (!owner || !shift || owner.managementUnitId !== input.managementUnitId) return fail({ error: 'not-found', entity: 'shift', id: input.initiatingShiftId });
    if (input.receivingUserId !== undefined && !this.schedules.has(input.receivingUserId)) return fail({ error: 'not-found', entity: 'user', id: input.receivingUserId });
    const locked = this.lockError(owner.agentId, nowMs);
    if (locked) return fail(locked);
    const open = this.openTradeWithShift(shift.id);
    if (open) return fail({ error: 'shift-in-open-trade', shiftId: shift.id, tradeId: open.id });
    const trade: Trade = {
      id: this.newId(), managementUnitId: input.managementUnitId, weekDate: input.weekDate, scheduleId: input.scheduleId,
      state: 'Unmatched', initiatingUserId: owner.agentId, initiatingShift: shift, version: 0, createdMs: nowMs, modifiedMs: nowMs,
    };
    if (input.receivingUserId !== undefined) trade.receivingUserId = input.receivingUserId;
    this.trades.set(trade.id, trade);
    this.index.added(trade);
    this.bumpTrade(trade, nowMs, 'client', 'create');
    return ok(trade);
  }

  /** Match as the receiving agent. Violations leave the trade untouched and are returned, not thrown. */
  matchTrade(tradeId: string, input: MatchTradeInput, nowMs: number): Result<{ trade: Trade; violations: string[] }> {
    const trade = this.tradeIn(tradeId, input.managementUnitId, input.weekDate);
    if (!trade) return fail({ error: 'not-found', entity: 'trade', id: tradeId });
    if (input.receivingScheduleId !== trade.scheduleId) return fail({ error: 'not-found', entity: 'schedule', id: input.receivingScheduleId });
    const receiver = this.ownerOf(input.receivingShiftId);
    const receivingShift = this.shifts.get(input.receivingShiftId);
    if (!receiver || !receivingShift) return fail({ error: 'not-found', entity: 'shift', id: input.receivingShiftId });
    const locked = this.lockError(trade.initiatingUserId, nowMs) ?? this.lockError(receiver.agentId, nowMs);
    if (locked) return fail(locked);
    // The version is checked before the business rules: a stale match that lost a race to an approval
    // (after which the shifts have changed hands) is a 409 to re-read, not a permanent 400.
    if (input.version !== trade.version) {
      return fail({ error: 'version-mismatch', entity: 'trade', id: trade.id, currentVersion: trade.version, sentVersion: input.version });
    }
    if (trade.receivingUserId !== undefined && trade.receivingUserId !== receiver.agentId) {
      return fail({ error: 'wrong-agent', shiftId: receivingShift.id, agentId: trade.receivingUserId });
    }
    if (trade.state !== 'Unmatched') return fail({ error: 'invalid-state', tradeId: trade.id, state: trade.state, action: 'match' });
    const open = this.openTradeWithShift(receivingShift.id);
    if (open) return fail({ error: 'shift-in-open-trade', shiftId: receivingShift.id, tradeId: open.id });
    if (receivingShift.lengthMinutes !== trade.initiatingShift.lengthMinutes) return ok({ trade, violations: ['UnequalPaidTime'] });

    trade.receivingUserId = receiver.agentId;
    trade.receivingShift = receivingShift;
    trade.state = 'Matched';
    this.index.linked(trade);
    this.bumpTrade(trade, nowMs, 'client', 'match', input.version);
    this.approve(trade, nowMs);
    return ok({ trade, violations: [] });
  }

  /** Patch as the initiating agent: only an Unmatched trade, only with its current version. */
  patchTrade(tradeId: string, input: PatchTradeInput, nowMs: number): Result<Trade> {
    const trade = this.tradeIn(tradeId, input.managementUnitId, input.weekDate);
    if (!trade) return fail({ error: 'not-found', entity: 'trade', id: tradeId });
    if (typeof input.receivingUserId === 'string' && !this.schedules.has(input.receivingUserId)) return fail({ error: 'not-found', entity: 'user', id: input.receivingUserId });
    const locked = this.lockError(trade.initiatingUserId, nowMs);
    if (locked) return fail(locked);
    if (input.version !== trade.version) {
      return fail({ error: 'version-mismatch', entity: 'trade', id: trade.id, currentVersion: trade.version, sentVersion: input.version });
    }
    if (trade.state !== 'Unmatched') return fail({ error: 'invalid-state', tradeId: trade.id, state: trade.state, action: 'patch' });
    if (input.receivingUserId === null) delete trade.receivingUserId;
    else if (input.receivingUserId !== undefined) trade.receivingUserId = input.receivingUserId;
    this.index.linked(trade);
    this.bumpTrade(trade, nowMs, 'client', 'patch', input.version);
    return ok(trade);
  }

  tradesOfAgent(managementUnitId: string, agentId: string): Trade[] | undefined {
    const schedule = this.schedules.get(agentId);
    if (!schedule || schedule.managementUnitId !== managementUnitId) return undefined;
    return this.index.tradesOfAgent(agentId);
  }

  tradesOfWeek(managementUnitId: string, weekDate: string): Trade[] {
    return this.index.tradesOfWeek(managementUnitId, weekDate);
  }

  agentScheduleVersion(agentId: string): number | undefined {
    return this.schedules.get(agentId)?.version;
  }

  countRejection(cause: string): void {
    this.rejections[cause] = (this.rejections[cause] ?? 0) + 1;
  }

  report(): AuditReport {
    const { nonMonotonic, lostUpdates } = checkVersions(this.audit);
    const writesBy: Record<string, number> = {};
    for (const entry of this.audit) writesBy[entry.by] = (writesBy[entry.by] ?? 0) + 1;
    const tradesByState: Record<string, number> = {};
    const approvedPerShift = new Map<string, number>();
    for (const trade of this.trades.values()) {
      tradesByState[trade.state] = (tradesByState[trade.state] ?? 0) + 1;
      if (trade.state !== 'Approved') continue;
      for (const shift of [trade.initiatingShift, trade.receivingShift]) {
        if (shift) approvedPerShift.set(shift.id, (approvedPerShift.get(shift.id) ?? 0) + 1);
      }
    }
    const owners = new Map<string, number>();
    for (const schedule of this.schedules.values()) for (const id of schedule.shiftIds) owners.set(id, (owners.get(id) ?? 0) + 1);
    return {
      writes: this.audit.length,
      writesBy,
      nonMonotonicVersions: nonMonotonic,
      lostUpdates,
      shiftsTradedTwice: [...approvedPerShift].filter(([, n]) => n > 1).map(([id]) => id),
      doubleBookedShifts: [...owners].filter(([, n]) => n > 1).map(([id]) => id),
      tradesByState,
      rejections: { ...this.rejections },
      versionHistory: versionHistory(this.audit),
    };
  }

  private approve(trade: Trade, nowMs: number): void {
    const initiator = this.schedules.get(trade.initiatingUserId);
    const receiver = trade.receivingUserId === undefined ? undefined : this.schedules.get(trade.receivingUserId);
    if (!initiator || !receiver || !trade.receivingShift) return;
    trade.state = 'Approved';
    trade.reviewedMs = nowMs;
    this.bumpTrade(trade, nowMs, 'auto-review', 'approve');
    initiator.shiftIds.delete(trade.initiatingShift.id);
    receiver.shiftIds.delete(trade.receivingShift.id);
    initiator.shiftIds.add(trade.receivingShift.id);
    receiver.shiftIds.add(trade.initiatingShift.id);
    this.shiftOwners.set(trade.receivingShift.id, initiator);
    this.shiftOwners.set(trade.initiatingShift.id, receiver);
    this.bumpSchedule(initiator, nowMs, 'auto-review', 'apply-trade');
    this.bumpSchedule(receiver, nowMs, 'auto-review', 'apply-trade');
  }

  /** A background job re-saves the agent's schedule and every open trade that touches it. */
  private resaveAgent(agentId: string, atMs: number, by: string): void {
    const schedule = this.schedules.get(agentId);
    if (!schedule) return;
    this.bumpSchedule(schedule, atMs, by, 'resave');
    for (const trade of this.index.openTradesOfAgent(agentId)) this.bumpTrade(trade, atMs, by, 'resave');
  }

  private bumpTrade(trade: Trade, atMs: number, by: string, action: string, sentVersion?: number): void {
    this.log('trade', trade.id, trade.version, atMs, by, action, sentVersion);
    trade.version++;
    trade.modifiedMs = atMs;
  }

  private bumpSchedule(schedule: AgentSchedule, atMs: number, by: string, action: string): void {
    this.log('agentSchedule', schedule.agentId, schedule.version, atMs, by, action);
    schedule.version++;
  }

  private log(entityType: AuditEntry['entityType'], entityId: string, fromVersion: number, atMs: number, by: string, action: string, sentVersion?: number): void {
    const entry: AuditEntry = { seq: this.audit.length, atMs, entityType, entityId, fromVersion, toVersion: fromVersion + 1, by, action };
    if (sentVersion !== undefined) entry.sentVersion = sentVersion;
    this.audit.push(entry);
  }

  private checkScope(managementUnitId: string, weekDate: string, scheduleId: string): DomainError | undefined {
    if (!this.world.managementUnits.some((u) => u.id === managementUnitId)) return { error: 'not-found', entity: 'managementUnit', id: managementUnitId };
    if (weekDate !== this.world.weekDate) return { error: 'not-found', entity: 'week', id: weekDate };
    if (scheduleId !== this.world.scheduleId) return { error: 'not-found', entity: 'schedule', id: scheduleId };
    return undefined;
  }

  private tradeIn(tradeId: string, managementUnitId: string, weekDate: string): Trade | undefined {
    const trade = this.trades.get(tradeId);
    return trade && trade.managementUnitId === managementUnitId && trade.weekDate === weekDate ? trade : undefined;
  }

  private ownerOf(shiftId: string): AgentSchedule | undefined {
    return this.shiftOwners.get(shiftId);
  }

  private openTradeWithShift(shiftId: string): Trade | undefined {
    return this.index.openTradeWithShift(shiftId);
  }

  private lockError(agentId: string, nowMs: number): DomainError | undefined {
    const holder = this.lockHolder(agentId, nowMs);
    return holder ? { error: 'locked', entity: 'agentSchedule', id: agentId, holder } : undefined;
  }
}
