/**
 * A run's timeline for report.html's "over world time" chart: 409 answers and applied trades per bucket of
 * world time. One bucketing for both runners: the simulator stamps the client's events
 * (src/sim/timeline-sink.ts); a k6 run takes the listening mock's own record, the request journal's 409s
 * and the audit's approvals (src/cli/compare.ts).
 */
import type { Timeline } from './results.ts';

/** Buckets per run: enough for a readable line, small enough for results.json. */
export const TIMELINE_BUCKETS_MAX = 120;

/** Buckets from startMs to endMs (world ms), a whole number of seconds wide. */
export function bucketTimeline(
  conflictsAtMs: readonly number[],
  appliedAtMs: readonly number[],
  startMs: number,
  endMs: number,
): Timeline {
  const spanMs = Math.max(1, endMs - startMs);
  const bucketMs = Math.max(1000, Math.ceil(spanMs / TIMELINE_BUCKETS_MAX / 1000) * 1000);
  const count = Math.max(1, Math.ceil(spanMs / bucketMs));
  const conflicts409 = new Array<number>(count).fill(0);
  const applied = new Array<number>(count).fill(0);
  const index = (ms: number) => Math.min(count - 1, Math.max(0, Math.floor((ms - startMs) / bucketMs)));
  for (const ms of conflictsAtMs) conflicts409[index(ms)] = (conflicts409[index(ms)] ?? 0) + 1;
  for (const ms of appliedAtMs) applied[index(ms)] = (applied[index(ms)] ?? 0) + 1;
  return { startUtc: new Date(startMs).toISOString(), bucketMs, conflicts409, applied };
}
