/**
 * The world a report describes in its header: every management unit with its zone and agents, and the
 * zone the report shows local times in (the first unit the trades load, where the shifts and the DST
 * night are local). Pure: bundled nowhere it is not needed, and it reads only the spec.
 */
import type { ScenarioSpec } from './spec.ts';

export interface WorldSummaryView {
  timeZone: string;
  units: Array<{ businessUnit: string; name: string; timeZone: string; agents: number; traded: boolean }>;
}

export function worldSummaryOf(spec: Pick<ScenarioSpec, 'world' | 'trades'>): WorldSummaryView {
  const units = spec.world.businessUnits.flatMap((bu) =>
    bu.managementUnits.map((mu) => ({
      businessUnit: bu.name,
      name: mu.name,
      timeZone: mu.timeZone,
      agents: mu.agents,
      traded: mu.name === spec.trades.managementUnit,
    })),
  );
  const first = units.find((u) => u.traded) ?? units[0];
  return { timeZone: first?.timeZone ?? 'UTC', units };
}
