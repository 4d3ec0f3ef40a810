/**
 * `wfm-harness compare`: start the mock in-process on 127.0.0.1, bundle the scenario, run it once per
 * strategy with k6 (world reset between runs, so each strategy meets the same world and clock), then
 * write results.json and report.md under reports/<run-id>/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { resolveStrategy, strategyText } from '../core/strategy-text.ts';
import type { StrategySpec } from '../core/strategies.ts';
import { DEFAULT_DIALECT, DIALECTS, getDialect } from '../core/dialects/index.ts';
import { assertSpells } from '../core/trade-kinds.ts';
import { mixKinds } from '../scenario/trade-mix.ts';
import type { FaultConfig } from '../../mock-server/api/faults.ts';
import { getScenario } from '../scenario/file/catalogue.ts';
import type { ScenarioSpec } from '../scenario/spec.ts';
import { buildServer } from '../../mock-server/http/server.ts';
import { strategyResultFromK6 } from '../report/from-k6.ts';
import { comparisonTable, renderMarkdown } from '../report/markdown.ts';
import { runResults } from '../report/results.ts';
import type { RunResults, StrategyResult } from '../report/results.ts';
import { SWAP_ENTRY, k6Bundle } from './bundle.ts';
import { gitCommit } from './git.ts';
import { findK6, k6Version } from './k6-binary.ts';
import { runK6 } from './run-k6.ts';
import { formatStrategy } from '../core/strategy-format.ts';
import { serverTimeline } from './server-timeline.ts';
import { pressureWindowViews } from '../../mock-server/domain/pressures/windows.ts';
import type { K6Run, K6RunOptions } from './run-k6.ts';
import { runK6Segments } from './run-k6-segments.ts';
import type { Thresholds } from '../scenario/thresholds.ts';
import { dashboardEnv } from './dashboard.ts';
import { BadInputError } from './exit-policy.ts';
import { planScenarioSwaps } from '../scenario/plan.ts';
import { arrivalCount, peakRatePerS } from '../scenario/load-shape.ts';
import { PARTITIONED_EXTRA_S } from '../scenario/spec.ts';
import { createProgress, whileRunning } from './progress.ts';
import { freshRunDir } from './run-dir.ts';
import { mockFromScenario } from '../world/mock-from-scenario.ts';
import { clientsOf } from '../scenario/clients.ts';
import { rateLimitsOf } from '../scenario/mock-setup.ts';
import type { TraceLine } from '../report/trace-line.ts';
import { failedTradesOf } from './failed-trades.ts';
import { scenarioHash } from '../scenario/file/content-hash.ts';
import { worldSummaryOf } from '../scenario/world-summary.ts';

/**
 * The most trades per REAL second compare asks of one k6 process and one mock on this kind of machine
 * (each trade is 3 or more requests; docs/time.md "Time"): a higher rate x speed is refused before anything runs.
 */
export const MAX_REAL_TRADES_PER_S = 50;
/** k6's floor on a scenario's duration and maxDuration, real seconds ("the duration must be at least 1s"). */
const K6_MIN_DURATION_S = 1;

/**
 * When the latency clients saw (median, world ms) exceeds the network model's median by this factor,
 * real loopback time x speed is no longer small next to the model: compare says so and suggests a lower --speed.
 */
export const LATENCY_WARN_FACTOR = 1.5;

/** A load this run cannot drive or feed: bad options, exit 2 before any k6 run. */
export class CompareRefused extends BadInputError {}

export interface CompareOptions {
  root: string;
  /** A catalogue name, or a spec loaded from a --scenario-file. */
  scenario: string | ScenarioSpec;
  /** With a --scenario-file: the file's path and SHA-256, recorded in results.json for `baseline update`. */
  scenarioFile?: RunResults['scenarioFile'];
  /** Preset names, inline strategies (k6 gets the inline text in STRATEGY and parses it) or definitions. */
  strategies: ReadonlyArray<string | StrategySpec>;
  seed: number;
  outDir?: string;
  /** World seconds of load per strategy (default the scenario's). */
  durationS?: number;
  /** Trades per world-second (default the scenario's). */
  rate?: number;
  /** World ms per real ms for the mock's clock and the k6 clients (default the scenario's). */
  speed?: number;
  /** src/core/dialects/index.ts; default genesys-legacy. */
  dialect?: string;
  /** Server faults for every strategy's run (PUT /__harness/faults), drawn from the seed's stream. */
  faults?: FaultConfig;
  /** k6 thresholds (src/scenario/thresholds.ts) in place of the scenario's; a crossed one fails the run (exit 1). */
  thresholds?: Thresholds;
  /** Export k6's web dashboard per strategy to <dir>/dashboard-<strategy>.html. */
  dashboard?: boolean;
  /** Run each strategy as this many k6 processes, one execution segment each, and merge them (docs/k6.md "Distributed runs"). */
  segments?: number;
  log?: (line: string) => void;
}

export interface CompareOutcome {
  results: RunResults;
  dir: string;
}

/** An inline strategy's name is its text (with / : , =): keep file names to one path segment. */
function fileSafe(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_');
}

function runIdFor(scenario: string, seed: number, startedAt: Date): string {
  return `${startedAt.toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}-${scenario}-seed${seed}`;
}

/** One k6 process, or `segments` of them merged into one summary. */
function runStrategy(segments: number, samplesPath: string, run: K6RunOptions): Promise<K6Run> {
  return segments > 1 ? runK6Segments({ ...run, segments, samplesPath }) : runK6(run);
}

export async function compare(options: CompareOptions): Promise<CompareOutcome> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  if ((options.segments ?? 1) > 1 && options.dashboard)
    throw new CompareRefused(
      '--dashboard with --segments: each k6 instance would serve and export its own half; run one or the other',
    );
  const scenario = typeof options.scenario === 'string' ? getScenario(options.scenario) : options.scenario;
  // The file's faults unless the caller names others (--faults).
  const faults = options.faults ?? scenario.faults;
  const strategies = options.strategies.map((s) => (typeof s === 'string' ? resolveStrategy(s) : s));
  const dialect = getDialect(options.dialect ?? DEFAULT_DIALECT).name;
  // A mix the dialect cannot spell is refused before the server starts (exit 2), never run as swaps.
  assertSpells(getDialect(dialect), mixKinds(scenario.tradeMix), Object.values(DIALECTS), scenario.name);
  // The load's shape is checked before the run directory, k6 or the server exist (exit 2 leaves nothing).
  if (scenario.load.stages && (options.durationS !== undefined || options.rate !== undefined)) {
    throw new CompareRefused(
      `${scenario.name} ramps its load in stages; --rate and --duration apply to a constant rate only: change the stages in the file`,
    );
  }
  const durationS = options.durationS ?? scenario.load.durationS;
  const rate = options.rate ?? scenario.load.tradesPerSecond;
  const speed = options.speed ?? scenario.clock.speed;
  const swaps = scenario.load.stages ? arrivalCount(scenario.load) : Math.floor(rate * durationS);
  const realRate = (options.rate ?? peakRatePerS(scenario.load)) * speed;
  if (realRate > MAX_REAL_TRADES_PER_S) {
    throw new CompareRefused(
      `--rate ${rate} x --speed ${speed} asks for ${realRate.toFixed(0)} trades per real second; one k6 process ` +
        (`and one mock on this machine drive at most ${MAX_REAL_TRADES_PER_S}: lower --speed ` +
          `to ${(MAX_REAL_TRADES_PER_S / (realRate / speed)).toFixed(1)} or less`),
    );
  }
  // k6 refuses a scenario whose duration (arrival rate) or maxDuration (a partitioning strategy's window:
  // the load plus PARTITIONED_EXTRA_S world-s) is under 1 real s: exit 104 before any trade (k6/lib/swaps.ts).
  const shortest = strategies
    .map((s) => ({ name: s.name, worldS: s.partitioning ? durationS + PARTITIONED_EXTRA_S : durationS }))
    .sort((a, b) => a.worldS - b.worldS)[0];
  if (shortest && shortest.worldS / speed < K6_MIN_DURATION_S) {
    throw new CompareRefused(
      `k6 would run ${shortest.name} for ${shortest.worldS} world-s, ${(shortest.worldS / speed).toFixed(2)} real s at ` +
        `--speed ${speed}; k6 needs at least ${K6_MIN_DURATION_S} real s: lower --speed to ` +
        `${Math.floor(shortest.worldS / K6_MIN_DURATION_S)} or less, or raise --duration`,
    );
  }
  const startedAt = new Date();
  const commit = gitCommit(options.root);
  const runId = runIdFor(scenario.name, options.seed, startedAt);
  const dir = options.outDir ?? freshRunDir(resolve('reports', runId));
  mkdirSync(dir, { recursive: true });
  log(
    `compare: ` +
      (`scenario=${scenario.name} seed=${options.seed} commit=${commit} strategies=${strategies.map((s) => s.name).join(',')} ` +
        `dialect=${dialect}${faults ? ` faults=${JSON.stringify(faults)}` : ''}`),
  );

  const k6 = await findK6({ log });
  const version = await k6Version(k6.path);
  log(`compare: k6 ${k6.path} (${k6.source}): ${version}`);
  const bundle = await k6Bundle(options.root, SWAP_ENTRY);
  // k6 reads the resolved spec (clock absolute, plain data) from here: k6/swap-scenario.ts.
  const specPath = join(dir, 'scenario.json');
  writeFileSync(specPath, `${JSON.stringify(scenario, null, 2)}\n`);
  log(`compare: bundle ${bundle.path} ${(bundle.bytes / 1024).toFixed(1)} KiB`);

  log(
    `compare: load ${
      scenario.load.stages
        ? `from ${rate} in ${scenario.load.stages.length} stage(s), peak ${peakRatePerS(scenario.load)},`
        : rate
    } trades per world-s for ${durationS} world-s (${swaps} swaps) ` +
      `at ${speed}x: ${realRate.toFixed(1)} trades per real s at most for ${(durationS / speed).toFixed(1)} real s per strategy`,
  );
  const { app, harness } = await buildServer({
    ...mockFromScenario(scenario, options.seed),
    seed: options.seed,
    quiet: false,
    speed,
  });
  const planned = planScenarioSwaps(harness.world, scenario).length;
  if (planned < swaps) {
    await app.close();
    throw new CompareRefused(
      `${scenario.name} plans ${planned} swaps for seed ${options.seed}; the load (rate x duration) asks for ${swaps}`,
    );
  }
  // reset() restarts the faults' stream and keeps the config: each strategy meets the same draws.
  if (faults) harness.faults.set(faults);
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  const rows: StrategyResult[] = [];
  /** Every unapplied trade's requests (the server's journal) and outcome (its VU's record), for explain. */
  const trace: TraceLine[] = [];
  const world = harness.world;
  // The lock windows, publishes and transitions the report shades: from the start to the latest run's end.
  let windowsToMs = Date.parse(scenario.clock.startUtc);
  try {
    for (const strategy of strategies) {
      harness.reset();
      const worldStartMs = harness.clock.nowMs();
      log(
        `compare: running ${strategy.name} against ${baseUrl}${
          (options.segments ?? 1) > 1 ? ` as ${options.segments} k6 instances (execution segments)` : ''
        }`,
      );
      // Through the caller's log when it has one (tests pass a silent one), else the terminal's stderr.
      const progress = createProgress(
        options.log ? { isTTY: false, write: (text: string) => log(text.trimEnd()) } : process.stderr,
      );
      const position = `${rows.length + 1}/${strategies.length}`;
      // Progress in world seconds: the real seconds k6 has run, times the speed.
      const { summary, thresholdsFailed, consolePaths } = await whileRunning(
        progress,
        (realS) => {
          const worldS = realS * speed;
          return (
            `compare: ${strategy.name} (${position}) ${Math.min(worldS, durationS).toFixed(0)}/${durationS} world-s ` +
            `of load${worldS > durationS ? `, finishing ${(worldS - durationS).toFixed(0)} world-s` : ''}`
          );
        },
        runStrategy(options.segments ?? 1, join(dir, `k6-samples-${fileSafe(strategy.name)}.json.gz`), {
          k6: k6.path,
          bundle: bundle.path,
          env: {
            SCENARIO_SPEC: specPath,
            BASE_URL: baseUrl,
            STRATEGY: strategyText(strategy),
            DIALECT: dialect,
            SEED: String(options.seed),
            RATE: String(rate),
            DURATION_S: String(durationS),
            SPEED: String(speed),
            ...(options.thresholds ? { THRESHOLDS: JSON.stringify(options.thresholds) } : {}),
            ...(options.dashboard ? await dashboardEnv(dir, fileSafe(strategy.name), durationS / speed) : {}),
            // Segments: the world was reset above; no instance may reset it under another's trades.
            ...((options.segments ?? 1) > 1 ? { RESET: 'false' } : {}),
          },
          summaryPath: join(dir, `k6-summary-${fileSafe(strategy.name)}.json`),
          logPath: join(dir, `k6-${fileSafe(strategy.name)}.log`),
          consolePath: join(dir, `k6-console-${fileSafe(strategy.name)}.log`),
        }),
      );
      progress.done();
      // Each unapplied trade's record (its VU's console line) joined with the server's journal of it.
      const failed = failedTradesOf(consolePaths, harness.journal.entries());
      trace.push(...failed.trace);
      const worldSeconds = (harness.clock.nowMs() - worldStartMs) / 1000;
      // The world ran from the scenario's start (k6's setup reset it as the load began) to now.
      const timeline = serverTimeline(harness, Date.parse(scenario.clock.startUtc), harness.clock.nowMs());
      const row = {
        ...strategyResultFromK6(
          strategy,
          summary,
          harness.store.report(),
          harness.refusals.counts(),
          worldSeconds,
          failed.serverCauses,
          swaps,
        ),
        definitionText: formatStrategy(strategy, { withName: false }),
        timeline,
      };
      windowsToMs = Math.max(windowsToMs, harness.clock.nowMs());
      rows.push(row);
      if (thresholdsFailed)
        log(
          `compare: ${strategy.name}: k6 exited 99, thresholds crossed: ${(row.thresholds ?? [])
            .filter((t) => !t.ok)
            .map((t) => `${t.metric} ${t.expression}`)
            .join('; ')}`,
        );
      const model = scenario.network.roundTripMs;
      const seenMs = row.requestLatencyMs?.p50;
      if (model && seenMs !== undefined && seenMs > LATENCY_WARN_FACTOR * model.medianMs) {
        log(
          `compare: WARNING ${strategy.name}: clients saw a median round trip ` +
            (`of ${seenMs.toFixed(0)} world ms against the ` +
              `model's ${model.medianMs}: real loopback time x ${speed} is not small; lower --speed`),
        );
      }
    }
  } finally {
    await app.close();
  }

  const resolved = { ...scenario, load: { ...scenario.load, tradesPerSecond: rate, durationS } };
  const results = runResults.parse({
    schemaVersion: 1,
    runId,
    kind: 'k6',
    scenarioHash: scenarioHash(scenario.load.stages ? scenario : resolved, faults),
    ...(options.scenarioFile ? { scenarioFile: options.scenarioFile } : {}),
    world: worldSummaryOf(scenario),
    pressureWindows: pressureWindowViews(world, scenario.pressures, Date.parse(scenario.clock.startUtc), windowsToMs),
    scenario: scenario.name,
    seed: options.seed,
    gitCommit: commit,
    startedAt: startedAt.toISOString(),
    tools: { k6: version, node: process.version, bundleBytes: String(bundle.bytes) },
    load: {
      tradesPerSecond: scenario.load.stages ? swaps / durationS : rate,
      durationS,
      clockSpeed: speed,
      clients: clientsOf(scenario.load),
    },
    rateLimits: rateLimitsOf(scenario.pressures),
    network: { roundTripMs: scenario.network.roundTripMs },
    dialect,
    ...(faults ? { faults } : {}),
    strategies: rows,
  });
  writeFileSync(join(dir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  if (trace.length > 0)
    writeFileSync(join(dir, 'trace.jsonl'), trace.map((line) => `${JSON.stringify(line)}\n`).join(''));
  writeFileSync(join(dir, 'report.md'), renderMarkdown(results));
  return { results, dir };
}

export { comparisonTable };
