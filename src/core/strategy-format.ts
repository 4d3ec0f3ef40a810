/**
 * A StrategySpec printed as the canonical inline text (strategy-text.ts): always from its backoff kind,
 * every part spelled out, so the line alone reproduces the strategy (reports, tune's recommendation, the
 * STRATEGY variable k6 parses). The name is added, percent-encoded, when it differs from the text.
 */
import { ANY_409, PRESETS, isPresetName } from './strategies.ts';
import type { StrategySpec } from './strategies.ts';
import { GRPC_A6_BUDGET } from './retry-budget.ts';
import { BACKOFF_PARAMS } from './strategy-fields.ts';

/** World ms in the largest unit that keeps it exact: 120000 → 2m, 4000 → 4s, 250 → 250ms. */
export function formatDuration(ms: number): string {
  if (ms > 0 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms > 0 && ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

function sameKinds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((k, i) => k === b[i]);
}

function backoffFields(spec: StrategySpec): string[] {
  const b = spec.backoff as unknown as Record<string, number | undefined>;
  return BACKOFF_PARAMS[spec.backoff.kind].flatMap(([key, prop, type]) => {
    const value = b[prop];
    if (value === undefined) return [];
    return [`${key}=${type === 'duration' ? formatDuration(value) : String(value)}`];
  });
}

function optionalFields(spec: StrategySpec): string[] {
  const fields: string[] = [];
  const budget = spec.retryBudget;
  if (budget) {
    const isA6 =
      budget.maxTokens === GRPC_A6_BUDGET.maxTokens &&
      budget.failureCost === GRPC_A6_BUDGET.failureCost &&
      budget.successCredit === GRPC_A6_BUDGET.successCredit;
    fields.push(isA6 ? 'budget' : `budget=${budget.maxTokens}/${budget.failureCost}/${budget.successCredit}`);
  }
  if (spec.pacing) {
    fields.push(`gap=${formatDuration(spec.pacing.minGapMs)}`);
    if (spec.pacing.followRateLimitHeaders) fields.push('follow-headers');
    fields.push(`headroom=${spec.pacing.headroomFraction}`);
  }
  if (spec.partitioning) fields.push(`partition=${spec.partitioning}`);
  const kinds = (list: readonly string[]) => (sameKinds(list, ANY_409) ? '409' : list.join('+'));
  if (spec.retryOn) fields.push(`retry-on=${kinds(spec.retryOn)}`);
  if (spec.retryAtOnceOn) fields.push(`retry-at-once-on=${kinds(spec.retryAtOnceOn)}`);
  if (spec.sleepAfterLastAttempt) fields.push('sleep-after-last');
  return fields;
}

/**
 * The canonical inline text of a strategy; parseStrategy(formatStrategy(s)) has s's definition. Without
 * the name (withName false) it is the text to quote beside a name already shown (report.md, tune).
 */
export function formatStrategy(spec: StrategySpec, options: { withName?: boolean } = {}): string {
  const fields = [
    ...backoffFields(spec),
    `attempts=${spec.maxAttempts}`,
    `deadline=${formatDuration(spec.deadlineMs)}`,
    ...(spec.refetchOnConflict ? ['refetch'] : []),
    ...(spec.honourRetryAfter ? ['retry-after'] : []),
    ...optionalFields(spec),
  ];
  const text = `${spec.backoff.kind}:${fields.join(',')}`;
  return spec.name === text || options.withName === false ? text : `${text},name=${encodeURIComponent(spec.name)}`;
}

/** What to hand a runtime that parses strategies (k6's STRATEGY): a preset's name, else the full text. */
export function strategyText(spec: StrategySpec): string {
  return isPresetName(spec.name) && PRESETS[spec.name] === spec ? spec.name : formatStrategy(spec);
}
