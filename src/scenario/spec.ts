/**
 * Scenario specs as plain data: turned into the mock's World and setup by the CLI and the simulator
 * (mock-setup.ts), read by the k6 entry points (load shape) and the compare command. No luxon, faker or zod
 * here: this file is bundled into k6.
 */
import type { ShiftTradingSettings } from '../../mock-server/domain/world.ts';
import type { FaultConfig } from '../../mock-server/api/faults.ts';
import type { MockPressures, MockSetup } from '../../mock-server/api/mock-setup.ts';
import type { LoadStage } from './load-shape.ts';
import type { TradeMix } from './trade-mix.ts';

export interface ManagementUnitSpec {
  name: string;
  /** IANA zone the unit's shifts are planned in. */
  timeZone: string;
  agents: number;
  /** Skill sets an agent may hold (one is drawn per agent); default one generic set. */
  skillProfiles?: string[][];
  /** Language sets an agent may speak (one is drawn per agent). */
  languageProfiles?: string[][];
  /** Overrides of DEFAULT_SHIFT_TRADING (mock-server/domain/world.ts). */
  shiftTrading?: Partial<ShiftTradingSettings>;
}

export interface BusinessUnitSpec {
  name: string;
  /** The zone the BU's weeks are dated in. */
  timeZone: string;
  managementUnits: ManagementUnitSpec[];
}

export interface WorldSpec {
  /** The first week's Monday, YYYY-MM-DD. */
  weekDate: string;
  /** How many consecutive weeks every business unit has a schedule for. */
  weeks: number;
  workDaysPerAgent: number;
  shiftHours: number;
  businessUnits: BusinessUnitSpec[];
}

/** Which swaps a load plans (ScenarioSpec.trades). */
export interface TradesSpec {
  managementUnits?: string[];
  weekDate?: string;
  duplicateEvery?: number;
}

/** The pressures besides DST reconciliation (the mock's own settings: mock-server/api/mock-setup.ts). */
export type PressureOptions = Omit<MockPressures, 'dstReconciliation' | 'jobs'>;

export interface ScenarioSpec {
  name: string;
  description: string;
  world: WorldSpec;
  /**
   * Which swaps the load plans: the management units (by name; absent: every unit of the world, as a
   * cutover spans them all) and, optionally, one week. Swaps pair agents within one unit; the units'
   * swaps are interleaved (src/scenario/plan.ts). `duplicateEvery`: a legacy export with duplicate ids (the
   * DST thread): every Nth planned swap is sent twice, the copy right after it with the same legacy id.
   */
  trades: TradesSpec;
  /**
   * The world clock at reset: where the run starts, and the default `speed` (world ms per real ms) of
   * runs against the listening mock (compare, serve; `--speed` overrides it). Speed is a runtime knob
   * only: every duration in a scenario is world time, and the simulator's virtual time IS world time.
   */
  clock: MockSetup['clock'];
  /** The client-server round trip in world ms (mock-server/api/network-latency.ts); null: none (loopback only). */
  network: MockSetup['network'];
  /** What the mock's background pressures and rate limits do (mock-server/api/mock-setup.ts). */
  pressures: MockPressures;
  /**
   * In WORLD time: swaps start at `tradesPerSecond` per world-second for `durationS` world-seconds. Under
   * k6 that is tradesPerSecond x speed per real second for durationS / speed real seconds. With `stages`
   * (k6 ramping-arrival-rate) the rate starts at tradesPerSecond and ramps to each stage's target;
   * durationS is then the stages' sum (src/scenario/load-shape.ts).
   */
  load: {
    tradesPerSecond: number;
    durationS: number;
    preAllocatedVUs: number;
    maxVUs: number;
    stages?: LoadStage[];
    /**
     * How many OAuth clients (tokens) the load's requests are spread over (default 1): the mock's
     * per-token rate limit counts each one's requests apart (src/scenario/clients.ts).
     */
    clients?: number;
  };
  /**
   * Shares of planned trades that are swaps (create + match), one-sided offers (create, no receiving
   * agent, left Unmatched) and cancels (create, then canceled by the initiator); absent: all swaps,
   * planned and drawn exactly as before mixes existed (src/scenario/trade-mix.ts, docs/scenarios.md "Trade mix").
   */
  tradeMix?: TradeMix;
  /** Server faults every run of this scenario gets unless --faults says otherwise (mock-server/api/faults.ts). */
  faults?: FaultConfig;
  /** Strategies a run compares when none is named: preset names or inline strategies (src/core/strategy-text.ts). */
  strategies?: string[];
  /**
   * k6 thresholds a run of this scenario is held to by default (src/scenario/thresholds.ts: a key
   * without a strategy tag applies to every strategy, one with `{strategy:x}` only to x). compare
   * --thresholds FILE replaces them, --threshold adds to them; the simulator does not read them.
   */
  thresholds?: Record<string, string[]>;
}

/**
 * The same scenario with these shift-trading settings in every management unit (over each unit's own):
 * for variants such as "no weekly trade cap" in races and benchmarks that trade one pair back and forth.
 */
export function withShiftTrading(spec: ScenarioSpec, settings: Partial<ShiftTradingSettings>): ScenarioSpec {
  return {
    ...spec,
    world: {
      ...spec.world,
      businessUnits: spec.world.businessUnits.map((bu) => ({
        ...bu,
        managementUnits: bu.managementUnits.map((mu) => ({ ...mu, shiftTrading: { ...mu.shiftTrading, ...settings } })),
      })),
    },
  };
}

/**
 * A partitioning strategy's run ends this many world-seconds after the load's duration: k6 runs it with
 * per-vu-iterations and maxDuration = (durationS + this) / speed (k6/lib/swaps.ts), and the
 * simulator starts no swap after that instant either (src/sim/experiments/swaps.ts), so both report the
 * same window.
 */
export const PARTITIONED_EXTRA_S = 60;
