/**
 * Strategies written as one line of text, so a team can state its own retry settings wherever a preset
 * name is accepted (sim, compare, sync, tune) and k6 can receive them through one environment variable:
 *
 *   full-jitter:base=250ms,cap=4s,attempts=8,refetch        a backoff kind, every other part from scratch
 *   refetch-full-jitter:attempts=8                          a preset, with some parts changed
 *
 * Durations carry units (ms, s, m) and are WORLD time. Pure and k6-safe (no zod, no Node): core is
 * bundled into k6, which parses the text itself. formatStrategy prints the canonical text back; parsing
 * it gives the same definition (test/unit/strategy-text.test.ts). Reference: docs/strategies.md "Your own strategies".
 */
import { BACKOFF_KINDS } from './backoff.ts';
import type { BackoffKind, BackoffSpec } from './backoff.ts';
import { PRESETS, isPresetName } from './strategies.ts';
import type { StrategySpec } from './strategies.ts';
import { StrategyTextError, applyField, isFlag, validateStrategy } from './strategy-fields.ts';

export { StrategyTextError } from './strategy-fields.ts';
export { formatDuration, formatStrategy, strategyText } from './strategy-format.ts';

/** Each kind's parameters when a strategy starts from the kind: the values the presets use most. */
export const KIND_DEFAULTS: Readonly<Record<BackoffKind, BackoffSpec>> = {
  none: { kind: 'none' },
  fixed: { kind: 'fixed', delayMs: 2000 },
  uniform: { kind: 'uniform', minMs: 200, maxMs: 500 },
  exponential: { kind: 'exponential', baseMs: 100, capMs: 2000 },
  'full-jitter': { kind: 'full-jitter', baseMs: 100, capMs: 2000 },
  'equal-jitter': { kind: 'equal-jitter', baseMs: 100, capMs: 2000 },
  'decorrelated-jitter': { kind: 'decorrelated-jitter', baseMs: 100, capMs: 2000 },
  'polly-v2': { kind: 'polly-v2', medianFirstDelayMs: 100, capMs: 2000 },
};

/** From scratch: bounded like every preset, and nothing switched on that the text does not name. */
const SCRATCH = { maxAttempts: 6, deadlineMs: 60_000, refetchOnConflict: false, honourRetryAfter: false } as const;

function isKind(name: string): name is BackoffKind {
  return (BACKOFF_KINDS as readonly string[]).includes(name);
}

function startFrom(text: string, base: string): StrategySpec {
  // After a colon a backoff kind wins over a preset of the same name (full-jitter, exponential, ...):
  // `full-jitter:base=250ms` means the kind with those parameters, not the AWS preset's 5 ms base.
  if (isKind(base))
    return { name: text, origin: `Defined inline: ${base} backoff`, backoff: { ...KIND_DEFAULTS[base] }, ...SCRATCH };
  const preset = isPresetName(base) ? PRESETS[base] : undefined;
  if (!preset) {
    throw new StrategyTextError(
      text,
      'base',
      `"${base}" is neither a backoff kind (${BACKOFF_KINDS.join(', ')}) nor a preset (${Object.keys(PRESETS).join(', ')})`,
    );
  }
  return { ...preset, backoff: { ...preset.backoff }, name: text, origin: `Preset ${preset.name}, changed inline` };
}

/** Parse `base:field,field=value,...`; throws StrategyTextError naming the field and the text. */
export function parseStrategy(raw: string): StrategySpec {
  const text = raw.trim();
  const colon = text.indexOf(':');
  if (colon < 0)
    throw new StrategyTextError(
      text,
      'base',
      'an inline strategy is "<backoff kind or preset>:<field>,<field>=<value>,..."',
    );
  const spec = startFrom(text, text.slice(0, colon).trim());
  const fields = text
    .slice(colon + 1)
    .split(',')
    .map((f) => f.trim());
  if (fields.some((f) => f === '') && text.slice(colon + 1).trim() !== '')
    throw new StrategyTextError(text, 'fields', 'an empty field (two commas in a row, or a trailing comma)');
  const seen = new Set<string>();
  for (const field of fields.filter(Boolean)) {
    const eq = field.indexOf('=');
    const key = eq < 0 ? field : field.slice(0, eq).trim();
    const value = eq < 0 ? undefined : field.slice(eq + 1).trim();
    const slot = key.replace(/^no-/, '');
    if (seen.has(slot)) throw new StrategyTextError(text, key, 'given twice');
    seen.add(slot);
    if (value === undefined && !isFlag(key)) throw new StrategyTextError(text, key, `needs a value (${key}=...)`);
    applyField(spec, text, key, value);
  }
  validateStrategy(spec, text);
  return spec;
}

/** A preset name as it is, anything with a colon parsed as an inline strategy. */
export function resolveStrategy(text: string): StrategySpec {
  const trimmed = text.trim();
  if (trimmed.includes(':')) return parseStrategy(trimmed);
  if (!isPresetName(trimmed)) throw new UnknownStrategyError(trimmed);
  return PRESETS[trimmed];
}

/** A name that is no preset (and no inline text): worded as before inline strategies, plus how to write one. */
export class UnknownStrategyError extends StrategyTextError {
  constructor(name: string) {
    super(name, 'strategy', 'unknown preset');
    this.message =
      `unknown strategy ${name}; known: ${Object.keys(PRESETS).join(', ')}; or define one inline, ` +
      `e.g. full-jitter:base=250ms,cap=4s,attempts=8,refetch`;
  }
}

/**
 * A comma-separated list of strategies, where an inline strategy's own fields are comma-separated too:
 * a part with a colon, or a preset name, starts a new strategy; any other part continues the inline one
 * before it. `;` always separates.
 */
export function splitStrategyList(raw: string): string[] {
  const out: string[] = [];
  for (const chunk of raw.split(';')) {
    let current: string | undefined;
    for (const part of chunk
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)) {
      if (current !== undefined && current.includes(':') && !part.includes(':') && !isPresetName(part)) {
        current = `${current},${part}`;
        continue;
      }
      if (current !== undefined) out.push(current);
      current = part;
    }
    if (current !== undefined) out.push(current);
  }
  return out;
}
