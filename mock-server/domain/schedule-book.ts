/**
 * Agent schedules, one per agent and week, each with its own metadata.version, and who holds each shift
 * now. Every version bump goes through here and into the audit log, so versions only ever step by one.
 */
import { AuditLog } from './audit.ts';
import type { AuditEntry } from './audit.ts';
import type { Shift, World } from './world.ts';

export interface AgentSchedule {
  agentId: string;
  managementUnitId: string;
  weekDate: string;
  /** The business unit's schedule of that week this agent schedule belongs to. */
  scheduleId: string;
  version: number;
  shiftIds: Set<string>;
}

export function scheduleKey(agentId: string, weekDate: string): string {
  return `${agentId}/${weekDate}`;
}

export class ScheduleBook {
  private readonly schedules = new Map<string, AgentSchedule>();
  /** The same schedules by agent, then week (get() builds no key string), and each one's audit id, built once. */
  private readonly byAgentWeek = new Map<string, Map<string, AgentSchedule>>();
  private readonly auditIds = new Map<AgentSchedule, string>();
  /** Each agent's schedules in week order. */
  private readonly byAgent = new Map<string, AgentSchedule[]>();
  readonly shifts = new Map<string, Shift>();
  /** Which agent schedule holds each shift now (kept with AgentSchedule.shiftIds, which the report checks). */
  private readonly owners = new Map<string, AgentSchedule>();
  readonly audit: AuditLog;
  /**
   * The version of each business-unit week schedule: starts at 1 and steps by one whenever any agent
   * schedule in it is re-saved (the compat profile's scheduleVersion, the seed thread's model).
   */
  private readonly scheduleVersions = new Map<string, number>();

  constructor(world: World, maxAuditEntries?: number) {
    this.audit = new AuditLog(maxAuditEntries);
    const buOfUnit = new Map(world.managementUnits.map((u) => [u.id, u.businessUnitId]));
    const scheduleOf = new Map(world.schedules.map((s) => [`${s.businessUnitId}/${s.weekDate}`, s.id]));
    for (const schedule of world.schedules) this.scheduleVersions.set(schedule.id, 1);
    for (const agent of world.agents) {
      const weeks: AgentSchedule[] = [];
      for (const weekDate of world.weeks) {
        const scheduleId = scheduleOf.get(`${buOfUnit.get(agent.managementUnitId)}/${weekDate}`) ?? '';
        const schedule: AgentSchedule = {
          agentId: agent.id,
          managementUnitId: agent.managementUnitId,
          weekDate,
          scheduleId,
          version: 1,
          shiftIds: new Set(),
        };
        const key = scheduleKey(agent.id, weekDate);
        this.schedules.set(key, schedule);
        this.auditIds.set(schedule, key);
        let ofAgent = this.byAgentWeek.get(agent.id);
        if (!ofAgent) this.byAgentWeek.set(agent.id, (ofAgent = new Map()));
        ofAgent.set(weekDate, schedule);
        weeks.push(schedule);
      }
      this.byAgent.set(agent.id, weeks);
      for (const shift of agent.shifts) {
        this.shifts.set(shift.id, shift);
        const schedule = this.schedules.get(scheduleKey(agent.id, shift.weekDate));
        if (!schedule || this.owners.has(shift.id)) continue;
        schedule.shiftIds.add(shift.id);
        this.owners.set(shift.id, schedule);
      }
    }
  }

  get(agentId: string, weekDate: string): AgentSchedule | undefined {
    return this.byAgentWeek.get(agentId)?.get(weekDate);
  }

  weeksOf(agentId: string): readonly AgentSchedule[] {
    return this.byAgent.get(agentId) ?? [];
  }

  hasAgent(agentId: string): boolean {
    return this.byAgent.has(agentId);
  }

  all(): IterableIterator<AgentSchedule> {
    return this.schedules.values();
  }

  ownerOf(shiftId: string): AgentSchedule | undefined {
    return this.owners.get(shiftId);
  }

  /**
   * The agent's shifts of every week, except the one named, in week order. `into`: an array to fill
   * instead of a new one (emptied first); every match fills two, so the rules' check reuses its own.
   */
  shiftsOfAgent(agentId: string, except?: string, into: Shift[] = []): Shift[] {
    const found = into;
    found.length = 0;
    for (const schedule of this.weeksOf(agentId)) {
      for (const id of schedule.shiftIds) {
        const shift = this.shifts.get(id);
        if (shift && id !== except) found.push(shift);
      }
    }
    return found;
  }

  /** Move a shift into another agent's schedule of the shift's week. */
  moveShift(shift: Shift, toAgentId: string): AgentSchedule | undefined {
    const from = this.owners.get(shift.id);
    const to = this.get(toAgentId, shift.weekDate);
    if (!from || !to) return undefined;
    from.shiftIds.delete(shift.id);
    to.shiftIds.add(shift.id);
    this.owners.set(shift.id, to);
    return to;
  }

  bump(schedule: AgentSchedule, atMs: number, by: string, action: string): void {
    this.log(
      'agentSchedule',
      this.auditIds.get(schedule) ?? scheduleKey(schedule.agentId, schedule.weekDate),
      schedule.version,
      atMs,
      by,
      action,
    );
    schedule.version++;
    this.scheduleVersions.set(schedule.scheduleId, (this.scheduleVersions.get(schedule.scheduleId) ?? 1) + 1);
  }

  /** The business-unit week schedule's version (see scheduleVersions). */
  scheduleVersion(scheduleId: string): number | undefined {
    return this.scheduleVersions.get(scheduleId);
  }

  log(
    entityType: AuditEntry['entityType'],
    entityId: string,
    fromVersion: number,
    atMs: number,
    by: string,
    action: string,
    sentVersion?: number,
  ): void {
    // Built whole here, seq first: the log keeps this object as it is (the key order audit reads show).
    const entry: AuditEntry = {
      seq: this.audit.writes,
      atMs,
      entityType,
      entityId,
      fromVersion,
      toVersion: fromVersion + 1,
      by,
      action,
    };
    if (sentVersion !== undefined) entry.sentVersion = sentVersion;
    this.audit.append(entry);
  }

  /** Shifts held by more than one agent schedule right now (must be none). */
  doubleBooked(): string[] {
    const count = new Map<string, number>();
    for (const schedule of this.schedules.values())
      for (const id of schedule.shiftIds) count.set(id, (count.get(id) ?? 0) + 1);
    return [...count].filter(([, n]) => n > 1).map(([id]) => id);
  }
}
