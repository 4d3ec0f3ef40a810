/** Option parsers shared by every command: a bad value names the option and what it accepts. */
import { InvalidArgumentError } from 'commander';
import { resolveStrategy, splitStrategyList, StrategyTextError } from '../core/strategy-text.ts';
import { DIALECTS } from '../core/dialects/index.ts';
import { MAX_SEEDS } from '../sim/seeds.ts';

export function integer(name: string, min: number, max: number) {
  return (raw: string): number => {
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max)
      throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
    return value;
  };
}

/**
 * --strategy: presets and inline strategies (src/core/strategy-text.ts), e.g.
 * `no-retry,full-jitter:base=250ms,cap=4s,attempts=8,refetch`; every one is parsed here, so a bad field
 * exits 2 naming it before anything runs. Returns the texts; runners resolve them again (cheap, pure).
 */
export function strategyList(raw: string): string[] {
  const texts = splitStrategyList(raw);
  if (texts.length === 0) throw new InvalidArgumentError('--strategy needs at least one preset or inline strategy');
  for (const text of texts) strategyText(text);
  return texts;
}

/** One strategy (sync --strategy): a preset name or an inline strategy. */
export function strategyText(raw: string): string {
  try {
    resolveStrategy(raw);
  } catch (error) {
    if (error instanceof StrategyTextError) throw new InvalidArgumentError(error.message);
    throw error;
  }
  return raw.trim();
}

/** A parser accepting the names of one scenario registry (k6 scenarios or simulator scenarios). */
export function scenarioIn(registry: Readonly<Record<string, unknown>>) {
  return (raw: string): string => {
    if (!registry[raw])
      throw new InvalidArgumentError(`unknown scenario "${raw}"; known: ${Object.keys(registry).join(', ')}`);
    return raw;
  };
}

/** --dialect: one of the core's dialects (src/core/dialects/index.ts). */
export function dialectName(raw: string): string {
  if (!DIALECTS[raw])
    throw new InvalidArgumentError(`unknown dialect "${raw}"; known: ${Object.keys(DIALECTS).join(', ')}`);
  return raw;
}

/** The largest --speed any command accepts (the control API's bound too: mock-server/api/schemas.ts). */
export const MAX_SPEED = 1_000_000;

/** A positive decimal: a number that must not be an integer only (--rate, --speed). */
export function positiveNumber(name: string, max: number) {
  return (raw: string): number => {
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0 || value > max)
      throw new InvalidArgumentError(`${name} must be a number above 0 and at most ${max}, got "${raw}"`);
    return value;
  };
}

/** --speed: world ms per real ms of a run against the listening mock. */
export const speedOption = positiveNumber('--speed', MAX_SPEED);

/** --seeds: "1-5" or "1,2,7": two to MAX_SEEDS distinct seeds, in the order given. */
export function seedList(raw: string): number[] {
  const range = /^(\d+)-(\d+)$/.exec(raw.trim());
  const seeds = range
    ? Array.from({ length: Number(range[2]) - Number(range[1]) + 1 }, (_, i) => Number(range[1]) + i)
    : raw.split(',').map((part) => Number(part.trim()));
  const valid = seeds.every((n) => Number.isInteger(n) && n >= 0 && n <= 2 ** 32 - 1);
  if (!valid || seeds.length < 2 || seeds.length > MAX_SEEDS || new Set(seeds).size !== seeds.length)
    throw new InvalidArgumentError(
      `--seeds must be ${MAX_SEEDS} or fewer distinct seeds, at least two, as a range like 1-5 or a list like 1,2,7; got "${raw}"`,
    );
  return seeds;
}
