/**
 * Thresholds over the server-truth metrics of an observed client (docs/observe.md "Thresholds"), written
 * like k6's: `{"orphans": ["count==0"], "trades_failed_by_409": ["rate<0.01"], "time_to_outcome": ["p(95)<5000"]}`.
 * A counter has `count` and `rate` (over the denominator it names), a trend `avg`, `min`, `max`, `med` and
 * `p(N)`, a ratio `value`. A key may carry `{strategy:<label>}` (the scenario files' way of naming whom a
 * bar is for); any other tag, an unknown metric or aggregation is refused before anything runs.
 */
import { percentile } from '../report/percentile.ts';
import type { StrategyResult } from '../report/results.ts';
import type { Thresholds } from '../scenario/thresholds.ts';
import type { ObservedTrade } from './records.ts';

type Row = StrategyResult & { observed: NonNullable<StrategyResult['observed']> };

interface MetricDef {
  /** What it counts, for the docs and errors. */
  about: string;
  count?: (row: Row) => number;
  /** The denominator of `rate`. */
  per?: (row: Row) => number;
  /** Samples of a trend (per trade record). */
  samples?: (records: readonly ObservedTrade[]) => number[];
  value?: (row: Row) => number;
}

const trades = (r: Row) => r.trades;
const requests = (r: Row) => r.requests;
const writes = (r: Row) => r.writeRequests;

export const OBSERVE_METRICS: Readonly<Record<string, MetricDef>> = {
  trades: { about: 'trade records (trades and refused attempts)', count: trades },
  trades_applied: { about: 'records applied (Approved); rate over trades', count: (r) => r.applied, per: trades },
  trades_failed_by_409: {
    about: 'records not applied whose last write was answered 409; rate over trades',
    count: (r) => r.tradesFailedBy409,
    per: trades,
  },
  trades_failed_other: {
    about: 'records not applied for another reason',
    count: (r) => r.tradesFailedOther,
    per: trades,
  },
  orphans: { about: 'trades created and never matched nor closed', count: (r) => r.observed.orphans, per: trades },
  duplicates: {
    about: 'second trades for one legacy id or pair of shifts',
    count: (r) => r.observed.duplicates,
    per: trades,
  },
  refused: { about: 'attempts the server never made a trade of', count: (r) => r.observed.refused, per: trades },
  retry_after_ignored: {
    about: 'requests sent before a Retry-After given to their sender was over; rate over requests',
    count: (r) => r.observed.retryAfterIgnored,
    per: requests,
  },
  stale_resends: {
    about: 'writes re-sending a version refused with a 409, without a read; rate over writes',
    count: (r) => r.observed.staleResends,
    per: writes,
  },
  conflicts: { about: '409 answers; rate over writes', count: (r) => r.conflicts, per: writes },
  rate_limited: { about: '429 answers; rate over requests', count: (r) => r.observed.rateLimited, per: requests },
  server_errors: { about: '5xx answers; rate over requests', count: (r) => r.observed.serverErrors, per: requests },
  unattributed: {
    about: 'requests no attribution rule tied to a trade; rate over requests',
    count: (r) => r.observed.unattributed.requests,
    per: requests,
  },
  lost_updates: { about: 'writes the server accepted with a stale version', count: (r) => r.server.lostUpdates },
  logins: { about: 'OAuth tokens granted to the client', count: (r) => r.observed.logins },
  requests: { about: 'API requests', count: requests },
  requests_per_trade: {
    about: 'requests per trade record (value: all requests / trades; a trend over records)',
    value: (r) => r.requestsPerTrade,
    samples: (records) => records.map((t) => t.requests),
  },
  time_to_outcome: {
    about: 'world ms from a record’s first request to its outcome',
    samples: (records) => records.map((t) => t.timeToOutcomeMs),
  },
};

const EXPRESSION =
  /^\s*(count|rate|value|avg|min|max|med|p\((\d{1,2}(?:\.\d+)?)\))\s*(===|==|!=|<=|>=|<|>)\s*(-?\d+(?:\.\d+)?)\s*$/;
const KEY = /^([a-z_0-9]+)(?:\{strategy:([^{}]+)\})?$/;

export class ObserveThresholdError extends Error {}

interface Parsed {
  metric: string;
  strategy?: string;
  aggregation: string;
  percentileOf?: number;
  op: string;
  bound: number;
}

/** Checks one key and expression; throws ObserveThresholdError naming what is wrong and what is known. */
export function parseObserveThreshold(key: string, expression: string, source: string): Parsed {
  const k = KEY.exec(key.trim());
  const def = k ? OBSERVE_METRICS[k[1] as string] : undefined;
  if (!k || !def)
    throw new ObserveThresholdError(
      `${source}: "${key}" is not a server-truth metric (optionally with {strategy:<label>}); ` +
        `known: ${Object.keys(OBSERVE_METRICS).join(', ')}`,
    );
  const e = EXPRESSION.exec(expression);
  if (!e)
    throw new ObserveThresholdError(
      `${source}: "${key}": "${expression}" is not like count==0, rate<0.01 or p(95)<5000`,
    );
  const aggregation = (e[1] as string).startsWith('p(') ? 'p' : (e[1] as string);
  const offers = [
    ...(def.count ? ['count'] : []),
    ...(def.per ? ['rate'] : []),
    ...(def.value ? ['value'] : []),
    ...(def.samples ? ['avg', 'min', 'max', 'med', 'p'] : []),
  ];
  if (!offers.includes(aggregation))
    throw new ObserveThresholdError(
      `${source}: "${key}" has no ${e[1]}; it offers ${offers.map((a) => (a === 'p' ? 'p(N)' : a)).join(', ')}`,
    );
  return {
    metric: k[1] as string,
    ...(k[2] === undefined ? {} : { strategy: k[2] }),
    aggregation,
    ...(e[2] === undefined ? {} : { percentileOf: Number(e[2]) }),
    op: e[3] as string,
    bound: Number(e[4]),
  };
}

/** Every key and expression of a map, checked (the CLI calls it before anything runs). */
export function checkObserveThresholds(thresholds: Thresholds, source: string): void {
  for (const [key, expressions] of Object.entries(thresholds))
    for (const expression of expressions) parseObserveThreshold(key, expression, source);
}

/** The thresholds of a scenario file that are server-truth metrics (its k6 ones measure the project's own client). */
export function serverTruthThresholds(thresholds: Thresholds): { kept: Thresholds; skipped: string[] } {
  const kept: Thresholds = {};
  const skipped: string[] = [];
  for (const [key, expressions] of Object.entries(thresholds)) {
    if (OBSERVE_METRICS[KEY.exec(key)?.[1] ?? ''] !== undefined) kept[key] = expressions;
    else skipped.push(key);
  }
  return { kept, skipped };
}

function aggregate(p: Parsed, row: Row, records: readonly ObservedTrade[]): number {
  const def = OBSERVE_METRICS[p.metric] as MetricDef;
  if (p.aggregation === 'count') return def.count?.(row) ?? 0;
  if (p.aggregation === 'rate') {
    const per = def.per?.(row) ?? 0;
    return per === 0 ? 0 : (def.count?.(row) ?? 0) / per;
  }
  if (p.aggregation === 'value') return def.value?.(row) ?? 0;
  const sorted = (def.samples?.(records) ?? []).sort((a, b) => a - b);
  if (p.aggregation === 'avg') return sorted.length === 0 ? 0 : sorted.reduce((s, x) => s + x, 0) / sorted.length;
  if (p.aggregation === 'min') return sorted[0] ?? 0;
  if (p.aggregation === 'max') return sorted.at(-1) ?? 0;
  return percentile(sorted, p.aggregation === 'med' ? 50 : (p.percentileOf ?? 50));
}

function holds(value: number, op: string, bound: number): boolean {
  switch (op) {
    case '<':
      return value < bound;
    case '<=':
      return value <= bound;
    case '>':
      return value > bound;
    case '>=':
      return value >= bound;
    case '!=':
      return value !== bound;
    default:
      return value === bound;
  }
}

/** Every threshold that applies to the row (no strategy tag, or its label), judged on its value. */
export function judgeThresholds(
  thresholds: Thresholds,
  row: StrategyResult,
  records: readonly ObservedTrade[],
): NonNullable<StrategyResult['thresholds']> {
  if (!row.observed) return [];
  const verdicts: NonNullable<StrategyResult['thresholds']> = [];
  for (const [key, expressions] of Object.entries(thresholds)) {
    for (const expression of expressions) {
      const p = parseObserveThreshold(key, expression, 'thresholds');
      if (p.strategy !== undefined && p.strategy !== row.strategy) continue;
      const value = aggregate(p, row as Row, records);
      verdicts.push({ metric: key, expression, ok: holds(value, p.op, p.bound), value });
    }
  }
  return verdicts.sort((a, b) => a.metric.localeCompare(b.metric) || a.expression.localeCompare(b.expression));
}
