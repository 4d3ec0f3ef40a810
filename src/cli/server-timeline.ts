/**
 * A k6 run's timeline from the listening mock's own record, since k6 reports no per-request timestamps:
 * 409 answers from the request journal (mock-server/http/request-journal.ts) and approvals from the
 * audit's version histories, bucketed like the simulator's (src/report/timeline.ts). Server truth, so it
 * counts what the server answered, including requests whose answer a fault then dropped.
 */
import type { Harness } from '../../mock-server/http/harness.ts';
import { bucketTimeline } from '../report/timeline.ts';
import type { Timeline } from '../report/results.ts';

/** Audit actions that approve a trade: a match under autoReview, an admin review (trade-review.ts lowercases the state). */
const APPROVALS = new Set(['approve', 'approved']);

export function serverTimeline(harness: Harness, startMs: number, endMs: number): Timeline {
  const conflictsAtMs = harness.journal
    .entries()
    .filter((e) => e.status === 409)
    .map((e) => e.atMs);
  const appliedAtMs: number[] = [];
  for (const [key, history] of Object.entries(harness.store.report().versionHistory)) {
    if (!key.startsWith('trade:')) continue;
    for (const step of history) if (APPROVALS.has(step.action)) appliedAtMs.push(step.atMs);
  }
  return bucketTimeline(conflictsAtMs, appliedAtMs, startMs, endMs);
}
