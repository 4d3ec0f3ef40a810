/**
 * A world's size, checked before it is generated. Each field has its own limit, but their product did
 * not: 50 business units x 100 management units x 100,000 agents was attempted (3.4 GB, killed at 60 s).
 * What generation, the mock's store and planning cost grows with is the number of shifts, agents x weeks
 * x workDaysPerAgent summed over the units (planning once also grew with agents squared and with the
 * shifts per agent squared; src/scenario/plan.ts no longer does). The budget is sized so any world within
 * it generates, builds the mock's store and plans in well under 30 s and 1 GB on this project's 2-core
 * machine (docs/scenarios.md "World budget", with the measurements). Pure: no zod, luxon or faker.
 */
import type { WorldSpec } from './spec.ts';

/** Shifts a world may hold (count): see the file comment and docs/scenarios.md "World budget". */
export const WORLD_BUDGET_SHIFTS = 400_000;

export interface WorldSize {
  agents: number;
  shifts: number;
  /** The units holding the most agents, largest first (at most 3), as field paths, to name in a refusal. */
  largest: Array<{ field: string; agents: number }>;
}

export function worldSize(world: WorldSpec): WorldSize {
  const units = world.businessUnits.flatMap((bu, b) =>
    bu.managementUnits.map((mu, m) => ({
      field: `world.businessUnits[${b}].managementUnits[${m}].agents`,
      agents: mu.agents,
    })),
  );
  const agents = units.reduce((sum, unit) => sum + unit.agents, 0);
  const largest = [...units].sort((a, b) => b.agents - a.agents).slice(0, 3);
  return { agents, shifts: agents * world.weeks * world.workDaysPerAgent, largest };
}

/** Why the world is over the budget, naming the fields that make it up; undefined when within it. */
export function overBudget(world: WorldSpec): string | undefined {
  const size = worldSize(world);
  if (size.shifts <= WORLD_BUDGET_SHIFTS) return undefined;
  const units = world.businessUnits.reduce((sum, bu) => sum + bu.managementUnits.length, 0);
  const largest = size.largest.map((unit) => `${unit.field} = ${unit.agents}`).join(', ');
  return (
    `the world holds ${size.shifts} shifts (${size.agents} agents in ${units} management units x world.weeks ` +
    `${world.weeks} x world.workDaysPerAgent ${world.workDaysPerAgent}), over the budget of ` +
    `${WORLD_BUDGET_SHIFTS} shifts (docs/scenarios.md "World budget"): lower the agents (largest: ${largest}), ` +
    `world.weeks or world.workDaysPerAgent`
  );
}
