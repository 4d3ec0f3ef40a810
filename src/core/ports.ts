/**
 * The sync core's ports. Runtime adapters (src/adapters/node, src/adapters/k6, src/sim) implement them;
 * core code never touches fetch, timers, Date.now or Math.random directly.
 */
export type { Rng } from './rng.ts';

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path and query, e.g. /api/v2/workforcemanagement/...; the transport owns the base URL. */
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON body, or undefined when there is none. */
  body: unknown;
}

/** Sends one request. A network failure or timeout resolves with status 0 (an ambiguous outcome). */
export interface Transport {
  request(req: HttpRequest): Promise<HttpResponse>;
}

export interface Clock {
  /** Milliseconds on a monotonic clock of the runtime (real or virtual). */
  nowMs(): number;
}

export type Sleep = (ms: number) => Promise<void>;

export type ConflictKind =
  | 'version-conflict'
  | 'locked'
  | 'business-conflict'
  | 'invalid'
  | 'rate-limited'
  | 'transient'
  | 'auth';

export type SyncEvent =
  | { type: 'request'; step: string; write: boolean; status: number; durationMs: number }
  | { type: 'conflict'; step: string; kind: ConflictKind }
  | { type: 'retry'; step: string; attempt: number; delayMs: number; kind: ConflictKind }
  | { type: 'outcome'; outcome: TradeOutcomeStatus; durationMs: number; requests: number; writeRequests: number };

export type TradeOutcomeStatus = 'applied' | 'gave-up' | 'failed';

export interface MetricsSink {
  record(event: SyncEvent): void;
}
