/**
 * Local wall time → UTC without a zone database, for the domain (which may not use luxon or Intl):
 * the world carries each business unit's zone as its UTC offset at a start instant plus every offset
 * change after it (src/world/generate.ts computes them with luxon when the world is generated).
 * Wall times are handled as "wall ms": the local date-time read as if it were UTC.
 */
import type { ZoneOffsets } from './world.ts';

export type { ZoneOffsets } from './world.ts';

const MINUTE_MS = 60_000;

/** The zone's offset at a UTC instant. */
export function offsetAt(zone: ZoneOffsets, utcMs: number): number {
  let offset = zone.offsetMinutes;
  for (const t of zone.transitions) {
    if (Date.parse(t.atUtc) > utcMs) break;
    offset = t.offsetAfterMinutes;
  }
  return offset;
}

/**
 * The UTC instant of a local wall time, resolved like Temporal's "compatible" rule (as `wfm-harness dst`
 * does): an ambiguous time (fall-back overlap) takes the earlier instant; a time in a spring-forward gap
 * moves forward by the gap (02:30 on the Chicago spring-forward night is 03:30 CDT).
 */
export function localToUtc(zone: ZoneOffsets, wallMs: number): number {
  let best: number | undefined;
  for (const offset of [zone.offsetMinutes, ...zone.transitions.map((t) => t.offsetAfterMinutes)]) {
    const utcMs = wallMs - offset * MINUTE_MS;
    if (offsetAt(zone, utcMs) === offset && (best === undefined || utcMs < best)) best = utcMs;
  }
  if (best !== undefined) return best;
  // No offset fits: the wall time is in a gap. Read it with the offset in force before the gap.
  for (const t of zone.transitions) {
    const atMs = Date.parse(t.atUtc);
    const utcMs = wallMs - t.offsetBeforeMinutes * MINUTE_MS;
    if (utcMs >= atMs && wallMs - t.offsetAfterMinutes * MINUTE_MS < atMs) return utcMs;
  }
  return wallMs - zone.offsetMinutes * MINUTE_MS;
}

/** A YYYY-MM-DD date's midnight as wall ms. */
export function wallMsOfDate(date: string): number {
  return Date.parse(`${date}T00:00:00.000Z`);
}
