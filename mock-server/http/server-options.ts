/** What buildServer (server.ts) takes beyond the harness's options, and the real-time limits it applies. */
import type { HarnessOptions } from './harness.ts';

export interface ServerOptions extends HarnessOptions {
  /** pino logging; off for in-process runs. */
  logger?: boolean | { level: string };
  bodyLimitBytes?: number;
  /** The whole request, headers and body, must arrive within this many real ms, else 408 (docs/cli.md "Timeouts"). */
  requestTimeoutMs?: number;
  /** A socket idle this many real ms is closed. */
  connectionTimeoutMs?: number;
  /** An idle keep-alive socket is closed after this many real ms (and the answers say so: keep-alive: timeout=). */
  keepAliveTimeoutMs?: number;
  /** A socket whose queued answers make no progress this many real ms is closed (http/slow-reader.ts). */
  writeStallMs?: number;
  /** How often (real ms) Node checks requests against requestTimeoutMs; tests shorten it. */
  timeoutCheckIntervalMs?: number;
}

/**
 * Real-time limits (Genesys documents none for clients): 30 s for a whole request — a body trickled byte
 * by byte used to hold a request open for minutes — 60 s of socket silence, 60 s for an idle keep-alive
 * socket (Fastify's default of 72 s closed them at 73 s while the docs said 60), and 30 s for answers a
 * client does not read (it held its socket about 115 s); Node checks every 1 s.
 */
export const TIMEOUTS = {
  requestTimeoutMs: 30_000,
  connectionTimeoutMs: 60_000,
  keepAliveTimeoutMs: 60_000,
  writeStallMs: 30_000,
  timeoutCheckIntervalMs: 1_000,
} as const;
