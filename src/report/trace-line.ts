/**
 * One line of trace.jsonl (`sim --trace`, written by src/sim/trace.ts, read by `explain`). Times are
 * WORLD instants (ISO UTC); versions are the trade's metadata.version.
 */
export type TraceLine =
  | {
      type: 'request';
      /** When the answer arrived. */
      worldUtc: string;
      /** When the request left. */
      sentUtc: string;
      legacyId: string;
      strategy: string;
      method: string;
      /** The path with ids as {id}. */
      route: string;
      status: number;
      /** What the answer said was wrong (details errorCode, else code): VERSION_MISMATCH, RESOURCE_LOCKED, … */
      cause?: string;
      tradeId?: string;
      /** metadata.version or If-Match of the request. */
      versionSent?: number;
      /** The trade's version in a GET's answer (a replica may lag). */
      versionRead?: number;
      /** A GET answered 200 without the trade in it (a replica that has not seen it yet). */
      missingFromRead?: boolean;
      /** The trade's version on the server when the answer arrived. */
      versionCurrent?: number;
    }
  | { type: 'conflict'; worldUtc: string; legacyId: string; strategy: string; step: string; kind: string }
  | {
      type: 'retry';
      worldUtc: string;
      legacyId: string;
      strategy: string;
      step: string;
      attempt: number;
      kind: string;
      delayMs: number;
    }
  | {
      type: 'outcome';
      worldUtc: string;
      legacyId: string;
      strategy: string;
      outcome: string;
      durationMs: number;
      requests: number;
      lastWriteStatus: number;
      /** Not applied: why, from the client's view (src/core/failure-cause.ts). */
      cause?: string;
    };
