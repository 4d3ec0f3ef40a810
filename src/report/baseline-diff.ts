/**
 * The baseline gate's diff: per strategy and metric, a run's results against its baseline entry.
 *
 * Tolerances:
 * - kind 'sim': exact. A seeded simulator run replays byte for byte, so any change of any number is a
 *   change in behaviour (retry code, a preset, the mock) and fails until the baseline is updated on purpose.
 *   A metric on one side only (a refusal cause that appeared or vanished) is a change too.
 * - kind 'k6': real concurrency, so statistical margins, and only a worsening fails:
 *   - rates (successRate, conflictRate): a two-proportion margin, 3 standard errors of the difference
 *     (3 * sqrt(p(1-p)/n_base + p(1-p)/n_now), p the baseline rate, n trades resp. write requests) plus
 *     an absolute floor of 0.02: about 1 false alarm in 700 per metric if nothing changed;
 *   - requestsPerTrade, conflictsPerTrade: 10% of the baseline (+0.05 absolute);
 *   - timeToOutcomeMs p50/p95: 25% of the baseline + 50 world ms (latency on a shared CI box is noisy);
 *   - server invariants (duplicates, lost updates, non-monotonic versions, double bookings, false
 *     failures): must not exceed the baseline at all.
 * - kind 'observe' (any client, judged by the server's truth): the k6 margins, plus the trade-level 409 failure
 *   rate (a two-proportion margin over trades) and the behaviour counts (orphans, duplicates, Retry-After
 *   ignored, stale versions re-sent), which must not rise at all.
 * Fails closed: a baseline strategy missing from the run is a regression (unless the caller allows it:
 * --allow-missing); a strategy only in the run is shown as new and not compared.
 * Numbers print in full (String(x)): the diff shows what was compared, never a rounding of it.
 */
import type { BaselineEntry } from './baseline.ts';
import { flattenMetrics } from './baseline.ts';
import type { RunResults } from './results.ts';

export type Verdict = 'equal' | 'within' | 'better' | 'regression' | 'missing' | 'new';

export interface MetricDiff {
  strategy: string;
  metric: string;
  baseline: number | undefined;
  now: number | undefined;
  /** What was allowed, in words ('exact', '±0.031', 'must not rise'). */
  tolerance: string;
  verdict: Verdict;
}

export interface DiffOptions {
  /** A baseline strategy absent from the run is 'missing' (allowed) instead of a regression. */
  allowMissing?: boolean;
}

type Metrics = { base: Record<string, number>; now: Record<string, number> };

interface K6Rule {
  /** Which direction is worse. */
  worse: 'up' | 'down';
  margin(base: number, metrics: Metrics): number;
}

const twoProportion =
  (countMetric: string) =>
  (p: number, m: Metrics): number => {
    const nBase = m.base[countMetric] ?? 0;
    const nNow = m.now[countMetric] ?? 0;
    const variance = (nBase > 0 ? (p * (1 - p)) / nBase : 0) + (nNow > 0 ? (p * (1 - p)) / nNow : 0);
    return 0.02 + 3 * Math.sqrt(variance);
  };
const relative =
  (fraction: number, absolute: number) =>
  (base: number): number =>
    Math.abs(base) * fraction + absolute;
const none = (): number => 0;

const K6_RULES: Readonly<Record<string, K6Rule>> = {
  successRate: { worse: 'down', margin: twoProportion('trades') },
  conflictRate: { worse: 'up', margin: twoProportion('writeRequests') },
  requestsPerTrade: { worse: 'up', margin: relative(0.1, 0.05) },
  conflictsPerTrade: { worse: 'up', margin: relative(0.1, 0.05) },
  'timeToOutcomeMs.p50': { worse: 'up', margin: relative(0.25, 50) },
  'timeToOutcomeMs.p95': { worse: 'up', margin: relative(0.25, 50) },
  'server.duplicateTrades': { worse: 'up', margin: none },
  'server.lostUpdates': { worse: 'up', margin: none },
  'server.nonMonotonicVersions': { worse: 'up', margin: none },
  'server.doubleBookedShifts': { worse: 'up', margin: none },
  'server.falseFailures': { worse: 'up', margin: none },
};

/** kind 'observe' (docs/observe.md "Gates"): the k6 margins; what the server saw the client do wrong must not rise at all. */
const OBSERVE_RULES: Readonly<Record<string, K6Rule>> = {
  ...K6_RULES,
  tradeFailureRate409: { worse: 'up', margin: twoProportion('trades') },
  'observed.orphans': { worse: 'up', margin: none },
  'observed.duplicates': { worse: 'up', margin: none },
  'observed.retryAfterIgnored': { worse: 'up', margin: none },
  'observed.staleResends': { worse: 'up', margin: none },
};

/** The margins a kind is compared with; the simulator has none (exact). */
const RULES: Readonly<Record<RunResults['kind'], Readonly<Record<string, K6Rule>> | undefined>> = {
  sim: undefined,
  k6: K6_RULES,
  observe: OBSERVE_RULES,
};

/** A margin is a bound, not a measurement: six significant digits say it without float noise. */
const marginText = (x: number): string => String(Number(x.toPrecision(6)));

function compareK6(
  metric: string,
  rule: K6Rule,
  base: number,
  now: number,
  metrics: Metrics,
): Omit<MetricDiff, 'strategy'> {
  const margin = rule.margin(base, metrics);
  const tolerance = margin === 0 ? 'must not rise' : `${rule.worse === 'up' ? '+' : '-'}${marginText(margin)}`;
  const worseBy = rule.worse === 'up' ? now - base : base - now;
  const verdict: Verdict =
    now === base ? 'equal' : worseBy > margin ? 'regression' : worseBy < -margin ? 'better' : 'within';
  return { metric, baseline: base, now, tolerance, verdict };
}

function compareMetric(kind: RunResults['kind'], metric: string, m: Metrics): Omit<MetricDiff, 'strategy'> | undefined {
  const b = m.base[metric];
  const n = m.now[metric];
  // k6 and observe compare the metrics they have a margin for; the simulator compares every number.
  const rules = RULES[kind];
  const rule = rules?.[metric];
  if (rules && !rule) return undefined;
  if (b === undefined || n === undefined)
    return {
      metric,
      baseline: b,
      now: n,
      tolerance: b === undefined ? 'only in this run' : 'only in the baseline',
      verdict: 'regression',
    };
  if (rule) return compareK6(metric, rule, b, n, m);
  return { metric, baseline: b, now: n, tolerance: 'exact', verdict: b === n ? 'equal' : 'regression' };
}

/** Diff every strategy and metric of `results` against one baseline entry. */
export function diffAgainst(entry: BaselineEntry, results: RunResults, options: DiffOptions = {}): MetricDiff[] {
  const diffs: MetricDiff[] = [];
  const nowByStrategy = new Map(results.strategies.map((s) => [s.strategy, flattenMetrics(s)]));
  const names = [...new Set([...Object.keys(entry.strategies), ...nowByStrategy.keys()])];
  for (const strategy of names) {
    const base = entry.strategies[strategy];
    const now = nowByStrategy.get(strategy);
    if (!base || !now) {
      const missing = !now;
      diffs.push({
        strategy,
        metric: '(all)',
        baseline: undefined,
        now: undefined,
        tolerance: missing
          ? `in the baseline, not in this run${options.allowMissing ? ' (--allow-missing)' : ''}`
          : 'not in the baseline: not compared',
        verdict: !missing ? 'new' : options.allowMissing ? 'missing' : 'regression',
      });
      continue;
    }
    for (const metric of [...new Set([...Object.keys(base), ...Object.keys(now)])]) {
      const diff = compareMetric(results.kind, metric, { base, now });
      if (diff) diffs.push({ strategy, ...diff });
    }
  }
  return diffs;
}

/** Digits after the decimal point of a number as String() writes it (0 for integers and exponent forms). */
function decimals(x: number): number {
  const text = String(x);
  return /e/i.test(text) ? 0 : (text.split('.')[1] ?? '').length;
}

/** now − baseline, written with as many decimals as the more precise of the two, so no float noise shows. */
export function deltaText(base: number, now: number): string {
  const places = Math.min(20, Math.max(decimals(base), decimals(now)));
  const delta = /e/i.test(`${base}${now}`) ? String(now - base) : (now - base).toFixed(places);
  return `${now - base >= 0 ? '+' : ''}${delta}`;
}

const cell = (x: number | undefined): string => (x === undefined ? '—' : String(x));

/** The readable diff: every metric that is not equal, and a count of the equal ones. */
export function diffTable(diffs: readonly MetricDiff[], title: string): string {
  const shown = diffs.filter((d) => d.verdict !== 'equal');
  const regressions = diffs.filter((d) => d.verdict === 'regression').length;
  const lines = [
    `${title}: ${regressions === 0 ? 'no regression' : `${regressions} regression(s)`}; ${diffs.length - shown.length} metric(s) ` +
      `equal, ${shown.length} shown`,
  ];
  if (shown.length > 0) {
    lines.push('', '| strategy | metric | baseline | now | Δ | tolerance | verdict |', '|---|---|---|---|---|---|---|');
    for (const d of shown) {
      const delta = d.baseline !== undefined && d.now !== undefined ? deltaText(d.baseline, d.now) : '—';
      lines.push(
        `| ${d.strategy} | ${d.metric} | ${cell(d.baseline)} | ${cell(d.now)} | ${delta} | ${d.tolerance} | ` +
          `${d.verdict === 'regression' ? 'REGRESSION' : d.verdict} |`,
      );
    }
  }
  return lines.join('\n');
}

export function hasRegression(diffs: readonly MetricDiff[]): boolean {
  return diffs.some((d) => d.verdict === 'regression');
}
