/**
 * The generated world as plain data: what GET /__harness/world returns and what the store is built
 * from. Times are UTC ISO strings; time-zone work (luxon) happens before the world reaches here.
 *
 * Org: business units → management units (each in its own IANA zone, with shift-trading settings) →
 * agents (skills, languages, shifts over several weeks). Each business unit has one schedule per week.
 */
export interface DstTransition {
  /** The UTC instant of the transition. */
  atUtc: string;
  kind: 'spring-forward' | 'fall-back';
  offsetBeforeMinutes: number;
  offsetAfterMinutes: number;
}

export type RuleMode = 'Allow' | 'Disallow' | 'AdminReview';

/** A management unit's `settings.shiftTrading` (Genesys model; the subset the mock enforces). */
export interface ShiftTradingSettings {
  enabled: boolean;
  /** Approve a trade as soon as it is matched without violations. */
  autoReview: boolean;
  allowDirectTrades: boolean;
  /** A trade's shifts must start at least this many hours after the world's now. */
  minHoursInFuture: number;
  unequalPaid: RuleMode;
  oneSided: RuleMode;
  requiresMatchingSkills: boolean;
  requiresMatchingLanguages: boolean;
  /** Minutes that must separate an agent's shifts after the swap (0: they may touch, never overlap). */
  minMinutesBetweenShifts: number;
  maxTradeSpanWeeks: number;
  /** Open or approved trades an agent may initiate per week. */
  maxTradesPerAgentPerWeek: number;
  /** Trades may be created for weeks starting within this many weeks of the current one (Genesys: 6). */
  tradingWindowWeeks: number;
}

export interface BusinessUnit {
  id: string;
  name: string;
  /** The zone the BU's weeks are dated in (weekDate is that zone's Monday). */
  timeZone: string;
  /**
   * The zone's UTC offsets around the world's weeks (from four weeks before the first one), so the domain
   * can turn the BU's local times into instants without a zone database (zone-offsets.ts; publish uses it).
   * Set by src/world/generate.ts; a hand-built world may leave it out (then nothing may need it).
   */
  zoneOffsets?: ZoneOffsets;
}

/** A zone's UTC offset at `fromUtc` and every change after it (see zone-offsets.ts). */
export interface ZoneOffsets {
  /** From this instant on the table is exact (earlier instants get offsetMinutes, unchecked). */
  fromUtc: string;
  /** The zone's UTC offset at fromUtc, minutes east of UTC (America/Chicago in winter: -360). */
  offsetMinutes: number;
  /** Every offset change after fromUtc, in order. */
  transitions: DstTransition[];
}

export interface ManagementUnit {
  id: string;
  name: string;
  businessUnitId: string;
  timeZone: string;
  /** Transitions of the zone that fall in or near the world's weeks. */
  dstTransitions: DstTransition[];
  settings: { shiftTrading: ShiftTradingSettings };
}

/** One business unit's schedule of one week (BuScheduleMetadata). */
export interface Schedule {
  id: string;
  businessUnitId: string;
  weekDate: string;
  weekCount: 1;
  description: string;
  published: boolean;
}

export interface Shift {
  id: string;
  startDate: string;
  lengthMinutes: number;
  /** The week (its first day) this shift's schedule covers. */
  weekDate: string;
}

export interface Agent {
  id: string;
  name: string;
  managementUnitId: string;
  skills: string[];
  languages: string[];
  /** Every shift of every week, in start order. */
  shifts: Shift[];
}

export interface World {
  seed: number;
  /** The weeks every business unit has a schedule for, in order. */
  weeks: string[];
  businessUnits: BusinessUnit[];
  managementUnits: ManagementUnit[];
  schedules: Schedule[];
  agents: Agent[];
}

/** The schedule of a management unit's business unit for a week, if the world has one. */
export function scheduleFor(world: World, managementUnitId: string, weekDate: string): Schedule | undefined {
  const unit = world.managementUnits.find((u) => u.id === managementUnitId);
  return unit
    ? world.schedules.find((s) => s.businessUnitId === unit.businessUnitId && s.weekDate === weekDate)
    : undefined;
}

/**
 * Shift-trading settings of a management unit when the scenario says nothing (docs/mock-server.md "Choices"):
 * trading on, auto-review on, direct trades allowed, shifts that have not started yet, equal paid time
 * required, matching skills and languages required, shifts may touch but not overlap, trades within one
 * week, five trades per agent and week, six weeks ahead (Genesys' reported window).
 */
export const DEFAULT_SHIFT_TRADING: Readonly<ShiftTradingSettings> = {
  enabled: true,
  autoReview: true,
  allowDirectTrades: true,
  minHoursInFuture: 0,
  unequalPaid: 'Disallow',
  oneSided: 'Disallow',
  requiresMatchingSkills: true,
  requiresMatchingLanguages: true,
  minMinutesBetweenShifts: 0,
  maxTradeSpanWeeks: 1,
  maxTradesPerAgentPerWeek: 5,
  tradingWindowWeeks: 6,
};
