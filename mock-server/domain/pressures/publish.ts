/**
 * Weekly publish (DESIGN "Lock windows"): at a local day and time in a business unit's zone (default
 * Monday 09:00) the BU publishes the schedule of a later week. While it publishes, that week's schedule
 * is locked whole for lockMs (every agent of the BU: lockHolder answers 'publish'); when it is done,
 * every agent schedule of that week is re-saved (version +1, and every open trade on it). A self-service
 * window follows in which agents trade heavily: that is load, not a lock, so the pressure only states
 * where it is (windows) and a scenario aims its load there.
 *
 * Instants come from the world: the BU's zone offsets (world.ts BusinessUnit.zoneOffsets, computed with
 * luxon when the world was generated) turn the local publish time into UTC here, without a zone database.
 * The published schedule stays `published: true` before and after: the mock models a re-publish.
 */
import type { World } from '../world.ts';
import { localToUtc, wallMsOfDate } from '../zone-offsets.ts';
import type { BackgroundResave, Pressure } from './pressure.ts';

export interface PublishConfig {
  /** The business unit's name; undefined: every business unit of the world publishes. */
  businessUnit?: string;
  /** ISO weekday of the publish in the BU's zone: 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** Local wall time of the publish, HH:mm. */
  localTime: string;
  /** The week published is this many weeks after the week the publish falls in (1: the following week). */
  weeksAhead: number;
  /** P: how long the week's schedule stays locked, world ms. */
  lockMs: number;
  /** How long the self-service window after the lock lasts, world ms (load shape only). */
  selfServiceMs: number;
}

export const PUBLISH_DEFAULTS: PublishConfig = {
  weekday: 1,
  localTime: '09:00',
  weeksAhead: 1,
  lockMs: 5 * 60_000,
  selfServiceMs: 48 * 3_600_000,
};

export interface PublishWindow {
  businessUnitId: string;
  /** The week whose schedule is published. */
  weekDate: string;
  /** The lock is held in [publishMs, lockEndMs); the re-saves happen at lockEndMs. */
  publishMs: number;
  lockEndMs: number;
  /** The self-service window is [lockEndMs, selfServiceEndMs). */
  selfServiceEndMs: number;
}

export const PUBLISH = 'publish';

const DAY_MS = 24 * 3_600_000;

function checked(config: PublishConfig): { minutes: number } {
  const time = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(config.localTime);
  if (!time) throw new Error(`publish.localTime must be HH:mm, got "${config.localTime}"`);
  if (!Number.isInteger(config.weekday) || config.weekday < 1 || config.weekday > 7)
    throw new Error('publish.weekday must be 1 (Monday) to 7 (Sunday)');
  // The world's zone offsets reach four weeks back from its first week (src/world/generate.ts).
  if (!Number.isInteger(config.weeksAhead) || config.weeksAhead < 0 || config.weeksAhead > 4)
    throw new Error('publish.weeksAhead must be an integer from 0 to 4');
  if (!(config.lockMs >= 0) || !(config.selfServiceMs >= 0))
    throw new Error('publish: lockMs and selfServiceMs must be >= 0');
  return { minutes: Number(time[1]) * 60 + Number(time[2]) };
}

/** Every publish of the world's weeks under this config, in time order. */
export function publishWindows(world: World, config: PublishConfig): PublishWindow[] {
  const { minutes } = checked(config);
  const units = world.businessUnits.filter(
    (bu) => config.businessUnit === undefined || bu.name === config.businessUnit,
  );
  if (units.length === 0)
    throw new Error(`publish.businessUnit "${config.businessUnit}" is not a business unit of the world`);
  const windows: PublishWindow[] = [];
  for (const bu of units) {
    const zone = bu.zoneOffsets;
    if (!zone)
      throw new Error(
        `publish: business unit "${bu.name}" has no zoneOffsets (generate the world with src/world/generate.ts)`,
      );
    for (const weekDate of world.weeks) {
      const wallMs = wallMsOfDate(weekDate) + (config.weekday - 1 - 7 * config.weeksAhead) * DAY_MS + minutes * 60_000;
      const publishMs = localToUtc(zone, wallMs);
      const lockEndMs = publishMs + config.lockMs;
      windows.push({
        businessUnitId: bu.id,
        weekDate,
        publishMs,
        lockEndMs,
        selfServiceEndMs: lockEndMs + config.selfServiceMs,
      });
    }
  }
  return windows.sort((a, b) => a.publishMs - b.publishMs);
}

export interface PublishPressure extends Pressure {
  readonly windows: readonly PublishWindow[];
}

export function createPublish(world: World, config: PublishConfig): PublishPressure {
  const windows = publishWindows(world, config);
  const unitOf = new Map(world.managementUnits.map((u) => [u.id, u.businessUnitId]));
  const agentsOf = new Map<string, string[]>();
  const buOfAgent = new Map<string, string>();
  for (const agent of world.agents) {
    const bu = unitOf.get(agent.managementUnitId) ?? '';
    buOfAgent.set(agent.id, bu);
    agentsOf.set(bu, [...(agentsOf.get(bu) ?? []), agent.id]);
  }
  return {
    name: PUBLISH,
    windows,
    lockHolder(agentId, weekDate, nowMs) {
      const bu = buOfAgent.get(agentId);
      for (const w of windows) {
        if (w.businessUnitId === bu && w.weekDate === weekDate && nowMs >= w.publishMs && nowMs < w.lockEndMs)
          return PUBLISH;
      }
      return undefined;
    },
    due(fromMs, toMs) {
      const events: BackgroundResave[] = [];
      for (const w of windows) {
        if (w.lockEndMs <= fromMs || w.lockEndMs > toMs) continue;
        const weekDates = [w.weekDate];
        for (const agentId of agentsOf.get(w.businessUnitId) ?? []) {
          events.push({ atMs: w.lockEndMs, agentId, weekDates, by: PUBLISH, holdMs: config.lockMs });
        }
      }
      // Windows are in publish order and share lockMs, so events are in time order; ties keep world order.
      return events;
    },
  };
}
