/**
 * `wfm-harness scenario init`: a starting file around any zone's DST transition, shaped like the built-in
 * scenario of that kind (scenarios/chicago-fall.json, dst-paris-fall.json): the clock 6 world-hours
 * before the transition, before the night shifts start, so the night across it is in the load (a fall-back
 * night lasts 9 h and is swapped only with 9 h nights; a spring-forward night 7 h, with 7 h nights);
 * DST reconciliation from 7 h before (the run's whole lead) to 90 min after; stale reads and the rate
 * limits at the documented rates, one OAuth client. The file is checked through the same loader, and the
 * load is sized to what its world plans, so it runs as written.
 */
import { writeFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { findTransitions, isZone } from '../world/dst.ts';
import { loadScenarioFile } from '../scenario/file/load.ts';
import { formatScenarioJson } from '../scenario/file/json-layout.ts';
import { generateWorld } from '../world/generate.ts';
import { planScenarioSwaps } from '../scenario/plan.ts';
import type { DstTransition } from '../../mock-server/domain/world.ts';
import { BadInputError } from './exit-policy.ts';

const DAY_MS = 86_400_000;
/** The clock's lead on the transition: before a 22:00 night shift starts on the transition's night. */
export const INIT_LEAD_MINUTES = 360;
/** Reconciliation starts this long before the transition: the run's whole lead, and an hour of margin. */
const RECONCILIATION_BEFORE_MS = 7 * 3_600_000;
const RECONCILIATION_AFTER_MS = 90 * 60_000;

/** The transition init writes around: the next one after now, or the one on a named local date. */
function transitionFor(zone: string, transition: string, nowMs: number): DstTransition {
  const fromMs = transition === 'next' ? nowMs : DateTime.fromISO(transition, { zone }).toMillis() - DAY_MS;
  if (Number.isNaN(fromMs)) throw new BadInputError(`--transition must be "next" or YYYY-MM-DD, got "${transition}"`);
  const found = findTransitions(zone, fromMs, fromMs + (transition === 'next' ? 366 : 3) * DAY_MS).find(
    (t) =>
      transition === 'next' || DateTime.fromISO(t.atUtc).minus({ minutes: 1 }).setZone(zone).toISODate() === transition,
  );
  if (!found)
    throw new BadInputError(
      `${zone} has no DST transition ${transition === 'next' ? 'within a year' : `on ${transition}`}`,
    );
  return found;
}

/** "the repeated 01:00-02:00 hour, 9 h night shifts" or "the skipped 02:00-03:00 hour, 7 h night shifts". */
function nightOf(t: DstTransition): { hour: string; nightHours: number } {
  const atMs = Date.parse(t.atUtc);
  const before = DateTime.fromMillis(atMs, { zone: 'utc' }).plus({ minutes: t.offsetBeforeMinutes }).toFormat('HH:mm');
  const after = DateTime.fromMillis(atMs, { zone: 'utc' }).plus({ minutes: t.offsetAfterMinutes }).toFormat('HH:mm');
  const changeH = (t.offsetAfterMinutes - t.offsetBeforeMinutes) / 60;
  return t.kind === 'fall-back'
    ? { hour: `the repeated ${after}-${before} hour`, nightHours: 8 - changeH }
    : { hour: `the skipped ${before}-${after} hour`, nightHours: 8 - changeH };
}

export function initialScenario(
  zone: string,
  transition: string,
  agents: number,
  nowMs: number,
): Record<string, unknown> {
  if (!isZone(zone)) throw new BadInputError(`--zone "${zone}" is not an IANA time zone (e.g. Australia/Sydney)`);
  const t = transitionFor(zone, transition, nowMs);
  const at = DateTime.fromISO(t.atUtc).setZone(zone);
  const day = at.minus({ minutes: 1 }).toISODate() as string;
  const city = zone.split('/').pop()?.replaceAll('_', ' ') ?? zone;
  const { hour, nightHours } = nightOf(t);
  return {
    name: `dst-${city.toLowerCase().replaceAll(' ', '-')}-${t.kind === 'fall-back' ? 'fall' : 'spring'}-${day}`,
    description:
      `Swaps through the ${zone} ${t.kind} night of ${day}: ${hour}, ${nightHours} h night shifts swapped only ` +
      `with ${nightHours} h ones, reconciliation from 7 h before`,
    world: {
      weekDate: at.startOf('week').toISODate(),
      weeks: 2,
      workDaysPerAgent: 5,
      shiftHours: 8,
      businessUnits: [
        {
          name: `${city} Business Unit`,
          timeZone: zone,
          managementUnits: [{ name: `${city} Support`, timeZone: zone, agents }],
        },
      ],
    },
    clock: { relativeTo: { zone, transition: day, offsetMinutes: -INIT_LEAD_MINUTES }, speed: 10 },
    network: { roundTripMs: { medianMs: 60, p99Ms: 250 } },
    pressures: {
      dstReconciliation: {
        beforeMs: RECONCILIATION_BEFORE_MS,
        afterMs: RECONCILIATION_AFTER_MS,
        intervalMs: 10_000,
        holdMs: 1_000,
      },
      staleReads: {},
      rateLimits: {},
    },
    load: { tradesPerSecond: 0.5, durationS: 160, preAllocatedVUs: 10, maxVUs: 40, clients: 1 },
  };
}

export function init(opts: { zone: string; transition: string; agents: number; out: string }): void {
  const file = initialScenario(opts.zone, opts.transition, opts.agents, Date.now());
  writeFileSync(opts.out, `${formatScenarioJson(file)}\n`);
  const spec = loadScenarioFile(opts.out);
  const world = generateWorld(spec.world, 1);
  const plans = planScenarioSwaps(world, spec);
  // A load the world can feed (seed 1; other seeds plan about as many): at most 80% of the planned swaps.
  const durationS = Math.min(160, Math.floor((plans.length * 0.8) / spec.load.tradesPerSecond));
  if (durationS < 1)
    throw new BadInputError(
      `${opts.zone}: ${opts.agents} agents plan ${plans.length} swaps around the transition; try more --agents`,
    );
  writeFileSync(opts.out, `${formatScenarioJson({ ...file, load: { ...(file['load'] as object), durationS } })}\n`);
  const lengths = new Map(world.agents.flatMap((a) => a.shifts.map((s) => [s.id, s.lengthMinutes] as const)));
  const load = plans.slice(0, Math.floor(spec.load.tradesPerSecond * durationS));
  const nights = load.filter((p) => lengths.get(p.initiatingShiftId) !== spec.world.shiftHours * 60).length;
  process.stderr.write(
    `scenario init: ${opts.out}: ${spec.name}, clock ${spec.clock.startUtc} (${INIT_LEAD_MINUTES / 60} h before the ` +
      `transition), ${plans.length} swaps planned (seed 1), load 0.5/s x ${durationS} world-s, ${nights} of its swaps ` +
      `on the night whose length the transition changes; rate limits on, 1 client\n`,
  );
}
