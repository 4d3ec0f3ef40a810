/**
 * The baseline gate: a per-strategy, per-metric diff of a run's results against a committed baseline.
 *
 * Tolerances:
 * - kind 'sim': exact. A seeded simulator run replays byte for byte, so any change of any number is a
 *   change in behaviour (retry code, a preset, the mock) and fails until the baseline is updated on purpose.
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
 * Only metrics present on both sides are compared; a strategy or metric missing from one side is
 * reported as 'missing', never a crash and never a regression.
 */
import { z } from 'zod';
import type { RunResults, StrategyResult } from './results.ts';

/** One baselined run: how to regenerate it and the numbers it gave. */
export const baselineEntry = z.object({
  /** wfm-harness arguments that regenerate it, e.g. ["sim", "--scenario", "dst-paris", ...]. */
  command: z.array(z.string()).min(1),
  kind: z.enum(['k6', 'sim', 'observe']),
  scenario: z.string(),
  seed: z.number().int(),
  gitCommit: z.string(),
  dialect: z.string().optional(),
  /** Per strategy, flattened metric path → value. */
  strategies: z.record(z.string(), z.record(z.string(), z.number())),
});

export const baselineFile = z.object({
  baselineVersion: z.literal(1),
  /** The one command that rewrites this file from its own entries' commands. */
  regenerate: z.string(),
  entries: z.array(baselineEntry).min(1),
});

export type BaselineEntry = z.infer<typeof baselineEntry>;
export type BaselineFile = z.infer<typeof baselineFile>;

/** Derived or bulky fields the gate does not compare (the numbers they come from are compared). */
const SKIPPED = new Set(['outcomeQuantilesMs', 'timeline', 'origin', 'strategy']);

/** Every numeric leaf of a strategy's result, by dotted path: server.rejections.409 locked, sweep[clients=10].writeCallsMean. */
export function flattenMetrics(result: StrategyResult): Record<string, number> {
  const out: Record<string, number> = {};
  const walk = (value: unknown, path: string): void => {
    if (typeof value === 'number') out[path] = value;
    else if (Array.isArray(value))
      value.forEach((item, i) =>
        walk(
          item,
          `${path}[${(item as { clients?: number }).clients !== undefined ? `clients=${(item as { clients: number }).clients}` : i}]`,
        ),
      );
    else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value))
        if (!(path === '' && SKIPPED.has(key))) walk(child, path ? `${path}.${key}` : key);
    }
  };
  walk(result, '');
  return out;
}

export function entryFromResults(results: RunResults, command: readonly string[]): BaselineEntry {
  return {
    command: [...command],
    kind: results.kind,
    scenario: results.scenario,
    seed: results.seed,
    gitCommit: results.gitCommit,
    ...(results.dialect ? { dialect: results.dialect } : {}),
    strategies: Object.fromEntries(results.strategies.map((s) => [s.strategy, flattenMetrics(s)])),
  };
}

export type Verdict = 'equal' | 'within' | 'better' | 'regression' | 'missing';

export interface MetricDiff {
  strategy: string;
  metric: string;
  baseline: number | undefined;
  now: number | undefined;
  /** What was allowed, in words ('exact', '±0.031', 'must not rise'). */
  tolerance: string;
  verdict: Verdict;
}

interface K6Rule {
  /** Which direction is worse. */
  worse: 'up' | 'down';
  margin(base: number, metrics: { base: Record<string, number>; now: Record<string, number> }): number;
}

const twoProportion =
  (countMetric: string) =>
  (p: number, m: { base: Record<string, number>; now: Record<string, number> }): number => {
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
  'observed.orphans': { worse: 'up', margin: none },
  'observed.duplicates': { worse: 'up', margin: none },
  'observed.retryAfterIgnored': { worse: 'up', margin: none },
  'observed.staleResends': { worse: 'up', margin: none },
  tradeFailureRate409: { worse: 'up', margin: twoProportion('trades') },
};

function compareK6(
  metric: string,
  base: number,
  now: number,
  metrics: { base: Record<string, number>; now: Record<string, number> },
  rules: Readonly<Record<string, K6Rule>>,
): Pick<MetricDiff, 'tolerance' | 'verdict'> | undefined {
  const rule = rules[metric];
  if (!rule) return undefined;
  const margin = rule.margin(base, metrics);
  const tolerance = margin === 0 ? 'must not rise' : `${rule.worse === 'up' ? '+' : '-'}${round(margin)}`;
  const worseBy = rule.worse === 'up' ? now - base : base - now;
  if (now === base) return { tolerance, verdict: 'equal' };
  if (worseBy > margin) return { tolerance, verdict: 'regression' };
  return { tolerance, verdict: worseBy < -margin ? 'better' : 'within' };
}

/** Diff every strategy and metric of `results` against one baseline entry. */
export function diffAgainst(entry: BaselineEntry, results: RunResults): MetricDiff[] {
  const diffs: MetricDiff[] = [];
  const nowByStrategy = new Map(results.strategies.map((s) => [s.strategy, flattenMetrics(s)]));
  const names = [...new Set([...Object.keys(entry.strategies), ...nowByStrategy.keys()])];
  for (const strategy of names) {
    const base = entry.strategies[strategy];
    const now = nowByStrategy.get(strategy);
    if (!base || !now) {
      diffs.push({
        strategy,
        metric: '(all)',
        baseline: undefined,
        now: undefined,
        tolerance: base ? 'not in this run' : 'not in the baseline',
        verdict: 'missing',
      });
      continue;
    }
    for (const metric of [...new Set([...Object.keys(base), ...Object.keys(now)])]) {
      const b = base[metric];
      const n = now[metric];
      if (b === undefined || n === undefined) {
        diffs.push({
          strategy,
          metric,
          baseline: b,
          now: n,
          tolerance: b === undefined ? 'not in the baseline' : 'not in this run',
          verdict: 'missing',
        });
      } else if (results.kind === 'sim') {
        diffs.push({
          strategy,
          metric,
          baseline: b,
          now: n,
          tolerance: 'exact',
          verdict: b === n ? 'equal' : 'regression',
        });
      } else {
        const verdict = compareK6(metric, b, n, { base, now }, results.kind === 'observe' ? OBSERVE_RULES : K6_RULES);
        if (verdict) diffs.push({ strategy, metric, baseline: b, now: n, ...verdict });
      }
    }
  }
  return diffs;
}

/** The entry a run is gated against: same kind, scenario, seed and dialect. */
export function entryFor(file: BaselineFile, results: RunResults): BaselineEntry | undefined {
  return file.entries.find(
    (e) =>
      e.kind === results.kind &&
      e.scenario === results.scenario &&
      e.seed === results.seed &&
      (e.dialect ?? '') === (results.dialect ?? ''),
  );
}

function round(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(4).replace(/\.?0+$/, '');
}

const cell = (x: number | undefined): string => (x === undefined ? '—' : round(x));

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
      const delta =
        d.baseline !== undefined && d.now !== undefined
          ? `${d.now - d.baseline >= 0 ? '+' : ''}${round(d.now - d.baseline)}`
          : '—';
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
