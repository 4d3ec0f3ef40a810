/**
 * `wfm-harness sync`: apply a legacy swap export through the sync core, the client a team runs for the
 * real migration. The input is validated first (any bad row: every problem is listed, nothing is sent,
 * exit 2). Progress is journaled (src/core/journal.ts), so a killed run is started again with the same
 * command and never creates a trade twice. Exit 0 only when every trade is applied or already present.
 */
import { Command, InvalidArgumentError } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { resolveStrategy, StrategyTextError } from '../core/strategy-text.ts';
import type { StrategySpec } from '../core/strategies.ts';
import { discoverScheduleIds, scheduleKeyOf } from '../core/schedule-discovery.ts';
import { nodeClock, nodeSleep } from '../adapters/node/index.ts';
import { openFileJournal } from '../adapters/node/journal-file.ts';
import type { FileJournal } from '../adapters/node/journal-file.ts';
import { reauthTransport } from '../adapters/node/reauth.ts';
import { SwapInputError, parseSwapInput, swapToPlan } from '../sync/swap-input.ts';
import type { LocatedSwap } from '../sync/swap-input.ts';
import {
  ProgressLine,
  allApplied,
  countByStatus,
  reconcile,
  reconciliationTable,
  summaryPathOf,
} from '../sync/report.ts';
import type { SyncSummary } from '../sync/report.ts';
import { runSync } from '../sync/run.ts';
import { gitCommit } from './git.ts';
import { BadInputError } from './exit-policy.ts';
import { dialectName, integer, strategyText } from './options.ts';
import { DEFAULT_DIALECT, DIALECTS, getDialect } from '../core/dialects/index.ts';
import { answersHttp, guardReachability, unreachableMessage } from '../sync/reachability.ts';
import type { GuardedTransport } from '../sync/reachability.ts';
import {
  JournalMismatchError,
  checkFingerprint,
  missingApplied,
  missingMessage,
  serverFingerprint,
} from '../sync/verify.ts';

export const DEFAULT_BASE_URL = 'http://127.0.0.1:4010';
export const DEFAULT_STRATEGY = 'refetch-full-jitter';

export interface SyncOptions {
  input: string;
  format?: 'json' | 'csv';
  baseUrl: string;
  clientId?: string;
  clientSecret?: string;
  strategy: string;
  /** src/core/dialects/index.ts; default genesys-legacy. */
  dialect?: string;
  journal?: string;
  concurrency: number;
  seed: number;
}

export interface SyncIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: Record<string, string | undefined>;
}

function baseUrlArg(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
    return raw;
  } catch {
    throw new InvalidArgumentError(`--base-url must be an http(s) URL, got "${raw}"`);
  }
}

/**
 * Run a sync; resolves with the exit code: 0 all applied or present; 1 some trade not applied (failed,
 * given up, not started, or the server became unreachable); 2 bad input or usage, or a journal that does
 * not belong to this server (nothing is sent).
 */
export async function runSyncCommand(root: string, options: SyncOptions, io: SyncIo): Promise<number> {
  const input = resolve(options.input);
  let swaps: LocatedSwap[];
  try {
    swaps = parseSwapInput(options.input, readFileSync(input, 'utf8'), options.format);
  } catch (error) {
    io.stderr.write(
      `sync: ${
        error instanceof SwapInputError
          ? error.message
          : `${options.input}: cannot read: ${(error as Error).message}; nothing was sent`
      }\n`,
    );
    return 2;
  }
  const clientId = options.clientId ?? io.env['WFM_CLIENT_ID'];
  const clientSecret = options.clientSecret ?? io.env['WFM_CLIENT_SECRET'];
  if (!clientId || !clientSecret) {
    io.stderr.write(
      'sync: --client-id and --client-secret (or WFM_CLIENT_ID and WFM_CLIENT_SECRET) are required; nothing was sent\n',
    );
    return 2;
  }
  let strategy: StrategySpec;
  try {
    strategy = resolveStrategy(options.strategy);
  } catch (error) {
    if (!(error instanceof StrategyTextError)) throw error;
    io.stderr.write(`sync: ${error.message}; nothing was sent\n`);
    return 2;
  }
  const dialect = getDialect(options.dialect ?? DEFAULT_DIALECT);
  const journalPath = resolve(options.journal ?? `${options.input}.journal.jsonl`);
  const commit = gitCommit(root);
  const startedAt = new Date();
  const startedMs = nodeClock.nowMs();
  io.stderr.write(
    `sync: input=${options.input} trades=${swaps.length} strategy=${strategy.name} dialect=${dialect.name} ` +
      `concurrency=${options.concurrency} seed=${options.seed} commit=${commit}\n`,
  );
  let journal: FileJournal;
  try {
    journal = openFileJournal(journalPath);
  } catch (error) {
    io.stderr.write(`sync: journal ${journalPath}: ${(error as Error).message}; nothing was sent\n`);
    return 1;
  }
  let stop = false;
  const stopOnSignal = () => {
    stop = true;
    io.stderr.write(
      '\nsync: stopping after the trades in flight (signal again to abort; the journal keeps what is done)\n',
    );
  };
  let transport: GuardedTransport | undefined;
  try {
    describeJournal(journal, io);
    const reauth = await reauthTransport({ baseUrl: options.baseUrl, clientId, clientSecret });
    transport = guardReachability(reauth, options.baseUrl);
    checkFingerprint(journalPath, await serverFingerprint(transport, options.baseUrl), journal.entriesRead);
    const missing = swaps
      .filter((s) => s.value.scheduleId === undefined)
      .map((s) => ({ managementUnitId: s.value.managementUnitId, weekDate: s.value.weekDate }));
    const schedules = await discoverScheduleIds(transport, missing);
    const plans = swaps.map((s) =>
      swapToPlan(s.value, s.value.scheduleId ?? schedules.get(scheduleKeyOf(s.value)) ?? ''),
    );
    await verifyApplied(transport, dialect, plans, journal, options.baseUrl);
    const progress = new ProgressLine(plans.length, io.stderr, () => nodeClock.nowMs());
    process.once('SIGINT', stopOnSignal);
    process.once('SIGTERM', stopOnSignal);
    const outcome = await runSync({
      plans,
      strategy,
      dialect,
      concurrency: options.concurrency,
      seed: options.seed,
      transport,
      clock: nodeClock,
      sleep: nodeSleep,
      journal,
      onResult: (result) => progress.add(result),
      stopRequested: () => stop || transport?.unreachable === true,
    });
    progress.end();
    if (transport.unreachable)
      io.stderr.write(
        `sync: ${unreachableMessage(options.baseUrl)}; stopped starting trades; the journal keeps what is done: ` +
          `run the same command again to resume\n`,
      );
    const rows = reconcile(plans, outcome.results);
    io.stdout.write(`${reconciliationTable(rows)}\n`);
    const summary: SyncSummary = {
      command: 'sync',
      input: options.input,
      journal: journalPath,
      baseUrl: options.baseUrl,
      strategy: strategy.name,
      dialect: dialect.name,
      concurrency: options.concurrency,
      seed: options.seed,
      gitCommit: commit,
      startedAt: startedAt.toISOString(),
      durationMs: Math.round(nodeClock.nowMs() - startedMs),
      ok: allApplied(rows),
      counts: countByStatus(rows),
      totals: { ...outcome.totals, logins: reauth.logins },
      journalOnOpen: { entries: journal.entriesRead, ...(journal.tornTail ? { tornLastLine: journal.tornTail } : {}) },
      trades: rows,
    };
    const summaryPath = summaryPathOf(journalPath);
    writeFileSync(summaryPath, `${JSON.stringify(summary, null, 2)}\n`);
    io.stderr.write(
      `sync: ${outcome.totals.requests} requests (${outcome.totals.writeRequests} writes, ${outcome.totals.conflicts} 409s), ` +
        (`${reauth.logins} login${reauth.logins === 1 ? '' : 's'}` +
          `${
            outcome.totals.confirmedByFinalRead > 0
              ? `; ${outcome.totals.confirmedByFinalRead} given up but found Approved by the final read`
              : ''
          }; journal ${journalPath}; summary ${summaryPath}\n`),
    );
    return summary.ok ? 0 : 1;
  } catch (error) {
    if (error instanceof JournalMismatchError) {
      io.stderr.write(`sync: ${error.message}\n`);
      return 2;
    }
    const down = transport?.unreachable === true || !(await answersHttp(options.baseUrl));
    io.stderr.write(
      `sync: ${
        down
          ? `${unreachableMessage(options.baseUrl)}; the journal keeps what is done: run the same ` +
            `command again to resume`
          : (error as Error).message
      }\n`,
    );
    return 1;
  } finally {
    process.removeListener('SIGINT', stopOnSignal);
    process.removeListener('SIGTERM', stopOnSignal);
    journal.close();
  }
}

/** Every trade the journal calls applied must be on the server (sync-verify.ts), or nothing is sent. */
async function verifyApplied(
  transport: GuardedTransport,
  dialect: ReturnType<typeof getDialect>,
  plans: ReturnType<typeof swapToPlan>[],
  journal: FileJournal,
  baseUrl: string,
): Promise<void> {
  const applied = new Map(
    journal
      .snapshot()
      .filter((e) => e.state === 'applied')
      .map((e) => [e.legacyId, e]),
  );
  if (applied.size === 0) return;
  const missing = await missingApplied(transport, dialect, plans, applied);
  if (missing.length > 0) throw new JournalMismatchError(missingMessage(journal.path, baseUrl, missing, applied.size));
}

function describeJournal(journal: FileJournal, io: SyncIo): void {
  if (journal.tornTail) {
    io.stderr.write(
      `sync: journal: ignored a torn last line (line ${journal.tornTail.line}, ${journal.tornTail.bytes} bytes) left ` +
        `by an interrupted run; that entry was never acknowledged\n`,
    );
  }
  if (journal.entriesRead === 0) return;
  const byState: Record<string, number> = {};
  for (const entry of journal.snapshot()) byState[entry.state] = (byState[entry.state] ?? 0) + 1;
  const states = Object.entries(byState)
    .map(([state, n]) => `${n} ${state}`)
    .join(', ');
  io.stderr.write(`sync: resuming from journal ${journal.path}: ${journal.entriesRead} entries (${states})\n`);
}

export function syncCommand(root: string): Command {
  return new Command('sync')
    .description(
      'apply legacy swaps through the sync core, journaled and resumable (exit 0 only if every trade is applied or already present)',
    )
    .option(
      '--input <file>',
      'swaps to apply: a JSON array or CSV with a header line (docs/cli.md "sync"; default $WFM_PLAN_FILE, set by observe)',
    )
    .option(
      '--format <format>',
      'input format, json or csv (default: from the file name, else sniffed)',
      (raw: string) => {
        if (raw !== 'json' && raw !== 'csv')
          throw new InvalidArgumentError(`--format must be json or csv, got "${raw}"`);
        return raw;
      },
    )
    .option('--base-url <url>', `API base URL (default $WFM_BASE_URL, else ${DEFAULT_BASE_URL})`, baseUrlArg)
    .option('--client-id <id>', 'OAuth client-credentials id (default $WFM_CLIENT_ID)')
    .option('--client-secret <secret>', 'OAuth client-credentials secret (default $WFM_CLIENT_SECRET)')
    .option(
      '--strategy <strategy>',
      'retry strategy: a preset or inline, e.g. full-jitter:base=250ms,cap=4s,attempts=8,refetch ' +
        '(docs/strategies.md "Your own strategies")',
      strategyText,
      DEFAULT_STRATEGY,
    )
    .option('--dialect <name>', `API family: ${Object.keys(DIALECTS).join(', ')}`, dialectName, DEFAULT_DIALECT)
    .option(
      '--journal <file>',
      'journal of progress (default <input>.journal.jsonl); the summary is written next to it',
    )
    .option(
      '--concurrency <n>',
      'trades in flight (trades of one partition key run one after another)',
      integer('--concurrency', 1, 64),
      4,
    )
    .option('--seed <n>', "seed of the client's random delays", integer('--seed', 0, 2 ** 32 - 1), 1)
    .action(async (opts: Omit<SyncOptions, 'input' | 'baseUrl'> & { input?: string; baseUrl?: string }) => {
      // Under observe the WFM_* variables name the plan and the mock (docs/observe.md), as WFM_CLIENT_ID names the client.
      const input = opts.input ?? process.env['WFM_PLAN_FILE'];
      if (input === undefined)
        throw new BadInputError("required option '--input <file>' not specified (nor WFM_PLAN_FILE)");
      const baseUrl = baseUrlArg(opts.baseUrl ?? process.env['WFM_BASE_URL'] ?? DEFAULT_BASE_URL);
      process.exitCode = await runSyncCommand(
        root,
        { ...opts, input, baseUrl },
        {
          stdout: process.stdout,
          stderr: process.stderr,
          env: process.env,
        },
      );
    });
}
