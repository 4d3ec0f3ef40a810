/**
 * Client behaviour the server can prove from its own record (docs/observe.md "What the report names"):
 * - Retry-After ignored: a request that reached the server before the Retry-After of a 429 its sender
 *   had been given was over. A token's 429 (`rate:token`) holds for every request of that token; a user's
 *   (`rate:user`) for that trade's writes. A request within RETRY_AFTER_GRACE_REAL_MS (real) of either end
 *   is not counted: just after the 429 left it may have been on its way before the client saw it, and just
 *   before the end it is a client that waited the Retry-After, measured on its own clock.
 * - Stale version re-sent: a write that sent the same version as the trade's previous write, which was
 *   answered 409, with no read of the trade in between, and which the server refused as stale again
 *   (a 429 in between does not count as the previous write: the server did not look at it).
 */
import type { Draft } from './attribute.ts';
import type { JournalRow } from './truth.ts';

/**
 * Real ms at either end of a Retry-After window that are not held against the client: a request of the same
 * token arriving this soon after the 429 left may have been sent before the client saw it (measured on this
 * machine: concurrent requests arrive within 10 real ms of a 429, more when the server's event loop is busy).
 */
export const RETRY_AFTER_GRACE_REAL_MS = 50;

/** Refusal causes that say the version sent was stale (genesys body version, compat If-Match and scheduleVersion, a job's). */
const STALE_CAUSES = new Set(['version', 'compat:if-match', 'compat:schedule-version', 'job:version']);

export function isStaleVersionAnswer(entry: JournalRow): boolean {
  return entry.cause !== undefined && STALE_CAUSES.has(entry.cause);
}

/** A request a 409 answered, or a job that ran and failed with one (counted like one: DESIGN "Metrics"). */
export function conflictCause(entry: JournalRow): string | undefined {
  if (entry.status === 409) return entry.cause ?? 'unknown';
  const cause = entry.cause;
  if (cause?.startsWith('job:') && (cause === 'job:version' || cause.startsWith('job:locked'))) return cause;
  return undefined;
}

/** A read that tells the client the trade's version: anything but a write and a job poll (a poll says how a job ended). */
export function refreshesVersion(entry: JournalRow): boolean {
  return entry.write !== true && !entry.route.endsWith('/jobs/:jobId');
}

const arrival = (e: JournalRow): number => e.arrivedAtMs ?? e.atMs;

/**
 * Seqs of requests sent inside a window a 429 had opened: `windows` are the 429s (their answer instant and
 * Retry-After), `requests` the requests they bind. One sweep in time order.
 */
function insideWindows(windows: readonly JournalRow[], requests: readonly JournalRow[], graceMs: number): number[] {
  const opened = [...windows].sort((a, b) => a.atMs - b.atMs);
  const found: number[] = [];
  let next = 0;
  let deadlineMs = -Infinity;
  for (const request of [...requests].sort((a, b) => arrival(a) - arrival(b))) {
    const atMs = arrival(request);
    while (next < opened.length && (opened[next] as JournalRow).atMs + graceMs <= atMs) {
      const given = opened[next] as JournalRow;
      deadlineMs = Math.max(deadlineMs, given.atMs + (given.retryAfterS ?? 0) * 1000);
      next++;
    }
    if (atMs < deadlineMs - graceMs) found.push(request.seq);
  }
  return found;
}

/** Seqs of the requests that ignored a Retry-After. `speed` turns the real grace into world ms. */
export function retryAfterIgnored(
  journal: readonly JournalRow[],
  drafts: readonly Draft[],
  speed: number,
): Set<number> {
  const graceMs = RETRY_AFTER_GRACE_REAL_MS * speed;
  const flagged = new Set<number>();
  const byPrincipal = new Map<string, JournalRow[]>();
  for (const entry of journal) {
    if (entry.principal === undefined) continue;
    const list = byPrincipal.get(entry.principal);
    if (list) list.push(entry);
    else byPrincipal.set(entry.principal, [entry]);
  }
  const given = (e: JournalRow, cause: string) => e.status === 429 && e.cause === cause && e.retryAfterS !== undefined;
  for (const entries of byPrincipal.values()) {
    const windows = entries.filter((e) => given(e, 'rate:token'));
    if (windows.length > 0) for (const seq of insideWindows(windows, entries, graceMs)) flagged.add(seq);
  }
  for (const draft of drafts) {
    const windows = draft.entries.filter((e) => given(e, 'rate:user'));
    if (windows.length === 0) continue;
    const writes = draft.entries.filter((e) => e.write === true);
    for (const seq of insideWindows(windows, writes, graceMs)) flagged.add(seq);
  }
  return flagged;
}

/** Seqs of the writes of one trade that re-sent a stale version without reading the trade first. */
export function staleResends(draft: Draft): number[] {
  const found: number[] = [];
  let previous: JournalRow | undefined;
  let readSince = false;
  for (const entry of draft.entries) {
    if (entry.write !== true) {
      if (refreshesVersion(entry)) readSince = true;
      continue;
    }
    if (
      previous !== undefined &&
      !readSince &&
      previous.versionSent !== undefined &&
      entry.versionSent === previous.versionSent &&
      conflictCause(previous) !== undefined &&
      isStaleVersionAnswer(entry)
    )
      found.push(entry.seq);
    // A 429 was never looked at: the write before it is still the one this trade's next write repeats.
    if (entry.status === 429) continue;
    previous = entry;
    readSince = false;
  }
  return found;
}
