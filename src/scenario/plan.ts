/**
 * Turn a world into swaps the mock accepts: two agents of one management unit trade shifts of the same
 * UTC day and week, neither started at `fromMs`, each shift in at most one swap, checked with the mock's
 * own rules (mock-server/domain/trade-rules.ts: equal paid time, skills, languages, overlap). Several
 * units' swaps are interleaved one by one (unit A's first, unit B's first, …), so a load that spans the
 * units meets all of them from its start; one unit's order is its own (sorted by day and start time).
 * Pure and deterministic, so every strategy in a comparison gets the same list of swaps. Bundled into k6.
 */
import type { Agent, Shift, World } from '../../mock-server/domain/world.ts';
import { scheduleFor } from '../../mock-server/domain/world.ts';
import { matchVerdict } from '../../mock-server/domain/trade-rules.ts';
import type { TradePlan } from '../core/trade-plan.ts';
import type { TradeMix } from './trade-mix.ts';
import type { TradesSpec } from './spec.ts';
import { withKinds } from './trade-mix.ts';

/** A load the world cannot feed: refused at the start of a run, never run short silently (exit 2 in the CLI). */
export class LoadNotFedError extends Error {}

/** Refuse a load of `requested` swaps when only `planned` are planned. */
export function assertFed(name: string, planned: number, requested: number, seed: number): void {
  if (planned < requested)
    throw new LoadNotFedError(
      `${name} plans ${planned} swaps for seed ${seed}; its load (tradesPerSecond x durationS) asks ` +
        `for ${requested}: lower the load, or give the world more agents or weeks`,
    );
}

export interface PlanOptions {
  /** The management units' names (ScenarioSpec.trades.managementUnits); default every unit. */
  managementUnits?: readonly string[];
  /** Only this week (default every week of the world). */
  weekDate?: string;
  /** The world instant the load starts: shifts that start earlier are not offered. */
  fromMs: number;
}

interface Offer {
  agent: Agent;
  shift: Shift;
  /** The agent's other shifts a swap of `shift` could collide with (nearbyShifts). */
  others: Shift[];
}

/**
 * How far from a shift's start another shift of the agent can collide with a swap of it: the swapped-in
 * shift starts the same UTC day (< 24 h away), and a collision needs the two within a shift's length
 * (at most 16 h, 17 h across a fall-back) plus minMinutesBetweenShifts (at most 24 h) of each other.
 * 4 days is more than that; farther shifts cannot change a verdict.
 */
const NEARBY_MS = 4 * 24 * 3_600_000;

/**
 * The agent's shifts other than shifts[i] within NEARBY_MS of its start, by walking out from i over the
 * chronological list: passing all of them made every rule check cost the agent's whole schedule (84
 * shifts over 12 weeks of 7 days), so planning grew with agents x shifts-per-agent squared.
 */
function nearbyShifts(shifts: readonly Shift[], startsMs: readonly number[], i: number): Shift[] {
  const at = startsMs[i] as number;
  const nearby: Shift[] = [];
  for (let j = i - 1; j >= 0 && at - (startsMs[j] as number) <= NEARBY_MS; j--) nearby.push(shifts[j] as Shift);
  for (let j = i + 1; j < shifts.length && (startsMs[j] as number) - at <= NEARBY_MS; j++)
    nearby.push(shifts[j] as Shift);
  return nearby;
}

/** Each shift's start, or undefined when the list is not chronological (then every other shift is checked). */
function chronologicalStarts(shifts: readonly Shift[]): number[] | undefined {
  const starts = shifts.map((shift) => Date.parse(shift.startDate));
  return starts.every((ms, i) => i === 0 || ms >= (starts[i - 1] as number)) ? starts : undefined;
}

export function planSwaps(world: World, options: PlanOptions): TradePlan[] {
  const names = options.managementUnits === undefined ? undefined : new Set(options.managementUnits);
  const units = world.managementUnits.filter((u) => names === undefined || names.has(u.name));
  // Each unit's agents, found in one pass: a pass over every agent per unit made 5,000 units x 100,000
  // agents half a billion checks before any swap was planned.
  const agentsOf = new Map<string, Agent[]>(units.map((u) => [u.id, []]));
  for (const agent of world.agents) agentsOf.get(agent.managementUnitId)?.push(agent);
  const perUnit = units.map((unit) => planUnit(world, unit, agentsOf.get(unit.id) ?? [], options));
  const plans: TradePlan[] = [];
  const longest = Math.max(0, ...perUnit.map((unitPlans) => unitPlans.length));
  for (let i = 0; i < longest; i++) {
    for (const unitPlans of perUnit) {
      const plan = unitPlans[i];
      if (plan) plans.push({ ...plan, legacyId: `swap-${String(plans.length + 1).padStart(4, '0')}` });
    }
  }
  return plans;
}

type Unit = World['managementUnits'][number];

/** One unit's swaps in its own order (by group: week, UTC day, length; then start time), without legacy ids yet. */
function planUnit(world: World, unit: Unit, agents: readonly Agent[], options: PlanOptions): TradePlan[] {
  const settings = unit.settings.shiftTrading;
  const groups = new Map<string, Offer[]>();
  for (const agent of agents) {
    const startsMs = chronologicalStarts(agent.shifts);
    agent.shifts.forEach((shift, i) => {
      if (options.weekDate !== undefined && shift.weekDate !== options.weekDate) return;
      if (Date.parse(shift.startDate) < options.fromMs + settings.minHoursInFuture * 3_600_000) return;
      const key = `${shift.weekDate}|${shift.startDate.slice(0, 10)}|${shift.lengthMinutes}`;
      const others = startsMs ? nearbyShifts(agent.shifts, startsMs, i) : agent.shifts.filter((o) => o.id !== shift.id);
      const group = groups.get(key);
      if (group) group.push({ agent, shift, others });
      else groups.set(key, [{ agent, shift, others }]);
    });
  }
  const plans: TradePlan[] = [];
  for (const key of [...groups.keys()].sort()) {
    const offers = (groups.get(key) ?? []).sort(
      (a, b) => a.shift.startDate.localeCompare(b.shift.startDate) || a.shift.id.localeCompare(b.shift.id),
    );
    // Each offer in order gives to the first later offer still free that accepts it (marks, not
    // shift() and splice(), which moved the whole group per swap).
    const taken = new Uint8Array(offers.length);
    for (let g = 0; g < offers.length; g++) {
      if (taken[g] === 1) continue;
      const giver = offers[g] as Offer;
      const at = firstTaker(offers, taken, g, (taker) => acceptable(giver, taker, settings, options.fromMs));
      if (at < 0) continue;
      taken[at] = 1;
      const taker = offers[at] as Offer;
      const schedule = scheduleFor(world, unit.id, giver.shift.weekDate);
      if (!schedule) continue;
      plans.push({
        legacyId: '',
        managementUnitId: unit.id,
        weekDate: giver.shift.weekDate,
        scheduleId: schedule.id,
        initiatingUserId: giver.agent.id,
        initiatingShiftId: giver.shift.id,
        receivingUserId: taker.agent.id,
        receivingShiftId: taker.shift.id,
      });
    }
  }
  return plans;
}

/** The first offer after `g` not yet taken that `accepts`, or -1. */
function firstTaker(
  offers: readonly Offer[],
  taken: Uint8Array,
  g: number,
  accepts: (taker: Offer) => boolean,
): number {
  for (let t = g + 1; t < offers.length; t++) if (taken[t] !== 1 && accepts(offers[t] as Offer)) return t;
  return -1;
}

function acceptable(
  giver: Offer,
  taker: Offer,
  settings: World['managementUnits'][number]['settings']['shiftTrading'],
  nowMs: number,
): boolean {
  if (giver.agent.id === taker.agent.id) return false;
  const verdict = matchVerdict({
    settings,
    initiator: giver.agent,
    receiver: taker.agent,
    initiatingShift: giver.shift,
    receivingShift: taker.shift,
    nowMs,
    initiatorOtherShifts: giver.others,
    receiverOtherShifts: taker.others,
  });
  return verdict.violations.length === 0 && verdict.adminReviewViolations.length === 0;
}

/**
 * The swaps a scenario's load applies: its management units (every unit when it names none) and week, shifts not started at the clock's
 * start; with `trades.duplicateEvery` N, a legacy export's duplicate ids (the DST thread: "sometimes
 * legacy exports duplicate IDs causing lock contention"): every Nth swap is followed at once by a copy
 * with the same legacy id and shifts, which the runner sends like any other swap. With a `tradeMix`, each
 * planned trade gets its kind from the seed's 'trade-mix' stream (src/scenario/trade-mix.ts; a copy
 * keeps its original's kind); `seed` only chooses kinds, so callers that only count plans leave it out.
 */
export function planScenarioSwaps(
  world: World,
  scenario: { trades: TradesSpec; clock: { startUtc: string }; tradeMix?: TradeMix },
  seed = 0,
): TradePlan[] {
  const options: PlanOptions = { fromMs: Date.parse(scenario.clock.startUtc) };
  if (scenario.trades.managementUnits !== undefined) options.managementUnits = scenario.trades.managementUnits;
  if (scenario.trades.weekDate !== undefined) options.weekDate = scenario.trades.weekDate;
  return withDuplicates(withKinds(planSwaps(world, options), scenario.tradeMix, seed), scenario.trades.duplicateEvery);
}

function withDuplicates(plans: TradePlan[], every: number | undefined): TradePlan[] {
  if (every === undefined) return plans;
  return plans.flatMap((plan, i) => ((i + 1) % every === 0 ? [plan, { ...plan }] : [plan]));
}

/** How many planned swaps repeat a legacy id already planned: the duplicates of a legacy export. */
export function duplicateSends(plans: readonly TradePlan[]): number {
  return plans.length - new Set(plans.map((plan) => plan.legacyId)).size;
}
