/**
 * Scenario specs as plain data: read by the mock server (world and pressures), the k6 entry points
 * (load shape) and the compare command. No luxon, faker or zod here: this file is bundled into k6.
 */
import type { DstReconciliationConfig } from '../../mock-server/domain/pressures/dst-reconciliation.ts';

export interface ScenarioSpec {
  name: string;
  description: string;
  world: {
    agents: number;
    timeZone: string;
    weekDate: string;
    managementUnitName: string;
    workDaysPerAgent: number;
    shiftHours: number;
  };
  /** The world clock at reset: where the run starts and how many world ms pass per real ms. */
  clock: { startUtc: string; speed: number };
  pressures: { dstReconciliation: DstReconciliationConfig | null };
  load: { tradesPerSecond: number; durationS: number; preAllocatedVUs: number; maxVUs: number };
}
