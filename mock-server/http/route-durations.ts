/**
 * wfm_mock_request_duration_seconds: a Prometheus histogram of request durations by route, kept as plain
 * counts per route and handed to the registry at scrape in the shape prom-client's Histogram hands it
 * (test/unit/route-durations.test.ts compares the scraped text of both). An observation finds its route's
 * cell in a map and bumps two numbers and a bucket, where Histogram.observe validates and hashes the
 * label set on every request: about 6% of the stateful server's CPU in bench:server's profile.
 */

interface Cell {
  /** The one labels object of this route, shared by every line scraped for it. */
  labels: { route: string };
  /** Observations per bucket (not cumulative), one per upper bound. */
  counts: Float64Array;
  sum: number;
  count: number;
}

interface ValuePair {
  labels: Record<string, string | number>;
  sharedLabels: { route: string };
  value: number;
  metricName: string;
  /** prom-client's shape: null on bucket lines, undefined on _sum and _count (we record no exemplars). */
  exemplar: null | undefined;
}

export class RouteDurations {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  /** By route, in the order of their first observation (prom-client lists label sets in that order too). */
  private readonly cells = new Map<string, Cell>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly upperBounds: readonly number[],
  ) {}

  observe(route: string, seconds: number): void {
    let cell = this.cells.get(route);
    if (cell === undefined) {
      cell = { labels: { route }, counts: new Float64Array(this.upperBounds.length), sum: 0, count: 0 };
      this.cells.set(route, cell);
    }
    cell.sum += seconds;
    cell.count += 1;
    // The first bound the value does not exceed; above the last, only +Inf (the count) holds it.
    for (let i = 0; i < this.upperBounds.length; i++) {
      if (seconds <= (this.upperBounds[i] as number)) {
        cell.counts[i] = (cell.counts[i] as number) + 1;
        break;
      }
    }
  }

  /** What the registry formats (prom-client's Registry prefers this to get()). */
  getForPromString(): { name: string; help: string; type: string; values: ValuePair[]; aggregator: string } {
    const bucket = `${this.name}_bucket`;
    const values: ValuePair[] = [];
    for (const cell of this.cells.values()) {
      let cumulative = 0;
      this.upperBounds.forEach((le, i) => {
        cumulative += cell.counts[i] as number;
        values.push({
          labels: { le },
          sharedLabels: cell.labels,
          value: cumulative,
          metricName: bucket,
          exemplar: null,
        });
      });
      values.push(
        { labels: { le: '+Inf' }, sharedLabels: cell.labels, value: cell.count, metricName: bucket, exemplar: null },
        { labels: {}, sharedLabels: cell.labels, value: cell.sum, metricName: `${this.name}_sum`, exemplar: undefined },
        {
          labels: {},
          sharedLabels: cell.labels,
          value: cell.count,
          metricName: `${this.name}_count`,
          exemplar: undefined,
        },
      );
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }

  /** The same values with the route among each line's labels (Registry.getMetricsAsJSON). */
  get(): { name: string; help: string; type: string; values: Omit<ValuePair, 'sharedLabels'>[]; aggregator: string } {
    const data = this.getForPromString();
    const values = data.values.map(({ sharedLabels, labels, ...rest }) => ({
      ...rest,
      labels: { ...labels, ...sharedLabels },
    }));
    return { ...data, values };
  }

  reset(): void {
    this.cells.clear();
  }
}
