/**
 * The ONE place a run's timeline is counted: 409 answers and applied trades per bucket of world time,
 * for report.html's "over world time" chart. A MetricsSink fed the sync core's events; it stamps each
 * with `worldNowMs()`, the world instant (the simulator's world clock: start + virtual ms).
 */
import type { MetricsSink, SyncEvent } from '../core/ports.ts';
import type { Timeline } from '../report/results.ts';
import { bucketTimeline } from '../report/timeline.ts';

export class TimelineSink implements MetricsSink {
  private readonly conflictsAtMs: number[] = [];
  private readonly appliedAtMs: number[] = [];

  constructor(private readonly worldNowMs: () => number) {}

  record(event: SyncEvent): void {
    if (event.type === 'request' && event.status === 409) this.conflictsAtMs.push(this.worldNowMs());
    else if (event.type === 'outcome' && event.outcome === 'applied') this.appliedAtMs.push(this.worldNowMs());
  }

  /** Buckets from startMs to endMs (world ms): src/report/timeline.ts. */
  timeline(startMs: number, endMs: number): Timeline {
    return bucketTimeline(this.conflictsAtMs, this.appliedAtMs, startMs, endMs);
  }
}

/** A sink that hands every event to several (the counting sink and the timeline). */
export function teeSink(...sinks: MetricsSink[]): MetricsSink {
  return {
    record: (event) => {
      for (const sink of sinks) sink.record(event);
    },
  };
}
