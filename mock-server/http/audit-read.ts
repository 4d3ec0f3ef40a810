/**
 * GET /__harness/audit, in bounded pieces (a whole log of a long run was 32 MB and blocked the server for
 * most of a second). Three views:
 * - default: the summary (exact invariant counters over every write ever logged) plus the version
 *   history of the last HISTORY_ENTRIES_MAX retained entries, under the names readers always used;
 * - `?view=summary`: the summary alone (what the simulator and compare read);
 * - `?limit=N[&cursor=SEQ]`: audit entries oldest first from SEQ, at most PAGE_LIMIT_MAX, with the cursor
 *   of the next page (absent on the last page). Entries older than the retained window are gone
 *   (retention.ts); `oldestSeq` says where the window starts.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { versionHistory } from '../domain/audit.ts';
import type { AuditEntry } from '../domain/audit.ts';
import { sendError } from './error-replies.ts';
import type { Harness } from './harness.ts';

/** Entries per page at most (count): 1,000 entries serialise in a few ms. */
export const PAGE_LIMIT_MAX = 1_000;
/** Entries the default view's versionHistory covers (count): bounded so the read stays well under 50 ms. */
export const HISTORY_ENTRIES_MAX = 5_000;

interface AuditQuery {
  view?: string;
  limit?: string;
  cursor?: string;
}

function nonNegativeInt(raw: string | undefined): number | undefined {
  return raw !== undefined && /^\d{1,15}$/.test(raw) ? Number(raw) : undefined;
}

export function auditRead(harness: Harness, request: FastifyRequest, reply: FastifyReply): unknown {
  const query = (request.query ?? {}) as AuditQuery;
  harness.advance();
  const counts = { requests: harness.requestCounts, faults: harness.faults.counts };
  if (query.limit !== undefined || query.cursor !== undefined) {
    const limit = query.limit === undefined ? PAGE_LIMIT_MAX : nonNegativeInt(query.limit);
    const cursor = query.cursor === undefined ? 0 : nonNegativeInt(query.cursor);
    if (limit === undefined || limit < 1 || limit > PAGE_LIMIT_MAX)
      return sendError(
        request,
        reply,
        'badRequest',
        `limit must be an integer from 1 to ${PAGE_LIMIT_MAX}`,
        'validation',
      );
    if (cursor === undefined)
      return sendError(
        request,
        reply,
        'badRequest',
        'cursor must be a non-negative integer (the nextCursor of the previous page)',
        'validation',
      );
    return entriesPage(harness, cursor, limit);
  }
  // rejections where the summary always had them: last of the summary's keys (the API counts them, not the store).
  if (query.view === 'summary') return { ...harness.store.summary(), rejections: harness.refusals.counts(), ...counts };
  if (query.view !== undefined)
    return sendError(request, reply, 'badRequest', 'view must be summary (or leave it out)', 'validation');
  const log = harness.store.auditLog();
  const fromSeq = Math.max(log.oldestSeq, log.writes - HISTORY_ENTRIES_MAX);
  return {
    ...harness.store.summary(),
    rejections: harness.refusals.counts(),
    versionHistory: versionHistory(log.page(fromSeq, HISTORY_ENTRIES_MAX)),
    versionHistoryFromSeq: fromSeq,
    ...counts,
  };
}

function entriesPage(
  harness: Harness,
  cursor: number,
  limit: number,
): { entries: AuditEntry[]; oldestSeq: number; writes: number; nextCursor?: number } {
  const log = harness.store.auditLog();
  const entries = log.page(cursor, limit);
  const last = entries.at(-1);
  const page: { entries: AuditEntry[]; oldestSeq: number; writes: number; nextCursor?: number } = {
    entries,
    oldestSeq: log.oldestSeq,
    writes: log.writes,
  };
  if (last && last.seq + 1 < log.writes) page.nextCursor = last.seq + 1;
  return page;
}
