/**
 * One observed run as results.json (kind 'observe'): the client's row judged from the server's truth
 * (judge.ts), its thresholds, and — when asked — the simulator's rows of the same scenario beside it.
 * `observe` and `report --from-server` both build their run directory here, from the same truth.
 */
import { runResults } from '../report/results.ts';
import type { RunResults, StrategyResult } from '../report/results.ts';
import type { Thresholds } from '../scenario/thresholds.ts';
import { judge } from './judge.ts';
import type { Judged } from './judge.ts';
import type { ObservedTrade } from './records.ts';
import { judgeThresholds } from './thresholds.ts';
import type { ServerTruth } from './truth.ts';

export interface ObservedRunOptions {
  truth: ServerTruth;
  /** The client's row name (default your-client). */
  label: string;
  /** What ran: the command, or where the truth was read. */
  origin: string;
  runId: string;
  gitCommit: string;
  startedAt: string;
  nodeVersion: string;
  thresholds: Thresholds;
  observe: NonNullable<RunResults['observe']>;
  /** A run from --scenario-file: the file and the SHA-256 of its bytes (baseline entries record it). */
  scenarioFile?: RunResults['scenarioFile'];
  /** Simulator rows of the same scenario and seed (--compare-presets), shown beside the client's. */
  presets?: StrategyResult[];
}

export interface ObservedRun {
  results: RunResults;
  records: ObservedTrade[];
  unattributed: Judged['unattributed'];
}

export function observedRun(options: ObservedRunOptions): ObservedRun {
  const { truth } = options;
  const judged = judge(truth, options.label, options.origin);
  const verdicts = judgeThresholds(options.thresholds, judged.row, judged.records);
  const row: StrategyResult = verdicts.length > 0 ? { ...judged.row, thresholds: verdicts } : judged.row;
  const durationS = Math.round(judged.span.toMs - judged.span.fromMs) / 1000;
  const { fromMs, toMs } = judged.span;
  const results = runResults.parse({
    schemaVersion: 1,
    runId: options.runId,
    kind: 'observe',
    scenario: truth.run.label ?? 'unknown',
    ...(truth.run.setupHash ? { scenarioHash: truth.run.setupHash } : {}),
    ...(options.scenarioFile ? { scenarioFile: options.scenarioFile } : {}),
    ...(truth.world ? { world: truth.world } : {}),
    seed: truth.run.seed,
    gitCommit: options.gitCommit,
    startedAt: options.startedAt,
    tools: { node: options.nodeVersion, observe: 'server truth: request journal, trades and audit (src/observe)' },
    // What the client did, not what the scenario planned: its trades over the world-seconds it was active.
    load: { tradesPerSecond: durationS > 0 ? row.trades / durationS : 0, durationS, clockSpeed: truth.run.clock.speed },
    network: truth.run.network,
    dialect: options.observe.profile ?? 'observed',
    strategies: [row, ...(options.presets ?? [])],
    // Clipped to the client's span, so two reads of one run (observe, report --from-server) agree.
    pressureWindows: truth.run.pressureWindows.filter(
      (w) => Date.parse(w.endUtc) >= fromMs && Date.parse(w.startUtc) <= toMs,
    ),
    observe: options.observe,
  });
  return { results, records: judged.records, unattributed: judged.unattributed };
}
