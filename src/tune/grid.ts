/**
 * The candidates `tune` measures: a strategy family (a backoff kind, or a kind or preset with some fields
 * fixed, e.g. `full-jitter:retry-after`) crossed with a grid of inline fields
 * (`base=100ms|250ms,cap=2s|8s,attempts=3|5|8,refetch=yes|no`). Every candidate is inline text that
 * `sim --strategy` accepts, so the recommendation can be rerun as printed.
 */
import type { BackoffKind } from '../core/backoff.ts';
import { isFlag } from '../core/strategy-fields.ts';
import { parseStrategy, resolveStrategy, StrategyTextError } from '../core/strategy-text.ts';
import type { StrategySpec } from '../core/strategies.ts';

/** One axis of the grid: the inline fields it tries, e.g. ['base=100ms', 'base=250ms'] or ['refetch', 'no-refetch']. */
export type GridAxis = readonly string[];

/**
 * Default grids by backoff kind: delays from a tenth of a second to a few seconds (world time), 3 to 8
 * tries, with and without re-reading: 10 to 72 candidates, so three seeds stay within the run bound.
 */
export const DEFAULT_GRIDS: Readonly<Record<BackoffKind, string>> = {
  none: 'attempts=1|2|3|5|8,refetch=yes|no',
  fixed: 'delay=250ms|500ms|1s|2s|4s,attempts=3|5|8,refetch=yes|no',
  uniform: 'min=100ms|250ms|500ms|1s,max=1s|2s|5s,attempts=3|5|8,refetch=yes|no',
  exponential: 'base=100ms|250ms|500ms|1s,cap=2s|8s,attempts=3|5|8,refetch=yes|no',
  'full-jitter': 'base=100ms|250ms|500ms|1s,cap=2s|8s,attempts=3|5|8,refetch=yes|no',
  'equal-jitter': 'base=100ms|250ms|500ms|1s,cap=2s|8s,attempts=3|5|8,refetch=yes|no',
  'decorrelated-jitter': 'base=100ms|250ms|500ms|1s,cap=2s|8s,attempts=3|5|8,refetch=yes|no',
  'polly-v2': 'median=100ms|250ms|500ms|1s,cap=2s|8s,attempts=3|5|8,refetch=yes|no',
};

/** `key=v1|v2,...`; a flag's values are yes|no (the flag or its no- form). */
export function parseGrid(text: string): GridAxis[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const eq = part.indexOf('=');
      if (eq < 1)
        throw new StrategyTextError(
          text,
          part,
          'a grid axis is key=value1|value2 (e.g. base=100ms|250ms, refetch=yes|no)',
        );
      const key = part.slice(0, eq).trim();
      const values = part
        .slice(eq + 1)
        .split('|')
        .map((v) => v.trim())
        .filter(Boolean);
      if (values.length === 0) throw new StrategyTextError(text, key, 'no values');
      if (!isFlag(key)) return values.map((v) => `${key}=${v}`);
      return values.map((v) => {
        if (v !== 'yes' && v !== 'no') throw new StrategyTextError(text, key, `a flag takes yes|no, got "${v}"`);
        return v === 'yes' ? key : `no-${key}`;
      });
    });
}

/** The family's base and the backoff kind its default grid follows. */
export function familyBase(family: string): { prefix: string; kind: BackoffKind } {
  const text = family.trim();
  if (text.includes(':')) return { prefix: `${text.replace(/,\s*$/, '')},`, kind: parseStrategy(text).backoff.kind };
  const kind = text in DEFAULT_GRIDS ? (text as BackoffKind) : resolveStrategy(text).backoff.kind;
  return { prefix: `${text}:`, kind };
}

export interface Candidate {
  text: string;
  spec: StrategySpec;
}

export interface CandidateSet {
  candidates: Candidate[];
  /** Combinations the strategy bounds refuse (e.g. min above max): left out, and said. */
  skipped: string[];
}

/** Every combination of the axes on the family, parsed; a combination that breaks a bound is skipped. */
export function candidatesOf(family: string, axes: readonly GridAxis[]): CandidateSet {
  const { prefix } = familyBase(family);
  let combos: string[][] = [[]];
  for (const axis of axes) combos = combos.flatMap((combo) => axis.map((field) => [...combo, field]));
  const candidates: Candidate[] = [];
  const skipped: string[] = [];
  for (const combo of combos) {
    const text = `${prefix}${combo.join(',')}`.replace(/[:,]$/, '');
    try {
      candidates.push({ text, spec: parseStrategy(text.includes(':') ? text : `${text}:`) });
    } catch (error) {
      // A field that does not exist is the user's mistake: refuse the grid. A range that crosses is one combination.
      if (error instanceof StrategyTextError && /must not be below|outside/.test(error.problem)) skipped.push(text);
      else throw error;
    }
  }
  return { candidates, skipped };
}

/** The field names of an inline text's fields ("refetch", "no-refetch" and "refetch=…" are all "refetch"). */
function fieldKey(field: string): string {
  return field.split('=')[0]!.trim().replace(/^no-/, '');
}

/** The fields an inline text sets after its colon: `exponential:base=500ms,refetch` → ['base=500ms', 'refetch']. */
export function fieldsOf(text: string): string[] {
  const colon = text.indexOf(':');
  if (colon < 0) return [];
  return text
    .slice(colon + 1)
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
}

/**
 * The grid a search runs: axes on a field the family already fixes are dropped (the family's value wins,
 * so `--family 'exponential:refetch'` with the default grid's refetch axis is no clash), and when the grid
 * is the kind's default, each value a user's `--include` sets on an axis joins it (attempts=6 beside
 * 3|5|8), so the search looks around the user's own setting too.
 */
export function searchAxes(
  family: string,
  axes: readonly GridAxis[],
  includes: readonly string[],
  widen: boolean,
): GridAxis[] {
  const fixed = new Set(fieldsOf(family.includes(':') ? family : `${family}:`).map(fieldKey));
  return axes
    .filter((axis) => axis.length > 0 && !fixed.has(fieldKey(axis[0] as string)))
    .map((axis) => {
      if (!widen) return axis;
      const key = fieldKey(axis[0] as string);
      const extra = includes.flatMap(fieldsOf).filter((f) => fieldKey(f) === key && !axis.includes(f));
      return [...axis, ...new Set(extra)];
    });
}
