/**
 * The server's truth about one run, as the control API serves it (mock-server/http: /__harness/requests,
 * /__harness/trades, /__harness/audit, /__harness/run, /__harness/world): the only input of an observe
 * report. Schemas, not just types: `report --from-server` may read a server of another version, and a
 * field it lacks is named, not guessed (read-server.ts).
 */
import { z } from 'zod';

const count = z.number().int().nonnegative();

/** One request-journal entry (mock-server/http/request-journal.ts JournalEntry). */
export const journalRow = z.object({
  seq: count,
  atMs: z.number(),
  arrivedAtMs: z.number().optional(),
  method: z.string(),
  route: z.string(),
  status: z.number().int(),
  cause: z.string().optional(),
  write: z.literal(true).optional(),
  principal: z.string().optional(),
  tradeId: z.string().optional(),
  legacyId: z.string().optional(),
  shiftIds: z.array(z.string()).optional(),
  agentId: z.string().optional(),
  scheduleId: z.string().optional(),
  jobId: z.string().optional(),
  versionSent: z.number().optional(),
  retryAfterS: z.number().optional(),
});

/** One trade the store holds (mock-server/http/run-read.ts tradeRow). */
export const tradeRow = z.object({
  id: z.string(),
  state: z.string(),
  version: count,
  managementUnitId: z.string(),
  weekDate: z.string(),
  scheduleId: z.string(),
  initiatingUserId: z.string(),
  initiatingShiftId: z.string(),
  receivingUserId: z.string().optional(),
  receivingShiftId: z.string().optional(),
  legacyId: z.string().optional(),
  createdMs: z.number(),
  modifiedMs: z.number(),
});

/** One audit entry (mock-server/domain/audit.ts AuditEntry). */
export const auditRow = z.object({
  seq: count,
  atMs: z.number(),
  entityType: z.string(),
  entityId: z.string(),
  fromVersion: z.number(),
  toVersion: z.number(),
  by: z.string(),
  action: z.string(),
  sentVersion: z.number().optional(),
});

/** GET /__harness/audit?view=summary: the invariants over every write, and the refusals by cause. */
export const auditSummary = z.object({
  writes: count,
  lostUpdates: count,
  nonMonotonicVersions: count,
  shiftsTradedTwice: z.array(z.string()),
  doubleBookedShifts: z.array(z.string()),
  tradesByState: z.record(z.string(), count),
  duplicateLegacyIds: z.array(z.string()),
  rejections: z.record(z.string(), count),
});

/** GET /__harness/run (mock-server/http/run-read.ts runView). */
export const runView = z.object({
  label: z.string().nullable(),
  /** The caller's setup id (serve, observe: the resolved scenario's hash); null when it gave none. */
  setupHash: z.string().nullable().optional(),
  seed: z.number().int(),
  quiet: z.boolean(),
  clock: z.object({ startUtc: z.string(), worldTime: z.string(), speed: z.number().positive() }),
  pressureWindows: z.array(
    z.object({
      kind: z.enum(['dst-transition', 'dst-reconciliation', 'publish-lock', 'self-service']),
      startUtc: z.string(),
      endUtc: z.string(),
      label: z.string(),
    }),
  ),
  network: z.object({ roundTripMs: z.object({ medianMs: z.number(), p99Ms: z.number() }).nullable() }),
  oauth: z.object({ clientsConfigured: count, loginsByClient: z.record(z.string(), count) }),
  journal: z.object({ held: count, dropped: count, capacity: count }),
  trades: z.object({ held: count, retired: count }),
});

export type JournalRow = z.infer<typeof journalRow>;
export type TradeRow = z.infer<typeof tradeRow>;
export type AuditRow = z.infer<typeof auditRow>;
export type AuditSummaryView = z.infer<typeof auditSummary>;
export type RunView = z.infer<typeof runView>;

/** Who owns a shift and which schedule (business unit and week) it is in: from the world. */
export interface ShiftPlace {
  agentId: string;
  scheduleId: string | undefined;
}

/** The world a report's header describes (src/report/results.ts `world`), from GET /__harness/world. */
export interface WorldView {
  timeZone: string;
  units: Array<{ businessUnit: string; name: string; timeZone: string; agents: number; traded: boolean }>;
}

export interface ServerTruth {
  run: RunView;
  world?: WorldView;
  /** Every API request the journal holds, oldest first. */
  journal: JournalRow[];
  trades: TradeRow[];
  /** The retained audit entries of trades, oldest first (agent-schedule entries are not needed). */
  tradeAudit: AuditRow[];
  audit: AuditSummaryView;
  shifts: ReadonlyMap<string, ShiftPlace>;
  /** The OAuth client the reader itself logged in as (its logins are not the client's). */
  readerClientId?: string;
}
