/**
 * The world's organisation as lookups by id: management units, agents and business-unit week schedules.
 * Built once from the world (which never changes shape), so the store answers its queries in O(1).
 */
import type { Agent, ManagementUnit, Schedule, ShiftTradingSettings, World } from './world.ts';

export class OrgDirectory {
  private readonly units = new Map<string, ManagementUnit>();
  private readonly agents = new Map<string, Agent>();
  private readonly schedules = new Map<string, Schedule>();

  constructor(private readonly world: World) {
    for (const unit of world.managementUnits) this.units.set(unit.id, unit);
    for (const agent of world.agents) this.agents.set(agent.id, agent);
    for (const schedule of world.schedules) this.schedules.set(schedule.id, schedule);
  }

  unit(managementUnitId: string): ManagementUnit | undefined {
    return this.units.get(managementUnitId);
  }

  agent(agentId: string): Agent | undefined {
    return this.agents.get(agentId);
  }

  schedule(scheduleId: string): Schedule | undefined {
    return this.schedules.get(scheduleId);
  }

  settingsOf(managementUnitId: string): ShiftTradingSettings | undefined {
    return this.units.get(managementUnitId)?.settings.shiftTrading;
  }

  /** The world has this week (YYYY-MM-DD Monday). */
  hasWeek(weekDate: string): boolean {
    return this.world.weeks.includes(weekDate);
  }
}
