/**
 * Turn a world into swaps: two agents trade shifts of the same UTC day and the same length, each shift
 * in at most one swap. Pure and deterministic (sorted by start time), so every strategy in a comparison
 * gets the same list of swaps. Bundled into k6.
 */
import type { World } from '../../mock-server/domain/world.ts';
import type { TradePlan } from '../core/trade-plan.ts';

export function planSwaps(world: World): TradePlan[] {
  const groups = new Map<string, Array<{ agentId: string; managementUnitId: string; shiftId: string; startDate: string }>>();
  for (const agent of world.agents) {
    for (const shift of agent.shifts) {
      const key = `${agent.managementUnitId}|${shift.startDate.slice(0, 10)}|${shift.lengthMinutes}`;
      const group = groups.get(key) ?? [];
      group.push({ agentId: agent.id, managementUnitId: agent.managementUnitId, shiftId: shift.id, startDate: shift.startDate });
      groups.set(key, group);
    }
  }
  const plans: TradePlan[] = [];
  for (const key of [...groups.keys()].sort()) {
    const group = (groups.get(key) ?? []).sort((a, b) => a.startDate.localeCompare(b.startDate) || a.shiftId.localeCompare(b.shiftId));
    for (let i = 0; i + 1 < group.length; i += 2) {
      const giver = group[i];
      const taker = group[i + 1];
      if (!giver || !taker || giver.agentId === taker.agentId) continue;
      plans.push({
        legacyId: `swap-${String(plans.length + 1).padStart(4, '0')}`,
        managementUnitId: giver.managementUnitId,
        weekDate: world.weekDate,
        scheduleId: world.scheduleId,
        initiatingUserId: giver.agentId,
        initiatingShiftId: giver.shiftId,
        receivingUserId: taker.agentId,
        receivingShiftId: taker.shiftId,
      });
    }
  }
  return plans;
}
