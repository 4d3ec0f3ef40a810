/**
 * `wfm-harness tune`: search a strategy family's parameters in the simulator for a swap scenario, under
 * the user's constraints, for the fewest requests (or 409s) per trade; print the Pareto front, every
 * preset on the same terms, and the recommendation as inline text `sim --strategy` accepts. Bounded: the
 * candidate runs are counted before anything runs and refused above --max-runs. --confirm reruns the
 * best few under k6 (compare, a short load) and prints both.
 */
import { Command, InvalidArgumentError } from 'commander';
import { resolve } from 'node:path';
import { parseDuration, StrategyTextError } from '../core/strategy-fields.ts';
import { formatStrategy } from '../core/strategy-text.ts';
import { SCENARIOS, getScenario } from '../scenario/file/catalogue.ts';
import { candidatesOf, DEFAULT_GRIDS, familyBase, parseGrid, searchAxes } from '../tune/grid.ts';
import type { Candidate } from '../tune/grid.ts';
import { tuneJson } from '../tune/tune-json.ts';
import { resolveStrategy } from '../core/strategy-text.ts';
import { writeFileSync } from 'node:fs';
import { strategyText } from './options.ts';
import { paretoFront } from '../tune/score.ts';
import type { Constraints, Objective, Scored } from '../tune/score.ts';
import { plannedRuns, runTune } from '../tune/search.ts';
import type { SearchMode, TuneOutcome } from '../tune/search.ts';
import { confirmTable, frontTable, objectiveName, presetTable, versusPreset } from '../tune/tables.ts';
import { compare } from './compare.ts';
import { BadInputError } from './exit-policy.ts';
import { EXIT } from './exit-codes.ts';
import { integer, positiveNumber, scenarioIn } from './options.ts';
import { createProgress } from './progress.ts';

interface TuneOptions {
  scenario: string;
  family: string;
  grid?: string;
  search: SearchMode;
  seeds: number;
  seed: number;
  minSuccess: number;
  maxP95?: number;
  minimise: Objective;
  maxRuns: number;
  confirm?: boolean;
  confirmDuration: number;
  out?: string;
  include?: string[];
  json?: string;
}

function choice<T extends string>(name: string, values: readonly T[]) {
  return (raw: string): T => {
    if (!(values as readonly string[]).includes(raw))
      throw new InvalidArgumentError(`${name} must be one of ${values.join(', ')}, got "${raw}"`);
    return raw as T;
  };
}

function fraction(raw: string): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > 1)
    throw new InvalidArgumentError(`--min-success must be a fraction from 0 to 1 (e.g. 0.995), got "${raw}"`);
  return value;
}

function worldDuration(raw: string): number {
  try {
    return parseDuration(raw, '--max-p95', raw);
  } catch (error) {
    if (error instanceof StrategyTextError)
      throw new InvalidArgumentError(`--max-p95: "${raw}" is not a world duration with a unit (e.g. 10s, 500ms, 2m)`);
    throw error;
  }
}

/** The recommendation and the next best finalist that meet the constraints, and the best preset: what --confirm reruns. */
function confirmSet(outcome: TuneOutcome): Scored[] {
  const picks = [
    outcome.recommended,
    outcome.finalists.find((f) => f !== outcome.recommended && f.tally.seeds > 0),
    outcome.bestPreset,
  ];
  return picks.filter((p, i): p is Scored => p !== undefined && picks.indexOf(p) === i);
}

async function confirmWithK6(
  root: string,
  opts: TuneOptions,
  outcome: TuneOutcome,
  write: (text: string) => void,
): Promise<void> {
  const picks = confirmSet(outcome);
  write(
    `\ntune --confirm: ${picks.length} strategies under k6 (compare, seed ${opts.seed}, ${opts.confirmDuration} world-s of load each)\n`,
  );
  const { results, dir } = await compare({
    root,
    scenario: opts.scenario,
    seed: opts.seed,
    durationS: opts.confirmDuration,
    log: (line) => process.stderr.write(`${line}\n`),
    strategies: picks.map((p) => outcome.specs.get(p.text) ?? p.text),
    ...(opts.out === undefined ? {} : { outDir: resolve(opts.out) }),
  });
  const byName = new Map(results.strategies.map((r) => [r.strategy, r]));
  write(
    `\n${confirmTable(picks.map((p) => ({ label: p.text, sim: p, k6: byName.get(outcome.specs.get(p.text)?.name ?? p.text) })))}` +
      `\n\nk6 report: ${dir}/report.md\n`,
  );
}

function printOutcome(
  opts: TuneOptions,
  outcome: TuneOutcome,
  constraints: Constraints,
  write: (text: string) => void,
): void {
  const front = paretoFront([...outcome.finalists, ...outcome.presets, ...outcome.includes], opts.minimise);
  write(
    `\nPareto front: success against ${objectiveName(opts.minimise)}, finalists and presets pooled over the ` +
      `seeds\n\n${frontTable(front, constraints)}\n`,
  );
  if (outcome.includes.length > 0)
    write(
      `\nYour settings (--include), on the same seeds and constraints\n\n${presetTable(outcome.includes, constraints)}\n`,
    );
  write(`\nPresets under the same constraints and seeds\n\n${presetTable(outcome.presets, constraints)}\n`);
  if (!outcome.recommended) {
    write('\nNo candidate and no preset meets the constraints: relax --min-success or --max-p95, or widen --grid.\n');
    return;
  }
  const spec = outcome.specs.get(outcome.recommended.text);
  const text = spec ? formatStrategy(spec, { withName: false }) : outcome.recommended.text;
  write(
    `\nRecommended (${
      {
        grid: 'from the grid',
        preset: 'a preset: no grid candidate did better',
        include: 'your own setting (--include): no grid candidate or preset did better',
      }[outcome.recommended.source]
    }): ${text}\n`,
  );
  write(`  ${versusPreset(outcome.recommended, outcome.bestPreset, opts.minimise)}\n`);
  write(`  rerun: wfm-harness sim --scenario ${opts.scenario} --strategy '${text}' --seed ${opts.seed}\n`);
}

export async function runTuneCommand(root: string, opts: TuneOptions, write: (text: string) => void): Promise<number> {
  const startedMs = performance.now();
  const scenario = getScenario(opts.scenario);
  const { kind } = familyBase(opts.family);
  const gridText = opts.grid ?? DEFAULT_GRIDS[kind];
  const includes: Candidate[] = (opts.include ?? []).map((text) => ({ text, spec: resolveStrategy(text) }));
  const axes = searchAxes(
    opts.family,
    parseGrid(gridText),
    includes.map((i) => i.text),
    opts.grid === undefined,
  );
  const { candidates, skipped } = candidatesOf(opts.family, axes);
  const seeds = Array.from({ length: opts.seeds }, (_, i) => opts.seed + i);
  const runs = plannedRuns(opts.search, candidates.length, seeds.length);
  if (candidates.length === 0)
    throw new BadInputError(
      `tune: the grid "${gridText}" leaves no candidate (${skipped.length} combinations break a bound)`,
    );
  if (runs > opts.maxRuns)
    throw new BadInputError(
      `tune: ${candidates.length} candidates x ${seeds.length} seeds by ${opts.search} is ${runs} simulator runs, ` +
        `above --max-runs ${opts.maxRuns}: narrow --grid, use --search halving, fewer --seeds, or raise --max-runs`,
    );
  const constraints: Constraints = {
    minSuccess: opts.minSuccess,
    ...(opts.maxP95 === undefined ? {} : { maxP95Ms: opts.maxP95 }),
  };
  write(
    `tune: scenario=${scenario.name} family=${opts.family} grid=${axes.map((a) => a.join('|')).join(',')} ` +
      `search=${opts.search} seeds=${seeds.join(',')}\n`,
  );
  write(
    `tune: bound ${candidates.length} candidates${
      skipped.length ? ` (${skipped.length} combinations skipped: a bound refuses them)` : ''
    }, ${runs} candidate runs (at most --max-runs ${opts.maxRuns}) + presets on the same seeds\n`,
  );
  write(
    `tune: constraints success >= ${(opts.minSuccess * 100).toFixed(1)}%${
      opts.maxP95 === undefined ? '' : `, p95 time to outcome <= ${opts.maxP95} world ms (every seed)`
    }; minimising ${objectiveName(opts.minimise)}\n`,
  );
  const progress = createProgress();
  const outcome = await runTune({
    scenario,
    candidates,
    seeds,
    mode: opts.search,
    constraints,
    objective: opts.minimise,
    includes,
    onProgress: (done, total) =>
      progress.update(
        `tune: ${done}/${total} simulator runs, ${((performance.now() - startedMs) / 1000).toFixed(1)} s`,
      ),
  });
  progress.done();
  printOutcome(opts, outcome, constraints, write);
  if (opts.json) {
    writeFileSync(opts.json, `${JSON.stringify(tuneJson(opts, axes, seeds, constraints, outcome), null, 2)}\n`);
    write(`\ntune: every candidate, preset and --include with its numbers: ${opts.json}\n`);
  }
  write(
    `\ntune: ${outcome.candidateRuns} candidate runs + ${outcome.presetRuns} preset runs ` +
      `in ${((performance.now() - startedMs) / 1000).toFixed(1)} wall s\n`,
  );
  if (opts.confirm && outcome.recommended) await confirmWithK6(root, opts, outcome, write);
  return outcome.recommended ? EXIT.passed : EXIT.failed;
}

export function tuneCommand(root: string): Command {
  return new Command('tune')
    .description(
      "search a strategy family's parameters in the simulator under constraints; print the Pareto front, the " +
        'presets and the recommended inline strategy',
    )
    .option(
      '--scenario <name>',
      `swap scenario: ${Object.keys(SCENARIOS).join(', ')}`,
      scenarioIn(SCENARIOS),
      'dst-paris',
    )
    .option(
      '--family <text>',
      'a backoff kind, or a kind or preset with fields fixed, e.g. full-jitter:retry-after',
      'full-jitter',
    )
    .option(
      '--grid <axes>',
      'fields to try, e.g. base=100ms|250ms,cap=2s|8s,attempts=3|5|8,refetch=yes|no (default: the kind\'s grid, docs/strategies.md "tune")',
    )
    .option(
      '--search <mode>',
      'grid (every candidate on every seed) or halving (the better half goes on to the next seed)',
      choice('--search', ['grid', 'halving'] as const),
      'halving',
    )
    .option('--seeds <n>', 'how many seeds, from --seed on', integer('--seeds', 1, 10), 3)
    .option('--seed <n>', 'the first seed', integer('--seed', 0, 2 ** 32 - 11), 1)
    .option('--min-success <fraction>', 'applied / arrivals at least this, pooled over the seeds', fraction, 0.995)
    .option(
      '--max-p95 <duration>',
      'p95 time to outcome at most this in WORLD time on every seed, e.g. 10s',
      worldDuration,
    )
    .option(
      '--minimise <cost>',
      'requests (per trade) or conflicts (409s per trade)',
      choice('--minimise', ['requests', 'conflicts'] as const),
      'requests',
    )
    .option(
      '--max-runs <n>',
      'refuse a search needing more candidate runs than this',
      integer('--max-runs', 1, 5000),
      240,
    )
    .option(
      '--confirm',
      'rerun the recommendation, the next finalist and the best preset under k6 (compare) and show both',
    )
    .option(
      '--confirm-duration <s>',
      'WORLD seconds of load per strategy under --confirm',
      positiveNumber('--confirm-duration', 3600),
      60,
    )
    .option('--out <dir>', '--confirm: the k6 report directory (default reports/<run-id>)')
    .option(
      '--include <strategy>',
      "your own setting as a reference row, scored on the same seeds and terms, e.g. 'exponential:base=500ms," +
        "cap=8s,attempts=6,refetch' (repeatable); with the default grid its values join the grid's axes",
      (raw: string, previous: string[] = []) => [...previous, strategyText(raw)],
    )
    .option(
      '--json <file>',
      "write every candidate (halving's dropped ones too), preset and --include with its numbers",
    )
    .action(async (opts: TuneOptions) => {
      process.exitCode = await runTuneCommand(root, opts, (text) => process.stdout.write(text));
    });
}
