/**
 * Where a scenario file's weekly publish falls, resolved in Node with luxon before anything runs
 * (docs/scenarios.md "Publish"). A file places it by a local date and time (`publish.at`, in `zone`,
 * default the publishing business unit's zone), which becomes the mock's own weekday, localTime and
 * weeksAhead (mock-server/domain/pressures/publish.ts: the mock never learns the file format); or by
 * weekday as the mock takes it. Either way a publish that no run can meet is refused with the times it
 * would need, never silently ignored: the week it publishes must be in the world, and one publish's lock
 * must overlap the run (the clock's start to the end of the load).
 */
import { DateTime } from 'luxon';
import { PUBLISH_DEFAULTS } from '../../../mock-server/domain/pressures/publish.ts';
import type { PublishConfig } from '../../../mock-server/domain/pressures/publish.ts';

/** The publish part of a file: the mock's fields, or `at` (local YYYY-MM-DDTHH:mm) and `zone` in place of weekday/localTime. */
export interface PublishInFile extends Partial<PublishConfig> {
  at?: string;
  zone?: string;
}

interface WorldShape {
  weekDate: string;
  weeks: number;
  businessUnits: Array<{ name: string; timeZone: string }>;
}

/** A publish that cannot be placed as the file says: the message names the field and what it would need. */
export class PublishPlacementError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const MINUTE_MS = 60_000;

function utc(ms: number): string {
  return new Date(ms).toISOString().replace(':00.000Z', 'Z');
}

function publishingUnit(world: WorldShape, publish: PublishInFile, field: string): { name: string; timeZone: string } {
  const named = world.businessUnits.filter(
    (bu) => publish.businessUnit === undefined || bu.name === publish.businessUnit,
  );
  if (named.length === 1) return named[0] as { name: string; timeZone: string };
  throw new PublishPlacementError(
    `${field}.businessUnit`,
    `the world has ${named.length} business units (${world.businessUnits.map((bu) => bu.name).join(', ')}): name the one that publishes`,
  );
}

/** `at` (a local date and time in `zone`) as the mock's weekday, localTime and weeksAhead in the BU's zone. */
export function placeAt(world: WorldShape, publish: PublishInFile, field: string): Partial<PublishConfig> {
  const { at, zone: atZone, ...rest } = publish;
  if (at === undefined) return rest;
  const bu = publishingUnit(world, publish, field);
  const instant = DateTime.fromISO(at, { zone: atZone ?? bu.timeZone });
  if (!instant.isValid) throw new PublishPlacementError(`${field}.at`, `"${at}" is not a local date and time`);
  const local = instant.setZone(bu.timeZone);
  const weeksAhead = rest.weeksAhead ?? PUBLISH_DEFAULTS.weeksAhead;
  const published = local.startOf('week').plus({ weeks: weeksAhead }).toISODate() as string;
  const weeks = worldWeeks(world);
  if (!weeks.includes(published)) {
    const needed = DateTime.fromISO(published).diff(DateTime.fromISO(world.weekDate), 'weeks').weeks + 1;
    throw new PublishPlacementError(
      `${field}.at`,
      `${at} ${atZone ?? bu.timeZone} (${utc(local.toMillis())}) publishes the week of ${published} ` +
        `(weeksAhead ${weeksAhead}), which the world does not hold (weeks ${weeks.join(', ')}): ` +
        (needed >= 1
          ? `set world.weeks to ${needed}, or weeksAhead to ${weeksAhead - 1 >= 0 ? weeksAhead - 1 : 0}`
          : `move world.weekDate back to ${published}`),
    );
  }
  return {
    ...rest,
    businessUnit: bu.name,
    weekday: local.weekday,
    localTime: local.toFormat('HH:mm'),
    weeksAhead,
  };
}

function worldWeeks(world: WorldShape): string[] {
  const first = DateTime.fromISO(world.weekDate, { zone: 'utc' });
  return Array.from({ length: world.weeks }, (_, w) => first.plus({ weeks: w }).toISODate() as string);
}

/** Every publish instant of the world's weeks under a (resolved) config, as the mock places them, in order. */
export function publishInstants(world: WorldShape, publish: Partial<PublishConfig>): number[] {
  const config = { ...PUBLISH_DEFAULTS, ...publish };
  const [hour, minute] = config.localTime.split(':').map(Number);
  const units = world.businessUnits.filter(
    (bu) => config.businessUnit === undefined || bu.name === config.businessUnit,
  );
  return units
    .flatMap((bu) =>
      worldWeeks(world).map((week) =>
        DateTime.fromISO(week, { zone: bu.timeZone })
          .plus({ days: config.weekday - 1 - 7 * config.weeksAhead })
          .set({ hour, minute })
          .toMillis(),
      ),
    )
    .sort((a, b) => a - b);
}

/**
 * Refuse a publish whose every lock misses the run [startUtc, startUtc + durationS world-s]: name the
 * publishes and the clock start or load duration that would meet the nearest one.
 */
export function assertPublishInRun(
  world: WorldShape,
  publish: Partial<PublishConfig>,
  startUtc: string,
  durationS: number,
  field: string,
): void {
  const startMs = Date.parse(startUtc);
  const endMs = startMs + durationS * 1000;
  const lockMs = publish.lockMs ?? PUBLISH_DEFAULTS.lockMs;
  const instants = publishInstants(world, publish);
  if (instants.some((at) => at < endMs && at + lockMs > startMs)) return;
  const after = instants.find((at) => at >= endMs);
  const before = [...instants].reverse().find((at) => at + lockMs <= startMs);
  const needs = [
    ...(after === undefined
      ? []
      : [
          `clock.startUtc ${utc(after - 2 * MINUTE_MS)} (2 world-minutes before the publish of ${utc(after)}), ` +
            `or load.durationS of at least ${Math.ceil((after - startMs) / 1000) + 1} from this start`,
        ]),
    ...(before === undefined
      ? []
      : [`a clock.startUtc before ${utc(before + lockMs)} to meet the publish of ${utc(before)}`]),
  ];
  throw new PublishPlacementError(
    field,
    `no publish falls in the run (${utc(startMs)} to ${utc(endMs)}): the world's publishes are at ` +
      `${instants.map(utc).join(', ') || 'no instant'}; it would need ${needs.join('; or ') || 'a publish in the world'}`,
  );
}
