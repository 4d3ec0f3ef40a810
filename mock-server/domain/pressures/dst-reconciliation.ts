/**
 * DST reconciliation: around each transition of a management unit's zone, a job re-saves every agent
 * schedule of that unit every intervalMs, holding the schedule lock for holdMs each time. It re-saves
 * the weeks whose UTC times the transition moves (its own week and the later ones) and locks all of the
 * agent's schedules while it holds the lock. Each agent's
 * ticks start at a seeded phase offset, the way a job walks through agents one after another.
 */
import type { Rng } from '../../../src/contract/rng.ts';
import type { World } from '../world.ts';
import type { BackgroundResave, Pressure } from './pressure.ts';

export interface DstReconciliationConfig {
  /** The window opens this long before the transition instant. */
  beforeMs: number;
  /** ...and closes this long after it. */
  afterMs: number;
  /** Time between two re-saves of the same agent schedule. */
  intervalMs: number;
  /** How long each re-save holds the agent schedule's lock. */
  holdMs: number;
}

export const DST_RECONCILIATION_DEFAULTS: DstReconciliationConfig = {
  beforeMs: 30 * 60_000,
  afterMs: 90 * 60_000,
  intervalMs: 60_000,
  holdMs: 15_000,
};

interface AgentTicks {
  agentId: string;
  /** The weeks whose UTC times the transition moves: its own week and every later one. */
  weekDates: readonly string[];
  firstMs: number;
  lastMs: number;
}

export const DST_RECONCILIATION = 'dst-reconciliation';

const WEEK_MS = 7 * 24 * 3_600_000;

export function createDstReconciliation(world: World, config: DstReconciliationConfig, rng: Rng): Pressure {
  if (!(config.intervalMs > 0) || config.holdMs < 0 || config.holdMs > config.intervalMs) {
    throw new Error('dstReconciliation: need intervalMs > 0 and 0 <= holdMs <= intervalMs');
  }
  const ticksByAgent = new Map<string, AgentTicks[]>();
  const all: AgentTicks[] = [];
  for (const unit of world.managementUnits) {
    for (const transition of unit.dstTransitions) {
      const atMs = Date.parse(transition.atUtc);
      const openMs = atMs - config.beforeMs;
      const closeMs = atMs + config.afterMs;
      const weekDates = world.weeks.filter((weekDate) => Date.parse(weekDate) + WEEK_MS > atMs);
      for (const agent of world.agents.filter((a) => a.managementUnitId === unit.id)) {
        const firstMs = openMs + Math.floor(rng.next() * config.intervalMs);
        if (firstMs > closeMs) continue;
        const lastMs = firstMs + Math.floor((closeMs - firstMs) / config.intervalMs) * config.intervalMs;
        const ticks = { agentId: agent.id, weekDates, firstMs, lastMs };
        all.push(ticks);
        ticksByAgent.set(agent.id, [...(ticksByAgent.get(agent.id) ?? []), ticks]);
      }
    }
  }

  return {
    name: DST_RECONCILIATION,
    lockHolder(agentId, _weekDate, nowMs) {
      for (const t of ticksByAgent.get(agentId) ?? []) {
        if (nowMs < t.firstMs || nowMs >= t.lastMs + config.holdMs) continue;
        const tickMs = Math.min(
          t.lastMs,
          t.firstMs + Math.floor((nowMs - t.firstMs) / config.intervalMs) * config.intervalMs,
        );
        if (nowMs - tickMs < config.holdMs) return DST_RECONCILIATION;
      }
      return undefined;
    },
    due(fromMs, toMs) {
      const events: BackgroundResave[] = [];
      for (const t of all) {
        const kMin = fromMs < t.firstMs ? 0 : Math.floor((fromMs - t.firstMs) / config.intervalMs) + 1;
        const kMax = Math.floor((Math.min(toMs, t.lastMs) - t.firstMs) / config.intervalMs);
        for (let k = kMin; k <= kMax; k++) {
          events.push({
            atMs: t.firstMs + k * config.intervalMs,
            agentId: t.agentId,
            weekDates: t.weekDates,
            by: DST_RECONCILIATION,
            holdMs: config.holdMs,
          });
        }
      }
      // Ties keep the agents' order in the world, so replay is exact.
      return events.sort((a, b) => a.atMs - b.atMs);
    },
  };
}
