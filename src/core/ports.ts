/**
 * The sync core's ports. Runtime adapters (src/adapters/node, src/adapters/k6, src/sim) implement them;
 * core code never touches fetch, timers, Date.now or Math.random directly. The core's steps call Clock,
 * Rng and MetricsSink; they never call Transport or Sleep: they yield send and sleep effects
 * (./effects.ts), which drive() answers with these two in Node and k6, and the simulator's actors answer
 * in its event loop.
 */
export type { Rng } from '../contract/rng.ts';
import type { LastAnswer } from './failure-cause.ts';

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
  /** Status 0 only, when the transport can tell: the request timed out, or the connection closed unanswered. */
  error?: 'timeout' | 'closed';
}

/**
 * Sends one request (drive() answers a send effect with it). A network failure or timeout resolves with
 * status 0 (an ambiguous outcome).
 */
export interface Transport {
  request(req: HttpRequest): Promise<HttpResponse>;
}

/**
 * World time (DESIGN "Time: one axis"): every duration the core reads or waits is a world duration. A
 * runtime adapter converts: in Node and k6 the clock reads real ms x speed and sleep(ms) waits ms / speed
 * real ms; in the simulator virtual time is world time. The core never learns the speed.
 */
export interface Clock {
  /** World milliseconds on a monotonic clock (only differences are meaningful). */
  nowMs(): number;
}

/** Wait this many world milliseconds (drive() answers a sleep effect with it). */
export type Sleep = (ms: number) => Promise<void>;

/** Every kind of refusal the core classifies (classify.ts), in one list: metrics, strategy fields and schemas read it. */
export const CONFLICT_KINDS = [
  'version-conflict',
  'locked',
  'business-conflict',
  'invalid',
  'rate-limited',
  'transient',
  'auth',
] as const;

export type ConflictKind = (typeof CONFLICT_KINDS)[number];

export type SyncEvent =
  | { type: 'request'; step: string; write: boolean; status: number; durationMs: number }
  | { type: 'conflict'; step: string; kind: ConflictKind }
  | { type: 'retry'; step: string; attempt: number; delayMs: number; kind: ConflictKind }
  | {
      type: 'outcome';
      outcome: TradeOutcomeStatus;
      durationMs: number;
      requests: number;
      writeRequests: number;
      lastWriteStatus: number;
      /** A trade not applied: its last unsuccessful answer (failure-cause.ts), if it had one. */
      lastAnswer?: LastAnswer;
      /** Its requests the per-token rate limit refused (429), when any: they cost the token nothing. */
      tokenRefusals?: number;
    };

export type TradeOutcomeStatus = 'applied' | 'gave-up' | 'failed';

/**
 * A trade that was not applied and whose last write was answered 409 (after the strategy's own retries,
 * or a permanent 409): the trade-level "conflict rate" a JMeter run reports (DESIGN "Metrics").
 */
export function failedBy409(outcome: TradeOutcomeStatus, lastWriteStatus: number): boolean {
  return outcome !== 'applied' && lastWriteStatus === 409;
}

export interface MetricsSink {
  record(event: SyncEvent): void;
}
