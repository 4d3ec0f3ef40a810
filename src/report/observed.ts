/** results.json's `observed` block (kind 'observe'): what the server's truth says the observed client did. */
import { z } from 'zod';

const int = z.number().int().nonnegative();

/**
 * kind 'observe' (src/observe): what the server's truth says about the client under observation, beside the
 * usual metrics (docs/observe.md "What the report names"). Counts of per-trade records by outcome, and of
 * requests the client sent in a way the report names.
 */
export const observedBehaviour = z.object({
  /** Records (trades the server holds, and attempts it never made a trade of) by outcome (src/observe/records.ts). */
  outcomes: z.record(z.string(), int),
  /** Created and never matched nor closed: still Unmatched when the run ended. */
  orphans: int,
  /** A second trade for the same legacy id or the same two shifts while the first stood. */
  duplicates: int,
  /** Attempts the server never made a trade of (every create refused). */
  refused: int,
  /** Requests that reached the server before the Retry-After their sender had been given was over. */
  retryAfterIgnored: int,
  /** Writes that re-sent a version refused with a 409, without a read in between, and were refused as stale. */
  staleResends: int,
  rateLimited: int,
  serverErrors: int,
  reads: int,
  /** OAuth tokens the client's OAuth clients were granted during the run. */
  logins: int,
  /** Tokens (principals) that sent requests. */
  principals: int,
  /** API requests no attribution rule tied to a trade: counted here, never dropped. */
  unattributed: z.object({ requests: int, byReason: z.record(z.string(), int) }),
  /** Requests that left the journal's ring before it was read: records that began earlier are partial. */
  journalDropped: int,
  /** Closed trades the server dropped past retention before it was read (not in the records). */
  tradesRetired: int,
});

/** kind 'observe', run level: where the truth came from, and the client observe ran. */
export const observeRunInfo = z.object({
  source: z.enum(['observe', 'server']),
  /** The server read (report --from-server). */
  baseUrl: z.string().optional(),
  /** WFM_PROFILE: the API family the client was told to use. */
  profile: z.string().optional(),
  client: z
    .object({
      command: z.array(z.string()).min(1),
      exitCode: z.number().int().nullable(),
      signal: z.string().nullable(),
      /** Stopped at --timeout. */
      timedOut: z.boolean(),
      realSeconds: z.number().nonnegative(),
    })
    .optional(),
  /** Rows besides the client's are simulator runs of the same scenario and seed (--compare-presets). */
  presetsFromSimulator: z.boolean().optional(),
  /** The tokens the scenario's load spreads its requests over (load.clients), exported as WFM_CLIENTS. */
  tokens: z.number().int().positive().optional(),
});

export type ObservedBehaviour = z.infer<typeof observedBehaviour>;
