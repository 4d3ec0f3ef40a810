/**
 * The fields of an inline strategy (strategy-text.ts): what each key sets on a StrategySpec, and the
 * checks that keep a hand-written strategy bounded like the presets. Every error names the field and the
 * whole text, so a typo in a long --strategy list is found at once. Pure and k6-safe.
 */
import type { BackoffKind } from './backoff.ts';
import { CONFLICT_KINDS } from './ports.ts';
import type { ConflictKind } from './ports.ts';
import { ANY_409 } from './strategies.ts';
import type { StrategySpec } from './strategies.ts';
import { GRPC_A6_BUDGET } from './retry-budget.ts';

export class StrategyTextError extends Error {
  constructor(
    readonly text: string,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`strategy "${text}": ${field}: ${problem}`);
  }
}

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000 };

/** "250ms", "4s", "1.5s", "2m" as world ms. A bare number is refused: its unit would be a guess. */
export function parseDuration(text: string, field: string, raw: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(raw);
  if (!match) throw new StrategyTextError(text, field, `"${raw}" is not a duration with a unit (e.g. 250ms, 4s, 2m)`);
  // Rounded to a microsecond so 0.3s is 300 ms, not 300.00000000000006.
  return Math.round(Number(match[1]) * (UNIT_MS[match[2] as string] as number) * 1000) / 1000;
}

function parseNumber(text: string, field: string, raw: string, integer: boolean): number {
  const value = Number(raw);
  if (raw === '' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new StrategyTextError(text, field, `"${raw}" is not ${integer ? 'an integer' : 'a number'}`);
  }
  return value;
}

/** Backoff parameters by kind: key in the text → field of the BackoffSpec, and whether it is a duration. */
export const BACKOFF_PARAMS: Readonly<
  Record<BackoffKind, ReadonlyArray<readonly [string, string, 'duration' | 'number' | 'integer']>>
> = {
  none: [],
  fixed: [['delay', 'delayMs', 'duration']],
  uniform: [
    ['min', 'minMs', 'duration'],
    ['max', 'maxMs', 'duration'],
  ],
  exponential: [
    ['base', 'baseMs', 'duration'],
    ['cap', 'capMs', 'duration'],
    ['factor', 'factor', 'number'],
    ['first-exponent', 'firstExponent', 'integer'],
  ],
  'full-jitter': [
    ['base', 'baseMs', 'duration'],
    ['cap', 'capMs', 'duration'],
    ['first-exponent', 'firstExponent', 'integer'],
  ],
  'equal-jitter': [
    ['base', 'baseMs', 'duration'],
    ['cap', 'capMs', 'duration'],
    ['first-exponent', 'firstExponent', 'integer'],
  ],
  'decorrelated-jitter': [
    ['base', 'baseMs', 'duration'],
    ['cap', 'capMs', 'duration'],
  ],
  'polly-v2': [
    ['median', 'medianFirstDelayMs', 'duration'],
    ['cap', 'capMs', 'duration'],
  ],
};

/** "409" (every 409 kind) or kinds joined by "+": commas already separate fields. */
function parseKinds(text: string, field: string, raw: string): ConflictKind[] {
  if (raw === '409') return [...ANY_409];
  const kinds = raw.split('+').map((k) => k.trim());
  const bad = kinds.filter((k) => !(CONFLICT_KINDS as readonly string[]).includes(k));
  if (bad.length > 0 || kinds.length === 0)
    throw new StrategyTextError(
      text,
      field,
      `"${bad.join('+') || raw}" is not a failure kind; use 409 or kinds joined by + from ${CONFLICT_KINDS.join(', ')}`,
    );
  return kinds as ConflictKind[];
}

const FLAGS = new Set(['refetch', 'retry-after', 'budget', 'follow-headers', 'sleep-after-last']);
const NEGATABLE = new Set([
  'refetch',
  'retry-after',
  'budget',
  'pacing',
  'partition',
  'retry-on',
  'retry-at-once-on',
  'sleep-after-last',
]);

type OptionalPart = 'retryBudget' | 'pacing' | 'partitioning' | 'retryOn' | 'retryAtOnceOn';
const OPTIONAL_PARTS: Readonly<Record<string, OptionalPart>> = {
  budget: 'retryBudget',
  pacing: 'pacing',
  partition: 'partitioning',
  'retry-on': 'retryOn',
  'retry-at-once-on': 'retryAtOnceOn',
};

export function isFlag(key: string): boolean {
  return FLAGS.has(key) || (key.startsWith('no-') && NEGATABLE.has(key.slice(3)));
}

function pacingOf(spec: StrategySpec): NonNullable<StrategySpec['pacing']> {
  spec.pacing ??= { minGapMs: 0, followRateLimitHeaders: false, headroomFraction: 0.2 };
  return spec.pacing;
}

function applyBackoffParam(spec: StrategySpec, text: string, key: string, value: string): boolean {
  const param = BACKOFF_PARAMS[spec.backoff.kind].find(([name]) => name === key);
  if (!param) return false;
  const [, prop, type] = param;
  const parsed =
    type === 'duration' ? parseDuration(text, key, value) : parseNumber(text, key, value, type === 'integer');
  (spec.backoff as unknown as Record<string, number>)[prop] = parsed;
  return true;
}

function parseBudget(text: string, value: string | undefined): StrategySpec['retryBudget'] {
  if (value === undefined) return { ...GRPC_A6_BUDGET };
  const parts = value.split('/');
  if (parts.length !== 3)
    throw new StrategyTextError(
      text,
      'budget',
      `"${value}" is not maxTokens/failureCost/successCredit (e.g. 10/1/0.1), or give budget alone for gRPC A6's`,
    );
  const [maxTokens, failureCost, successCredit] = parts.map((p) => parseNumber(text, 'budget', p, false)) as [
    number,
    number,
    number,
  ];
  return { maxTokens, failureCost, successCredit };
}

/** The fields every backoff kind takes besides its own (what an unknown field's message lists). */
const COMMON_FIELDS = ['attempts', 'deadline', 'refetch', 'retry-after', 'budget', 'gap', 'follow-headers', 'headroom'];
COMMON_FIELDS.push('partition', 'retry-on', 'retry-at-once-on', 'sleep-after-last', 'name');

/** Set one field; `value` is undefined for a flag. */
export function applyField(spec: StrategySpec, text: string, key: string, value: string | undefined): void {
  if (key.startsWith('no-') && value === undefined) {
    const slot = key.slice(3);
    if (slot === 'refetch') spec.refetchOnConflict = false;
    else if (slot === 'retry-after') spec.honourRetryAfter = false;
    else if (slot === 'sleep-after-last') delete spec.sleepAfterLastAttempt;
    else delete spec[OPTIONAL_PARTS[slot] as OptionalPart];
    return;
  }
  if (value !== undefined && FLAGS.has(key) && key !== 'budget')
    throw new StrategyTextError(text, key, `is a flag and takes no value (write ${key} or no-${key})`);
  switch (key) {
    case 'refetch':
      spec.refetchOnConflict = true;
      return;
    case 'retry-after':
      spec.honourRetryAfter = true;
      return;
    case 'sleep-after-last':
      spec.sleepAfterLastAttempt = true;
      return;
    case 'follow-headers':
      pacingOf(spec).followRateLimitHeaders = true;
      return;
    case 'budget':
      spec.retryBudget = parseBudget(text, value);
      return;
  }
  const v = value as string;
  switch (key) {
    case 'name':
      spec.name = decodeName(text, v);
      return;
    case 'attempts':
      spec.maxAttempts = parseNumber(text, key, v, true);
      return;
    case 'deadline':
      spec.deadlineMs = parseDuration(text, key, v);
      return;
    case 'gap':
      pacingOf(spec).minGapMs = parseDuration(text, key, v);
      return;
    case 'headroom':
      pacingOf(spec).headroomFraction = parseNumber(text, key, v, false);
      return;
    case 'retry-on':
      spec.retryOn = parseKinds(text, key, v);
      return;
    case 'retry-at-once-on':
      spec.retryAtOnceOn = parseKinds(text, key, v);
      return;
    case 'partition':
      if (v !== 'schedule')
        throw new StrategyTextError(text, key, `"${v}" is not a partitioning; the one there is: schedule`);
      spec.partitioning = 'schedule';
      return;
  }
  if (applyBackoffParam(spec, text, key, v)) return;
  const own = BACKOFF_PARAMS[spec.backoff.kind].map(([name]) => name);
  throw new StrategyTextError(
    text,
    key,
    `unknown field for a ${spec.backoff.kind} backoff; fields: ${[...own, ...COMMON_FIELDS].join(', ')} (no-<flag> turns one off)`,
  );
}

function decodeName(text: string, raw: string): string {
  try {
    const name = decodeURIComponent(raw);
    if (name.trim() === '') throw new Error('empty');
    return name;
  } catch {
    throw new StrategyTextError(text, 'name', `"${raw}" is not a name (percent-encode , : = ; as %2C %3A %3D %3B)`);
  }
}

function check(ok: boolean, text: string, field: string, problem: string): void {
  if (!ok) throw new StrategyTextError(text, field, problem);
}

/** The bounds every strategy keeps (as the presets do): finite tries, finite time, sane ranges. */
export function validateStrategy(spec: StrategySpec, text: string): void {
  check(spec.maxAttempts >= 1 && spec.maxAttempts <= 100, text, 'attempts', `${spec.maxAttempts} is outside 1 to 100`);
  check(
    spec.deadlineMs > 0 && spec.deadlineMs <= 86_400_000,
    text,
    'deadline',
    'must be above 0 and at most 24 h (1440m)',
  );
  const b = spec.backoff as unknown as Record<string, number | undefined>;
  for (const [key, prop] of BACKOFF_PARAMS[spec.backoff.kind]) {
    const value = b[prop];
    if (value !== undefined) check(value >= 0 && value <= 3_600_000, text, key, `${value} is outside 0 to 1 h`);
  }
  if (b['capMs'] !== undefined)
    check(
      b['capMs'] >= (b['baseMs'] ?? b['medianFirstDelayMs'] ?? 0),
      text,
      'cap',
      'must not be below the base (or median)',
    );
  if (spec.backoff.kind === 'uniform')
    check(spec.backoff.maxMs >= spec.backoff.minMs, text, 'max', 'must not be below min');
  if (spec.backoff.kind === 'exponential' && spec.backoff.factor !== undefined)
    check(spec.backoff.factor >= 1 && spec.backoff.factor <= 10, text, 'factor', 'must be from 1 to 10');
  if (spec.pacing)
    check(
      spec.pacing.headroomFraction >= 0 && spec.pacing.headroomFraction < 1,
      text,
      'headroom',
      'must be from 0 up to (not including) 1',
    );
  if (spec.retryBudget) {
    const { maxTokens, failureCost, successCredit } = spec.retryBudget;
    check(
      maxTokens > 0 && failureCost >= 0 && successCredit >= 0,
      text,
      'budget',
      'needs maxTokens > 0, failureCost >= 0, successCredit >= 0',
    );
  }
}
