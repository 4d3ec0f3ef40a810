/**
 * The store's read side (WfmStore extends it with the writes): every question the API asks the world,
 * by name, over the store's private parts. Answers are the store's own objects, never copies (the
 * simulator asks millions of them), and no answer hands out a collection to write to.
 */
import type { AuditLog, AuditReport, AuditSummary } from './audit.ts';
import { auditReport, auditSummary } from './audit.ts';
import type { Job, JobQueue } from './jobs.ts';
import type { Pressure } from './pressures/pressure.ts';
import type { TradeReplica } from './replica.ts';
import type { AgentSchedule } from './schedule-book.ts';
import type { StoreParts } from './store-parts.ts';
import { lockHolder, tradeLockHolder } from './store-parts.ts';
import { rulesVerdict } from './trade-operations.ts';
import type { MatchVerdict } from './trade-rules.ts';
import type { Trade } from './trade.ts';
import type { Agent, ManagementUnit, Schedule, Shift, ShiftTradingSettings, World } from './world.ts';

/** What a reader of the audit log may see of it (GET /__harness/audit pages it). */
export type AuditLogView = Pick<AuditLog, 'page' | 'oldestSeq' | 'writes'>;

export class StoreQueries {
  protected constructor(
    readonly world: World,
    readonly pressures: readonly Pressure[],
    /** The parts the operations work on (store-parts.ts), handed to no one outside the domain. */
    protected readonly parts: StoreParts,
    /** forceAsync jobs of the job-based routes (jobs.ts): run by advanceTo when due. */
    protected readonly jobs: JobQueue,
    /** Notifications of asynchronous operations, insertion-ordered (the oldest is dropped first). */
    protected readonly operations: Map<string, unknown>,
  ) {}

  /** Stale reads (replica.ts): set by build-store.ts when the scenario turns them on; undefined costs writes nothing. */
  get replica(): TradeReplica | undefined {
    return this.parts.ledger.replica;
  }

  set replica(replica: TradeReplica | undefined) {
    this.parts.ledger.replica = replica;
  }

  lockHolder(agentId: string, weekDate: string, nowMs: number): string | undefined {
    return lockHolder(this.parts, agentId, weekDate, nowMs);
  }

  /** Who holds either party's schedule of the trade (the initiator's first). */
  tradeLockHolder(trade: Trade, nowMs: number): string | undefined {
    return tradeLockHolder(this.parts, trade, nowMs);
  }

  unit(managementUnitId: string): ManagementUnit | undefined {
    return this.parts.org.unit(managementUnitId);
  }

  settingsOf(managementUnitId: string): ShiftTradingSettings | undefined {
    return this.parts.org.settingsOf(managementUnitId);
  }

  agent(agentId: string): Agent | undefined {
    return this.parts.org.agent(agentId);
  }

  scheduleById(scheduleId: string): Schedule | undefined {
    return this.parts.org.schedule(scheduleId);
  }

  /** The business-unit week schedule's version (compat scheduleVersion, schedule metadata). */
  scheduleVersion(scheduleId: string): number | undefined {
    return this.parts.book.scheduleVersion(scheduleId);
  }

  shift(shiftId: string): Shift | undefined {
    return this.parts.book.shifts.get(shiftId);
  }

  /** The agent schedule holding the shift now (its agentId is the shift's owner). */
  ownerOfShift(shiftId: string): AgentSchedule | undefined {
    return this.parts.book.ownerOf(shiftId);
  }

  agentSchedule(agentId: string, weekDate: string): AgentSchedule | undefined {
    return this.parts.book.get(agentId, weekDate);
  }

  /** The version of the agent's schedule of that week (default: the world's first week). */
  agentScheduleVersion(agentId: string, weekDate = this.world.weeks[0] ?? ''): number | undefined {
    return this.parts.book.get(agentId, weekDate)?.version;
  }

  tradeById(tradeId: string): Trade | undefined {
    return this.parts.ledger.get(tradeId);
  }

  /** The trade, if it is of that management unit (undefined: any) and week. */
  tradeIn(tradeId: string, managementUnitId: string | undefined, weekDate: string): Trade | undefined {
    return this.parts.ledger.tradeIn(tradeId, managementUnitId, weekDate);
  }

  /** Ids of every trade held, oldest first. */
  tradeIds(): string[] {
    return Array.from(this.parts.ledger.values(), (trade) => trade.id);
  }

  /** Every trade held, oldest first (GET /__harness/trades pages through it). */
  tradesHeld(): IterableIterator<Trade> {
    return this.parts.ledger.values();
  }

  /** Closed trades dropped past retention since the start (retention.ts): a reader of tradesHeld() misses these. */
  retiredTrades(): number {
    return Object.values(this.parts.ledger.tally.retiredByState).reduce((sum, n) => sum + n, 0);
  }

  openTradeWithShift(shiftId: string): Trade | undefined {
    return this.parts.ledger.index.openTradeWithShift(shiftId);
  }

  tradesOfAgent(managementUnitId: string, agentId: string): Trade[] | undefined {
    if (this.parts.org.agent(agentId)?.managementUnitId !== managementUnitId) return undefined;
    return this.parts.ledger.index.tradesOfAgent(agentId);
  }

  tradesOfWeek(managementUnitId: string, weekDate: string): Trade[] {
    return this.parts.ledger.index.tradesOfWeek(managementUnitId, weekDate);
  }

  /** The unit's rules on `receiverId` giving `receivingShift` for the trade (a match review); undefined when a party is unknown. */
  rulesVerdict(trade: Trade, receiverId: string, receivingShift: Shift, nowMs: number): MatchVerdict | undefined {
    return rulesVerdict(this.parts, trade, receiverId, receivingShift, nowMs);
  }

  job(jobId: string): Job | undefined {
    return this.jobs.get(jobId);
  }

  /** The notification an asynchronous operation would have sent (served by the control API). */
  operation(operationId: string): unknown {
    return this.operations.get(operationId);
  }

  auditLog(): AuditLogView {
    return this.parts.book.audit;
  }

  /** Server truth (GET /__harness/audit): the audit log's running invariants, the trades and the tallies of dropped ones (audit.ts). */
  report(): AuditReport {
    return auditReport(this.parts.book, this.parts.ledger.values(), this.parts.ledger.tally);
  }

  /** The same without the version history (GET /__harness/audit?view=summary). */
  summary(): AuditSummary {
    return auditSummary(this.parts.book, this.parts.ledger.values(), this.parts.ledger.tally);
  }
}
