/**
 * k6 thresholds as plain data, shared by the k6 bundle (which puts them into `options.thresholds`) and
 * the CLI (which reads --threshold and thresholds files). No zod here: this file is bundled into k6.
 *
 * A thresholds map is keyed by k6 metric expression, each with a list of k6 threshold expressions:
 *   { "wfm_trade_success": ["rate>0.95"], "wfm_trade_success{strategy:no-retry}": ["rate>0.5"] }
 * One k6 process runs one strategy, so a key is scoped to it (scopeThresholds):
 * - a key without a tag filter applies to the strategy that runs: `wfm_trade_success` becomes
 *   `wfm_trade_success{strategy:<name>}`, the k6 sub-metric of that strategy's samples;
 * - a key that names a strategy (`{strategy:x}`) applies only when x runs, and is left out otherwise,
 *   so a scenario can hold different bars for different strategies;
 * - a key with other tags (`wfm_conflicts{kind:locked}`) gets the strategy added to its filter.
 */

export type Thresholds = Record<string, string[]>;

/** k6's metric name rule (shared/reference/k6.md), then an optional `{tag:value,…}` filter. */
const METRIC_KEY = /^([a-zA-Z_][a-zA-Z0-9_]{1,128})(?:\{([^{}]*)\})?$/;

interface MetricKey {
  metric: string;
  tags: Array<[string, string]>;
}

function parseKey(key: string): MetricKey {
  const match = METRIC_KEY.exec(key.trim());
  if (!match?.[1])
    throw new Error(`threshold metric "${key}" is not a k6 metric name with an optional {tag:value} filter`);
  const tags = (match[2] ?? '')
    .split(',')
    .filter((part) => part.trim() !== '')
    .map((part): [string, string] => {
      const colon = part.indexOf(':');
      if (colon <= 0) throw new Error(`threshold metric "${key}": tag filter "${part}" is not tag:value`);
      return [part.slice(0, colon).trim(), part.slice(colon + 1).trim()];
    });
  return { metric: match[1], tags };
}

/** The thresholds that apply when `strategy` runs, keyed by the sub-metrics k6 evaluates them on. */
export function scopeThresholds(thresholds: Thresholds, strategy: string): Thresholds {
  const out: Thresholds = {};
  for (const [key, expressions] of Object.entries(thresholds)) {
    const { metric, tags } = parseKey(key);
    const named = tags.find(([tag]) => tag === 'strategy');
    if (named && named[1] !== strategy) continue;
    const filter = named ? tags : [...tags, ['strategy', strategy] as [string, string]];
    const scoped = `${metric}{${filter.map(([tag, value]) => `${tag}:${value}`).join(',')}}`;
    out[scoped] = [...(out[scoped] ?? []), ...expressions];
  }
  return out;
}

/** Checks the shape a thresholds map must have (from a file or an environment variable); names `source` in errors. */
export function parseThresholds(value: unknown, source: string): Thresholds {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`${source}: thresholds must be an object {"metric": ["expression", …]}`);
  const out: Thresholds = {};
  for (const [key, expressions] of Object.entries(value as Record<string, unknown>)) {
    parseKey(key);
    const list = typeof expressions === 'string' ? [expressions] : expressions;
    if (!Array.isArray(list) || list.length === 0 || !list.every((e) => typeof e === 'string' && e.trim() !== '')) {
      throw new Error(
        `${source}: thresholds["${key}"] must be a non-empty list of k6 threshold expressions such as "rate>0.95"`,
      );
    }
    out[key] = list as string[];
  }
  return out;
}

/** One `--threshold 'metric:expression'`: the expression follows the last colon (tag filters hold colons too). */
export function parseThresholdArg(text: string): Thresholds {
  const colon = text.lastIndexOf(':');
  const key = text.slice(0, colon);
  const expression = text.slice(colon + 1).trim();
  if (colon <= 0 || expression === '' || key.endsWith('{') || /\{[^}]*$/.test(key)) {
    throw new Error(`--threshold "${text}" is not metric:expression (e.g. 'wfm_trade_success:rate>0.95')`);
  }
  parseKey(key);
  return { [key]: [expression] };
}

/** Both maps' expressions, per key. */
export function mergeThresholds(a: Thresholds, b: Thresholds): Thresholds {
  const out: Thresholds = { ...a };
  for (const [key, expressions] of Object.entries(b)) out[key] = [...(out[key] ?? []), ...expressions];
  return out;
}
