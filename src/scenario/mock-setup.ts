/**
 * A scenario as the mock takes it: its clock, pressures and network as the mock's own MockSetup
 * (mock-server/api/mock-setup.ts). Pure, so the simulator and the k6 side can call it; the world is
 * generated from the scenario's WorldSpec by src/world (Node only).
 */
import type { MockPressures, MockSetup } from '../../mock-server/api/mock-setup.ts';
import { RATE_LIMITS_DEFAULTS } from '../../mock-server/api/rate-limits.ts';
import type { RateLimitsConfig } from '../../mock-server/api/rate-limits.ts';
import type { ScenarioSpec } from './spec.ts';

export function mockSetupOf(spec: Pick<ScenarioSpec, 'clock' | 'pressures' | 'network'>): MockSetup {
  return { clock: spec.clock, pressures: spec.pressures, network: spec.network };
}

/** The rate limits a scenario's mock runs with (its partial config over the documented defaults); null: off. */
export function rateLimitsOf(pressures: Pick<MockPressures, 'rateLimits'>): RateLimitsConfig | null {
  return pressures.rateLimits ? { ...RATE_LIMITS_DEFAULTS, ...pressures.rateLimits } : null;
}
