/**
 * `wfm-harness compare`: start the mock in-process on 127.0.0.1, bundle the scenario, run it once per
 * strategy with k6 (world reset between runs, so each strategy meets the same world and clock), then
 * write results.json and report.md under reports/<run-id>/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getPreset } from '../core/strategies.ts';
import { DEFAULT_DIALECT, getDialect } from '../core/dialects/index.ts';
import type { FaultConfig } from '../../mock-server/api/faults.ts';
import { getScenario } from '../scenarios/index.ts';
import { buildServer } from '../../mock-server/http/server.ts';
import { strategyResultFromK6 } from '../report/from-k6.ts';
import { comparisonTable, renderMarkdown } from '../report/markdown.ts';
import { runResults } from '../report/results.ts';
import type { RunResults, StrategyResult } from '../report/results.ts';
import { bundleScenario } from './bundle.ts';
import { gitCommit } from './git.ts';
import { findK6, k6Version } from './k6-binary.ts';
import { runK6 } from './run-k6.ts';
import { createProgress, whileRunning } from './progress.ts';
import { freshRunDir } from './run-dir.ts';

export interface CompareOptions {
  root: string;
  scenario: string;
  strategies: string[];
  seed: number;
  outDir?: string;
  durationS?: number;
  rate?: number;
  /** src/core/dialects/index.ts; default genesys-legacy. */
  dialect?: string;
  /** Server faults for every strategy's run (PUT /__harness/faults), drawn from the seed's stream. */
  faults?: FaultConfig;
  log?: (line: string) => void;
}

export interface CompareOutcome {
  results: RunResults;
  dir: string;
}

function runIdFor(scenario: string, seed: number, startedAt: Date): string {
  return `${startedAt.toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}-${scenario}-seed${seed}`;
}

export async function compare(options: CompareOptions): Promise<CompareOutcome> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const scenario = getScenario(options.scenario);
  const strategies = options.strategies.map(getPreset);
  const dialect = getDialect(options.dialect ?? DEFAULT_DIALECT).name;
  const startedAt = new Date();
  const commit = gitCommit(options.root);
  const runId = runIdFor(scenario.name, options.seed, startedAt);
  const dir = options.outDir ?? freshRunDir(join(options.root, 'reports', runId));
  mkdirSync(dir, { recursive: true });
  log(`compare: scenario=${scenario.name} seed=${options.seed} commit=${commit} strategies=${strategies.map((s) => s.name).join(',')} dialect=${dialect}${options.faults ? ` faults=${JSON.stringify(options.faults)}` : ''}`);

  const k6 = await findK6({ log });
  const version = await k6Version(k6.path);
  log(`compare: k6 ${k6.path} (${k6.source}): ${version}`);
  const bundle = await bundleScenario(options.root, scenario.name);
  log(`compare: bundle ${bundle.path} ${(bundle.bytes / 1024).toFixed(1)} KiB`);

  const durationS = options.durationS ?? scenario.load.durationS;
  const rate = options.rate ?? scenario.load.tradesPerSecond;
  const { app, harness } = await buildServer({ scenario, seed: options.seed, quiet: false });
  // reset() restarts the faults' stream and keeps the config: each strategy meets the same draws.
  if (options.faults) harness.faults.set(options.faults);
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  const rows: StrategyResult[] = [];
  try {
    for (const strategy of strategies) {
      harness.reset();
      const worldStartMs = harness.clock.nowMs();
      log(`compare: running ${strategy.name} for ${durationS} s at ${rate} trades/s against ${baseUrl}`);
      // Through the caller's log when it has one (tests pass a silent one), else the terminal's stderr.
      const progress = createProgress(options.log ? { isTTY: false, write: (text: string) => log(text.trimEnd()) } : process.stderr);
      const position = `${rows.length + 1}/${strategies.length}`;
      const summary = await whileRunning(progress, (s) => `compare: ${strategy.name} (${position}) ${Math.min(s, durationS).toFixed(0)}/${durationS} s of load${s > durationS ? `, finishing ${(s - durationS).toFixed(0)} s` : ''}`, runK6({
        k6: k6.path,
        bundle: bundle.path,
        env: { BASE_URL: baseUrl, STRATEGY: strategy.name, DIALECT: dialect, SEED: String(options.seed), RATE: String(rate), DURATION_S: String(durationS) },
        summaryPath: join(dir, `k6-summary-${strategy.name}.json`),
        logPath: join(dir, `k6-${strategy.name}.log`),
      }));
      progress.done();
      const worldSeconds = (harness.clock.nowMs() - worldStartMs) / 1000;
      rows.push(strategyResultFromK6(strategy, summary, harness.store.report(), worldSeconds));
    }
  } finally {
    await app.close();
  }

  const results = runResults.parse({
    schemaVersion: 1,
    runId,
    kind: 'k6',
    scenario: scenario.name,
    seed: options.seed,
    gitCommit: commit,
    startedAt: startedAt.toISOString(),
    tools: { k6: version, node: process.version, bundleBytes: String(bundle.bytes) },
    load: { tradesPerSecond: rate, durationS, clockSpeed: scenario.clock.speed },
    dialect,
    ...(options.faults ? { faults: options.faults } : {}),
    strategies: rows,
  });
  writeFileSync(join(dir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(dir, 'report.md'), renderMarkdown(results));
  return { results, dir };
}

export { comparisonTable };
