/**
 * The ONE place a run's timeline is counted: 409 answers and applied trades per bucket of world time,
 * for report.html's "over world time" chart. A MetricsSink fed the sync core's events; it stamps each
 * with `worldNowMs()`, the instant→world-ms conversion of the runtime (today the simulator's world clock,
 * start + speed × virtual ms; when virtual time becomes world time this is the engine's clock).
 */
import type { MetricsSink, SyncEvent } from '../core/ports.ts';
import type { Timeline } from '../report/results.ts';

/** Buckets per run: enough for a readable line, small enough for results.json. */
export const TIMELINE_BUCKETS_MAX = 120;

export class TimelineSink implements MetricsSink {
  private readonly conflictsAtMs: number[] = [];
  private readonly appliedAtMs: number[] = [];

  constructor(private readonly worldNowMs: () => number) {}

  record(event: SyncEvent): void {
    if (event.type === 'request' && event.status === 409) this.conflictsAtMs.push(this.worldNowMs());
    else if (event.type === 'outcome' && event.outcome === 'applied') this.appliedAtMs.push(this.worldNowMs());
  }

  /** Buckets from startMs to endMs (world ms), a whole number of seconds wide. */
  timeline(startMs: number, endMs: number): Timeline {
    const spanMs = Math.max(1, endMs - startMs);
    const bucketMs = Math.max(1000, Math.ceil(spanMs / TIMELINE_BUCKETS_MAX / 1000) * 1000);
    const count = Math.max(1, Math.ceil(spanMs / bucketMs));
    const conflicts409 = new Array<number>(count).fill(0);
    const applied = new Array<number>(count).fill(0);
    const index = (ms: number) => Math.min(count - 1, Math.max(0, Math.floor((ms - startMs) / bucketMs)));
    for (const ms of this.conflictsAtMs) conflicts409[index(ms)] = (conflicts409[index(ms)] ?? 0) + 1;
    for (const ms of this.appliedAtMs) applied[index(ms)] = (applied[index(ms)] ?? 0) + 1;
    return { startUtc: new Date(startMs).toISOString(), bucketMs, conflicts409, applied };
  }
}

/** A sink that hands every event to several (the counting sink and the timeline). */
export function teeSink(...sinks: MetricsSink[]): MetricsSink {
  return { record: (event) => { for (const sink of sinks) sink.record(event); } };
}
