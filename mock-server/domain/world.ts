/**
 * The generated world as plain data: what GET /__harness/world returns and what the store is built
 * from. Times are UTC ISO strings; time-zone work (luxon) happens before the world reaches here.
 */
export interface DstTransition {
  /** The UTC instant of the transition. */
  atUtc: string;
  kind: 'spring-forward' | 'fall-back';
  offsetBeforeMinutes: number;
  offsetAfterMinutes: number;
}

export interface ManagementUnit {
  id: string;
  name: string;
  timeZone: string;
  /** Transitions of the zone that fall in or near the world's weeks. */
  dstTransitions: DstTransition[];
}

export interface Shift {
  id: string;
  startDate: string;
  lengthMinutes: number;
}

export interface Agent {
  id: string;
  name: string;
  managementUnitId: string;
  shifts: Shift[];
}

export interface World {
  seed: number;
  businessUnitId: string;
  scheduleId: string;
  weekDate: string;
  managementUnits: ManagementUnit[];
  agents: Agent[];
}
