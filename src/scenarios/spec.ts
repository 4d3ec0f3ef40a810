/**
 * Scenario specs as plain data: read by the mock server (world and pressures), the k6 entry points
 * (load shape) and the compare command. No luxon, faker or zod here: this file is bundled into k6.
 */
import type { DstReconciliationConfig } from '../../mock-server/domain/pressures/dst-reconciliation.ts';
import type { ShiftTradingSettings } from '../../mock-server/domain/world.ts';

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

export interface ScenarioSpec {
  name: string;
  description: string;
  world: WorldSpec;
  /** Which swaps the load plans: one management unit (by name) and, optionally, one week. */
  trades: { managementUnit: string; weekDate?: string };
  /** The world clock at reset: where the run starts and how many world ms pass per real ms. */
  clock: { startUtc: string; speed: number };
  pressures: { dstReconciliation: DstReconciliationConfig | null };
  load: { tradesPerSecond: number; durationS: number; preAllocatedVUs: number; maxVUs: number };
}
