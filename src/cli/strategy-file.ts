/**
 * --strategy-file: strategies as a JSON array of objects in the StrategySpec shape (src/core/strategies.ts),
 * validated with zod before anything runs (zod stays out of core, which k6 bundles). Durations are WORLD
 * ms, as in the spec; each one then passes the same bounds as an inline strategy (strategy-fields.ts).
 */
import { CONFLICT_KINDS } from '../core/ports.ts';
import { z } from 'zod';
import type { StrategySpec } from '../core/strategies.ts';
import { validateStrategy } from '../core/strategy-fields.ts';
import { StrategyTextError } from '../core/strategy-text.ts';
import { ConfigFileError, loadJsonWith } from './json-file.ts';
import { INPUT_CAPS_BYTES } from '../input/bounded-read.ts';

const ms = z.number().nonnegative().max(3_600_000);
const expo = { baseMs: ms, capMs: ms, firstExponent: z.number().int().min(0).max(10).optional() };

const backoff = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({ kind: z.literal('fixed'), delayMs: ms }),
  z.strictObject({ kind: z.literal('uniform'), minMs: ms, maxMs: ms }),
  z.strictObject({ kind: z.literal('exponential'), factor: z.number().min(1).max(10).optional(), ...expo }),
  z.strictObject({ kind: z.literal('full-jitter'), ...expo }),
  z.strictObject({ kind: z.literal('equal-jitter'), ...expo }),
  z.strictObject({ kind: z.literal('decorrelated-jitter'), baseMs: ms, capMs: ms }),
  z.strictObject({ kind: z.literal('polly-v2'), medianFirstDelayMs: ms, capMs: ms }),
]);

const conflictKind = z.enum(CONFLICT_KINDS);

export const strategySpecSchema = z.strictObject({
  name: z.string().min(1),
  origin: z.string().default('Defined in a strategy file'),
  backoff,
  refetchOnConflict: z.boolean(),
  maxAttempts: z.number().int().min(1).max(100),
  deadlineMs: z.number().positive().max(86_400_000),
  honourRetryAfter: z.boolean(),
  retryBudget: z
    .strictObject({
      maxTokens: z.number().positive(),
      failureCost: z.number().nonnegative(),
      successCredit: z.number().nonnegative(),
    })
    .optional(),
  pacing: z
    .strictObject({ minGapMs: ms, followRateLimitHeaders: z.boolean(), headroomFraction: z.number().min(0).lt(1) })
    .optional(),
  partitioning: z.literal('schedule').optional(),
  retryOn: z.array(conflictKind).min(1).optional(),
  retryAtOnceOn: z.array(conflictKind).min(1).optional(),
  sleepAfterLastAttempt: z.boolean().optional(),
});

export const strategyFileSchema = z.array(strategySpecSchema).min(1);

/** The inline key a bound is checked under → the field of the JSON shape. */
const JSON_FIELD: Readonly<Record<string, string>> = {
  cap: 'backoff.capMs',
  max: 'backoff.maxMs',
  factor: 'backoff.factor',
  base: 'backoff.baseMs',
  median: 'backoff.medianFirstDelayMs',
  delay: 'backoff.delayMs',
  min: 'backoff.minMs',
  attempts: 'maxAttempts',
  deadline: 'deadlineMs',
  headroom: 'pacing.headroomFraction',
  budget: 'retryBudget',
};

/** The file's strategies; a bad one throws ConfigFileError naming the file and the field path. */
export function loadStrategyFile(file: string): StrategySpec[] {
  const specs = loadJsonWith(strategyFileSchema, file, INPUT_CAPS_BYTES.small) as StrategySpec[];
  specs.forEach((spec, i) => {
    try {
      validateStrategy(spec, spec.name);
    } catch (error) {
      if (error instanceof StrategyTextError)
        throw new ConfigFileError(`${file}: [${i}].${JSON_FIELD[error.field] ?? error.field}: ${error.problem}`);
      throw error;
    }
  });
  const names = specs.map((s) => s.name);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice !== undefined) throw new ConfigFileError(`${file}: name: "${twice}" is defined twice`);
  return specs;
}

/**
 * The strategies a command runs: --strategy's texts, then --strategy-file's definitions, or undefined
 * when neither is given (the command's default). A bad file throws ConfigFileError (exit 2, nothing run).
 */
export function chosenStrategies(
  texts: readonly string[] | undefined,
  file: string | undefined,
): Array<string | StrategySpec> | undefined {
  if (texts === undefined && file === undefined) return undefined;
  return [...(texts ?? []), ...(file === undefined ? [] : loadStrategyFile(file))];
}
