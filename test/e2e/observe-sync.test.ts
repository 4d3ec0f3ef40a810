/**
 * observe on the project's own client, run as an outside process: the server-truth numbers must equal what
 * `sync`'s own summary reports. And `report --from-server` on a running `serve` must give the numbers
 * observe computes once its client has finished (observe.ts reads its own mock the same way).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDirWithChildren, runCli } from '../server/support/children.ts';
import type { RunResults } from '../../src/report/results.ts';
import type { SyncSummary } from '../../src/sync/report.ts';
import { readServerTruth } from '../../src/observe/read-server.ts';
import { observedRun } from '../../src/observe/observed-run.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin', 'wfm-harness.js');
const { dir, children } = tempDirWithChildren('wfm-observe-sync-');

test("observe -- sync on dst-paris: applied, failed and gave up equal sync's own summary", async () => {
  const out = join(dir, 'sync');
  // no-retry in the DST window: about a fifth of the swaps meet a reconciliation lock and are not applied,
  // so the comparison covers trades that failed as well as applied ones.
  const run = await runCli(
    BIN,
    [
      'observe',
      '--scenario',
      'dst-paris',
      '--out',
      out,
      '--',
      'node',
      BIN,
      'sync',
      '--strategy',
      'no-retry',
      '--concurrency',
      '8',
    ],
    ROOT,
    children,
  );
  const summary = JSON.parse(readFileSync(join(out, 'plan.json.journal.summary.json'), 'utf8')) as SyncSummary;
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as RunResults;
  const row = results.strategies[0];
  assert.ok(row, run.stderr);
  assert.equal(run.code, summary.ok ? 0 : 1, 'observe exits 1 when its client does');
  assert.equal(results.observe?.client?.exitCode, summary.ok ? 0 : 1);
  assert.equal(row.trades, summary.trades.length, 'one record per swap sync was given');
  assert.equal(row.applied, summary.counts.applied + summary.counts['already present']);
  assert.equal(row.failed, summary.counts.failed);
  assert.equal(row.gaveUp, summary.counts['gave up'] + summary.counts['not started']);
  assert.equal(row.server.tradesApproved, row.applied);
  assert.ok(row.trades - row.applied > 0, 'no-retry left some swaps unapplied (else this compares nothing)');
  assert.equal(row.observed?.unattributed.requests, 1, "sync's one discovery read (GET /businessunits) names no trade");
});

/** `serve` on a free port; resolves with its base URL once its banner says it listens. */
function serve(config: string): Promise<string> {
  const child = spawn(
    process.execPath,
    [
      BIN,
      'serve',
      '--config',
      config,
      '--scenario-file',
      join(ROOT, 'examples', 'dst-paris-short.json'),
      '--port',
      '0',
      '--speed',
      '20',
    ],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    let text = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const found = /listening on (http:\/\/[^ ]+)/.exec(text);
      if (found?.[1]) resolve(found[1]);
    });
    child.on('close', (code) => reject(new Error(`serve exited ${code}: ${text}`)));
  });
}

test('report --from-server on a running serve gives the numbers observe computes for the same run', async () => {
  const config = join(dir, 'serve.json');
  writeFileSync(
    config,
    JSON.stringify({
      clients: [
        { clientId: 'client', clientSecret: 'c' },
        { clientId: 'admin', clientSecret: 'a', harnessAdmin: true },
      ],
    }),
  );
  const baseUrl = await serve(config);
  const plan = join(dir, 'plan.json');
  const planned = await runCli(
    BIN,
    ['plan', '--scenario-file', join(ROOT, 'examples', 'dst-paris-short.json'), '--limit', '12', '--out', plan],
    ROOT,
    children,
  );
  assert.equal(planned.code, 0, planned.stderr);
  // A client started elsewhere: the Node example, with the variables observe would have given it.
  const client = spawn(process.execPath, [join(ROOT, 'examples', 'node', 'swap.mjs')], {
    env: {
      ...process.env,
      WFM_BASE_URL: baseUrl,
      WFM_CLIENT_ID: 'client',
      WFM_CLIENT_SECRET: 'c',
      WFM_SPEED: '20',
      WFM_PLAN_FILE: plan,
    },
    stdio: 'ignore',
  });
  children.push(client);
  assert.equal(await new Promise((resolve) => client.on('close', resolve)), 0);

  const out = join(dir, 'from-server');
  const report = await runCli(
    BIN,
    ['report', '--from-server', baseUrl, '--client-id', 'admin', '--client-secret', 'a', '--out', out],
    ROOT,
    children,
  );
  assert.equal(report.code, 0, report.stderr);
  const fromServer = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as RunResults;
  // What observe does once its client has exited (src/cli/observe.ts): read its mock as a harness admin, judge.
  const observed = observedRun({
    truth: await readServerTruth({ baseUrl, clientId: 'admin', clientSecret: 'a' }),
    label: 'your-client',
    origin: 'x',
    runId: 'x',
    gitCommit: 'x',
    startedAt: 'x',
    nodeVersion: 'x',
    thresholds: {},
    observe: { source: 'observe', profile: 'genesys' },
  }).results;
  const { origin: _a, ...fromServerRow } = fromServer.strategies[0] ?? {};
  const { origin: _b, ...observedRow } = observed.strategies[0] ?? {};
  assert.deepEqual(fromServerRow, observedRow);
  assert.equal(fromServer.scenario, 'dst-paris-short', "the server's label: the scenario serve was started with");
  assert.ok(
    (fromServer.strategies[0]?.observed?.orphans ?? 0) > 0,
    "the Node example's orphans, from the server alone",
  );
  assert.equal(
    fromServer.strategies[0]?.observed?.logins,
    1,
    "the client's one login; the reader's own are not counted",
  );
});
