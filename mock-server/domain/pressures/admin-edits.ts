/**
 * Admin edits (DESIGN "Lock windows"): WFM administrators save manual overrides to agent schedules at
 * random, a Poisson process of ratePerHour edits per world-hour. Each edit re-saves one agent schedule of
 * one week (version +1, and every open trade on it) and, if holdMs > 0, holds that schedule's lock from
 * the edit for holdMs (the save's own recalculation), like a DST re-save.
 *
 * Replayable however the clock is sampled: the edits are one seeded sequence from the start of the
 * world's first week to the end of its last (fixed draws per edit: gap, agent, week), generated as far
 * as the clock has been asked about. advanceTo in big steps (a fast clock) or small steps (the simulator,
 * a test walking 1 ms at a time) sees the same edits at the same instants.
 */
import type { Rng } from '../../../src/contract/rng.ts';
import type { World } from '../world.ts';
import type { BackgroundResave, Pressure } from './pressure.ts';

export interface AdminEditsConfig {
  /** λ: edits per world-hour, over every agent the config covers. */
  ratePerHour: number;
  /** Only agents of this management unit (by name); undefined: every agent of the world. */
  managementUnit?: string;
  /** Only schedules of this week; undefined: a week of the world drawn per edit. */
  weekDate?: string;
  /** How long each edit holds the agent schedule's lock, world ms (0: no lock, only the version bump). */
  holdMs: number;
}

export const ADMIN_EDITS_DEFAULTS: AdminEditsConfig = { ratePerHour: 30, holdMs: 2_000 };

export const ADMIN_EDIT = 'admin-edit';

const HOUR_MS = 3_600_000;
const WEEK_MS = 7 * 24 * HOUR_MS;

interface Edit {
  atMs: number;
  agentId: string;
  weekDate: string;
}

export function createAdminEdits(world: World, config: AdminEditsConfig, rng: Rng): Pressure {
  if (!(config.ratePerHour > 0) || !(config.holdMs >= 0))
    throw new Error('adminEdits: need ratePerHour > 0 and holdMs >= 0');
  const unit =
    config.managementUnit === undefined
      ? undefined
      : world.managementUnits.find((u) => u.name === config.managementUnit);
  if (config.managementUnit !== undefined && !unit)
    throw new Error(`adminEdits.managementUnit "${config.managementUnit}" is not a management unit of the world`);
  if (config.weekDate !== undefined && !world.weeks.includes(config.weekDate))
    throw new Error(`adminEdits.weekDate ${config.weekDate} is not a week of the world`);
  const agents = world.agents.filter((a) => unit === undefined || a.managementUnitId === unit.id).map((a) => a.id);
  const weeks = config.weekDate === undefined ? world.weeks : [config.weekDate];
  const startMs = Date.parse(world.weeks[0] ?? '');
  const endMs = startMs + world.weeks.length * WEEK_MS;
  const meanGapMs = HOUR_MS / config.ratePerHour;

  /** The next edit not yet generated starts after this instant. */
  let lastMs = startMs;
  /** Generated edits not yet handed out by due(), plus those still holding a lock; in time order. */
  let edits: Edit[] = [];

  const generateTo = (toMs: number): void => {
    if (agents.length === 0) return;
    while (lastMs <= toMs && lastMs < endMs) {
      // Exponential gaps; 1 - next() is in (0, 1], so the log is finite. Three draws per edit, always.
      const atMs = lastMs + -Math.log(1 - rng.next()) * meanGapMs;
      const agentId = agents[Math.floor(rng.next() * agents.length)] as string;
      const weekDate = weeks[Math.floor(rng.next() * weeks.length)] as string;
      lastMs = atMs;
      if (atMs < endMs) edits.push({ atMs, agentId, weekDate });
    }
  };

  return {
    name: ADMIN_EDIT,
    lockHolder(agentId, weekDate, nowMs) {
      if (config.holdMs === 0) return undefined;
      generateTo(nowMs);
      for (let i = edits.length - 1; i >= 0; i--) {
        const edit = edits[i] as Edit;
        if (edit.atMs > nowMs) continue;
        if (edit.atMs + config.holdMs <= nowMs) break;
        if (edit.agentId === agentId && edit.weekDate === weekDate) return ADMIN_EDIT;
      }
      return undefined;
    },
    due(fromMs, toMs) {
      generateTo(toMs);
      const events: BackgroundResave[] = [];
      let keepFrom = 0;
      for (const edit of edits) {
        if (edit.atMs > toMs) break;
        if (edit.atMs > fromMs) {
          const event: BackgroundResave = {
            atMs: edit.atMs,
            agentId: edit.agentId,
            weekDates: [edit.weekDate],
            by: ADMIN_EDIT,
          };
          if (config.holdMs > 0) event.holdMs = config.holdMs;
          events.push(event);
        }
      }
      // Forget edits that are handed out (or were before the clock's start) and no longer hold a lock.
      while (
        keepFrom < edits.length &&
        (edits[keepFrom] as Edit).atMs <= toMs &&
        (edits[keepFrom] as Edit).atMs + config.holdMs <= toMs
      )
        keepFrom++;
      if (keepFrom > 0) edits = edits.slice(keepFrom);
      return events;
    },
  };
}
