/**
 * The 2xx bodies of the routes outside the route table that clients read: the OAuth grant, the world
 * clock, the generated world and the audit (its three views). Each schema is typed against the code that
 * builds the answer, so the two cannot drift apart; the OpenAPI document declares them and the response
 * fuzz (test/server/response-fuzz.test.ts) checks every such answer against them, as it does the table's.
 */
import { z } from 'zod';
import type { FaultCounts } from '../api/faults.ts';
import type { AuditEntry, AuditReport, AuditSummary } from '../domain/audit.ts';
import type {
  Agent,
  BusinessUnit,
  DstTransition,
  ManagementUnit,
  Schedule,
  ShiftTradingSettings,
  World,
} from '../domain/world.ts';

const count = z.number().int().nonnegative();
const counts = z.record(z.string(), count);
const ruleMode = z.enum(['Allow', 'Disallow', 'AdminReview']);

export const tokenResponse = z.strictObject({
  access_token: z.string().min(1),
  token_type: z.literal('bearer'),
  expires_in: z.number().int().positive().describe('Real seconds'),
});

/** GET and PUT /__harness/clock. */
export const clockResponse: z.ZodType<{ worldTime: string; speed: number }> = z.strictObject({
  worldTime: z.iso.datetime(),
  speed: z.number().positive(),
});

const dstTransition: z.ZodType<DstTransition> = z.strictObject({
  atUtc: z.iso.datetime(),
  kind: z.enum(['spring-forward', 'fall-back']),
  offsetBeforeMinutes: z.number().int(),
  offsetAfterMinutes: z.number().int(),
});

const shiftTrading: z.ZodType<ShiftTradingSettings> = z.strictObject({
  enabled: z.boolean(),
  autoReview: z.boolean(),
  allowDirectTrades: z.boolean(),
  minHoursInFuture: z.number(),
  unequalPaid: ruleMode,
  oneSided: ruleMode,
  requiresMatchingSkills: z.boolean(),
  requiresMatchingLanguages: z.boolean(),
  minMinutesBetweenShifts: z.number(),
  maxTradeSpanWeeks: z.number(),
  maxTradesPerAgentPerWeek: z.number(),
  tradingWindowWeeks: z.number(),
});

const businessUnit: z.ZodType<BusinessUnit> = z.strictObject({
  id: z.string(),
  name: z.string(),
  timeZone: z.string(),
  zoneOffsets: z
    .strictObject({ fromUtc: z.iso.datetime(), offsetMinutes: z.number().int(), transitions: z.array(dstTransition) })
    .optional(),
});

const managementUnit: z.ZodType<ManagementUnit> = z.strictObject({
  id: z.string(),
  name: z.string(),
  businessUnitId: z.string(),
  timeZone: z.string(),
  dstTransitions: z.array(dstTransition),
  settings: z.strictObject({ shiftTrading }),
});

const schedule: z.ZodType<Schedule> = z.strictObject({
  id: z.string(),
  businessUnitId: z.string(),
  weekDate: z.iso.date(),
  weekCount: z.literal(1),
  description: z.string(),
  published: z.boolean(),
});

const agent: z.ZodType<Agent> = z.strictObject({
  id: z.string(),
  name: z.string(),
  managementUnitId: z.string(),
  skills: z.array(z.string()),
  languages: z.array(z.string()),
  shifts: z.array(
    z.strictObject({
      id: z.string(),
      startDate: z.iso.datetime(),
      lengthMinutes: z.number().int().positive(),
      weekDate: z.iso.date(),
    }),
  ),
});

/** GET /__harness/world. */
export const worldResponse: z.ZodType<World> = z.strictObject({
  seed: z.number().int(),
  weeks: z.array(z.iso.date()),
  businessUnits: z.array(businessUnit),
  managementUnits: z.array(managementUnit),
  schedules: z.array(schedule),
  agents: z.array(agent),
});

const faultCounts: z.ZodType<FaultCounts> = z.strictObject({
  latency: count,
  latencyMsTotal: z.number().nonnegative(),
  error5xx: count,
  dropAfterCommit: count,
  resetBeforeCommit: count,
  hang: count,
});

const summaryFields = {
  writes: count,
  writesBy: counts,
  nonMonotonicVersions: count,
  lostUpdates: count,
  shiftsTradedTwice: z.array(z.string()),
  doubleBookedShifts: z.array(z.string()),
  tradesByState: counts,
  tradesPerLegacyId: counts,
  duplicateLegacyIds: z.array(z.string()),
  untalliedDroppedTrades: count.optional(),
  rejections: counts,
  requests: counts,
  faults: faultCounts,
} satisfies Record<keyof AuditSummary | 'rejections' | 'requests' | 'faults', z.ZodType>;

const versionHistory: z.ZodType<AuditReport['versionHistory']> = z.record(
  z.string(),
  z.array(z.strictObject({ version: z.number().int(), atMs: z.number(), by: z.string(), action: z.string() })),
);

const auditEntry: z.ZodType<AuditEntry> = z.strictObject({
  seq: count,
  atMs: z.number(),
  entityType: z.enum(['agentSchedule', 'trade']),
  entityId: z.string(),
  fromVersion: z.number().int(),
  toVersion: z.number().int(),
  by: z.string(),
  action: z.string(),
  sentVersion: z.number().int().optional(),
});

/** GET /__harness/audit: the default view, ?view=summary, or a page of entries (?limit=&cursor=). */
export const auditResponse = z.union([
  z.strictObject({ ...summaryFields, versionHistory, versionHistoryFromSeq: count }),
  z.strictObject(summaryFields),
  z.strictObject({ entries: z.array(auditEntry), oldestSeq: count, writes: count, nextCursor: count.optional() }),
]);
