/**
 * `wfm-harness report --from-server URL`: the run directory of `observe`, for a client started elsewhere
 * (another machine, a JMeter plan) against a running `serve`: the server's truth read through its control
 * API (with a harness admin's credentials when OAuth clients are configured). docs/observe.md.
 */
import { Command } from 'commander';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { readServerTruth, ServerReadError } from '../observe/read-server.ts';
import { observedRun } from '../observe/observed-run.ts';
import { comparisonTable } from '../report/markdown.ts';
import { findingsOf } from '../report/findings.ts';
import type { Thresholds } from '../scenario/thresholds.ts';
import { mergeThresholds } from '../scenario/thresholds.ts';
import { checkObserveThresholds, ObserveThresholdError } from '../observe/thresholds.ts';
import { readThresholdsFile, thresholdArg } from './thresholds-option.ts';
import { ALLOW_MISSING_HELP, baselineOption } from './baseline-gate.ts';
import { BadInputError } from './exit-policy.ts';
import { EXIT } from './exit-codes.ts';
import { freshRunDir } from './run-dir.ts';
import { gitCommit } from './git.ts';
import { OBSERVE_PROFILES, runIdFor } from './observe.ts';
import { writeObservedRun } from './observe-files.ts';

interface ReportFlags {
  fromServer: string;
  out?: string;
  clientId?: string;
  clientSecret?: string;
  profile: string;
  label: string;
  threshold?: Thresholds;
  thresholds?: string;
  baseline?: string;
  allowMissing?: boolean;
}

function thresholdsOf(opts: ReportFlags): Thresholds {
  const all = mergeThresholds(
    opts.thresholds === undefined ? {} : readThresholdsFile(opts.thresholds),
    opts.threshold ?? {},
  );
  try {
    checkObserveThresholds(all, opts.thresholds ?? '--threshold');
  } catch (error) {
    if (error instanceof ObserveThresholdError) throw new BadInputError(error.message);
    throw error;
  }
  return all;
}

export function reportCommand(root: string): Command {
  return new Command('report')
    .description("write an observe run directory from a running mock's control API (a client started elsewhere)")
    .requiredOption('--from-server <url>', 'the mock, e.g. http://127.0.0.1:4010 (a running `wfm-harness serve`)')
    .option('--out <dir>', 'run directory (default reports/<run-id>)')
    .option(
      '--client-id <id>',
      'a harness admin client (needed when the server has OAuth clients; default $WFM_ADMIN_CLIENT_ID)',
    )
    .option('--client-secret <secret>', 'its secret (default $WFM_ADMIN_CLIENT_SECRET)')
    .option('--profile <name>', `the API family the client spoke: ${OBSERVE_PROFILES.join(', ')}`, 'genesys')
    .option('--label <name>', "the client's row name in the report", 'your-client')
    .option(
      '--threshold <metric:expr>',
      "gate on a server-truth metric, e.g. 'orphans:count==0' (repeatable)",
      thresholdArg,
    )
    .option('--thresholds <file>', 'server-truth thresholds as JSON {metric: [expr]}')
    .option('--baseline <file>', 'gate on a baseline entry of kind observe')
    .option('--allow-missing', ALLOW_MISSING_HELP)
    .action(async (opts: ReportFlags) => {
      const baselineRead = baselineOption('report', opts.baseline, opts.allowMissing);
      if (!baselineRead.ok) return;
      const thresholds = thresholdsOf(opts);
      const clientId = opts.clientId ?? process.env['WFM_ADMIN_CLIENT_ID'];
      const clientSecret = opts.clientSecret ?? process.env['WFM_ADMIN_CLIENT_SECRET'];
      const startedAt = new Date();
      let truth;
      try {
        truth = await readServerTruth({
          baseUrl: opts.fromServer,
          ...(clientId === undefined ? {} : { clientId }),
          ...(clientSecret === undefined ? {} : { clientSecret }),
        });
      } catch (error) {
        // Nothing to report on (no server there, no admin credentials, not a wfm-harness mock): bad input, exit 2.
        if (error instanceof ServerReadError) throw new BadInputError(error.message);
        throw error;
      }
      const scenario = truth.run.label ?? 'unknown';
      const run = observedRun({
        truth,
        label: opts.label,
        origin: `read from ${opts.fromServer}`,
        runId: runIdFor(scenario, truth.run.seed, startedAt),
        gitCommit: gitCommit(root),
        startedAt: startedAt.toISOString(),
        nodeVersion: process.version,
        thresholds,
        observe: { source: 'server', baseUrl: opts.fromServer, profile: opts.profile },
      });
      const dir = opts.out ? resolve(opts.out) : freshRunDir(resolve('reports', run.results.runId));
      mkdirSync(dir, { recursive: true });
      process.stdout.write(`\n${comparisonTable(run.results)}\n\n`);
      const row = run.results.strategies[0];
      for (const f of row ? findingsOf(row) : []) process.stdout.write(`- ${f.text}\n`);
      process.stdout.write(`\nreport: ${dir}/report.md\n`);
      const passed = await writeObservedRun(dir, run, baselineRead.baseline, (text) => process.stdout.write(text));
      if (!passed) process.exitCode = EXIT.failed;
    });
}
