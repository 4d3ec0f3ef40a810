/**
 * The mock's inputs from a scenario: the world generated from its WorldSpec for a seed, and its setup
 * (clock, pressures, network). The mock reads no scenario (DESIGN "Shape and dependency direction"):
 * every caller that starts one from a scenario (serve, compare, observe, tests) goes through here.
 */
import type { MockSetup } from '../../mock-server/api/mock-setup.ts';
import type { World } from '../../mock-server/domain/world.ts';
import { mockSetupOf } from '../scenario/mock-setup.ts';
import type { ScenarioSpec } from '../scenario/spec.ts';
import { generateWorld } from './generate.ts';

export function mockFromScenario(spec: ScenarioSpec, seed: number): { world: World; setup: MockSetup } {
  return { world: generateWorld(spec.world, seed), setup: mockSetupOf(spec) };
}
