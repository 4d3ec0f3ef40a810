/**
 * Background jobs of the job-based shift-trade routes (POST …/jobs with ?forceAsync=true). A job is
 * accepted at a world instant and its write runs at `accepted + delayMs`, when the store's advanceTo
 * reaches that instant (no timers: real-time serving and virtual time run the same code). The write is a
 * closure the API layer builds over the store's ordinary methods, so versions, locks and the audit log
 * are the ones every other write meets; a job that runs after its version moved ends Error (409).
 */
import { insertSorted } from './sorted.ts';
import { ClosingQueue } from './retention.ts';

export type JobType =
  | 'AddTrade'
  | 'UpdateTrade'
  | 'MatchTrade'
  | 'UpdateTradeState'
  | 'BulkUpdateTradeStates'
  // Business-unit reads (mock-server/api/bu-read-routes.ts): jobs too, as the SDK starts and polls them.
  | 'QueryTrades'
  | 'EvaluateTrades'
  | 'SearchUnmatchedTrades'
  | 'QueryWeekSummaries';
export type JobStatus = 'Processing' | 'Complete' | 'Error';

/** What a finished write produced, already in the shape the API serves (the domain does not look inside). */
export type JobOutcome =
  { ok: true; result: unknown } | { ok: false; error: unknown; /** Why, for metrics. */ cause?: string };

export interface JobsConfig {
  /** World ms between accepting a forceAsync job and running its write. */
  delayMs: number;
}

/** Genesys documents no processing time; 2 world-s is long enough for a background re-save to land in between. */
export const DEFAULT_JOBS: JobsConfig = { delayMs: 2_000 };

export interface Job {
  readonly id: string;
  readonly type: JobType;
  /** The OAuth client that started it (undefined in-process: then anyone may read it). */
  readonly client: string | undefined;
  /** The path parameters the job was started under (tradeId, businessUnitId): its GET must name the same. */
  readonly scope: Readonly<Record<string, string>>;
  readonly acceptedMs: number;
  readonly dueMs: number;
  status: JobStatus;
  outcome?: JobOutcome;
  completedMs?: number;
}

interface Pending {
  job: Job;
  run: (nowMs: number) => JobOutcome;
}

export interface JobSubmission {
  type: JobType;
  client: string | undefined;
  scope: Record<string, string>;
  run: (nowMs: number) => JobOutcome;
}

export class JobQueue {
  private readonly jobs = new Map<string, Job>();
  /** Jobs not yet run, by due instant; jobs due at the same instant run in the order they were accepted. */
  private readonly pending: Pending[] = [];

  private config: JobsConfig = DEFAULT_JOBS;
  /** Finished jobs in the order they finished: dropped after retentionMs (world) or beyond maxFinished. */
  private readonly finished = new ClosingQueue<string>();
  private retentionMs = 3_600_000;
  private maxFinished = 10_000;

  constructor(private readonly newId: () => string) {}

  /** Set the delay (build-store.ts does, from the scenario's pressures.jobs); jobs already accepted keep theirs. */
  configure(config: JobsConfig): void {
    if (!(Number.isFinite(config.delayMs) && config.delayMs >= 0))
      throw new Error(`jobs.delayMs must be a finite number >= 0, got ${config.delayMs}`);
    this.config = config;
  }

  /** How long (world ms) and how many (count) finished jobs stay readable (retention.ts). */
  retain(retentionMs: number, maxFinished: number): void {
    this.retentionMs = retentionMs;
    this.maxFinished = maxFinished;
  }

  /** Drop the finished jobs past retention at nowMs; a later GET of one answers 404. */
  retire(nowMs: number): void {
    for (const id of this.finished.drain(nowMs - this.retentionMs, this.maxFinished)) this.jobs.delete(id);
  }

  /** Jobs held, running or finished (the bounds test and GET /__harness/stats read it). */
  get size(): number {
    return this.jobs.size;
  }

  /** Accept a job: Processing until advanceTo reaches acceptedMs + delayMs. */
  submit(submission: JobSubmission, acceptedMs: number): Job {
    const job: Job = {
      id: this.newId(),
      type: submission.type,
      client: submission.client,
      scope: submission.scope,
      acceptedMs,
      dueMs: acceptedMs + this.config.delayMs,
      status: 'Processing',
    };
    this.jobs.set(job.id, job);
    const entry: Pending = { job, run: submission.run };
    // The clock can be set back, so a later job may be due earlier: insert in order rather than append.
    insertSorted(this.pending, entry, (p) => p.job.dueMs);
    return job;
  }

  /**
   * Run the write at once and return the finished job without keeping it: Genesys retains job details
   * only when the request was answered 202 (SDK: "Job details are only retained if the initial request
   * returned a 202 ACCEPTED response").
   */
  runNow(submission: JobSubmission, nowMs: number): Job {
    const outcome = submission.run(nowMs);
    return {
      id: this.newId(),
      type: submission.type,
      client: submission.client,
      scope: submission.scope,
      acceptedMs: nowMs,
      dueMs: nowMs,
      status: outcome.ok ? 'Complete' : 'Error',
      outcome,
      completedMs: nowMs,
    };
  }

  get(jobId: string): Job | undefined {
    return this.jobs.get(jobId);
  }

  /** When the next pending job is due, or undefined. */
  nextDueMs(): number | undefined {
    return this.pending[0]?.job.dueMs;
  }

  /** Run every pending job due before `untilMs` (or at it, when inclusive), each at its own due instant. */
  runDue(untilMs: number, inclusive = true): number {
    let ran = 0;
    while (this.pending.length > 0) {
      const next = this.pending[0] as Pending;
      if (inclusive ? next.job.dueMs > untilMs : next.job.dueMs >= untilMs) break;
      this.pending.shift();
      const outcome = next.run(next.job.dueMs);
      next.job.outcome = outcome;
      next.job.status = outcome.ok ? 'Complete' : 'Error';
      next.job.completedMs = next.job.dueMs;
      this.finished.push(next.job.id, next.job.dueMs);
      ran++;
    }
    return ran;
  }
}
