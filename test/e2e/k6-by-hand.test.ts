/**
 * k6 as k6 users run it (issue 17): the "Run k6 yourself" lines of docs/k6.md run exactly as written from
 * the repo root (a free port in place of 4010 is the one substitution, so parallel runs do not collide)
 * and leave the checkout's git status as it was; k6's --vus/--iterations draw a warning naming what they
 * replaced; the JSON summary holds no token and no plan. And a k6 run whose trades fail on the token's
 * 429 names the cause on both sides, writes each failed trade for explain, and says how many clients it needs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runResults } from '../../src/report/results.ts';
import { cataloguePath } from '../../src/scenario/file/catalogue.ts';
import { tempDirWithChildren } from '../server/support/children.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const { children } = tempDirWithChildren('wfm-e2e-by-hand-');

/** The first sh block of docs/k6.md's "Run k6 yourself": the mock's line, then terminal 2's lines. */
function docsLines(): { serve: string; load: string } {
  const page = readFileSync(join(ROOT, 'docs', 'k6.md'), 'utf8');
  const section = page.slice(page.indexOf('## Run k6 yourself'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(block, 'docs/k6.md "Run k6 yourself" has a sh block');
  const [serve, ...load] = block.trimEnd().split('\n');
  assert.match(serve ?? '', /wfm-harness\.js serve .*--port 4010/);
  return { serve: serve as string, load: load.join('\n') };
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function until(ready: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await ready()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.fail('the mock did not start listening in time');
}

const gitStatus = () => spawnSync('git', ['status', '--porcelain'], { cwd: ROOT, encoding: 'utf8' }).stdout;
const bash = (script: string, env: Record<string, string> = {}) =>
  spawnSync('bash', ['-c', script], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } });

test(
  "docs/k6.md's hand-run lines work verbatim from the repo root and write nothing into the checkout",
  { timeout: 300_000 },
  async () => {
    const { serve, load } = docsLines();
    const port = String(await freePort());
    const before = gitStatus();
    const mock = spawn('bash', ['-c', `exec ${serve.replaceAll('4010', port)}`], { cwd: ROOT, stdio: 'ignore' });
    children.push(mock);
    try {
      await until(
        () =>
          fetch(`http://127.0.0.1:${port}/api/docs/openapi.json`).then(
            (r) => r.ok,
            () => false,
          ),
        60_000,
      );
      // Exactly the docs' terminal-2 lines. k6 exits 0, or 99 when the scenario's bar (refetch-full-jitter
      // applies over 95%) is crossed: 10 swaps, where one swap meeting a lock is 10%. Either way it ran.
      const run = bash(`set -e\n${load.replaceAll('4010', port)}`);
      const context = `exit ${run.status}\n${run.stdout.slice(-1500)}\n${run.stderr.slice(-1500)}`;
      assert.ok(run.status === 0 || run.status === 99, context);
      assert.match(run.stdout, /wfm swaps: strategy=refetch-full-jitter dialect=genesys-legacy/, context);
      assert.match(run.stdout, /trades 10: applied \d+/, context);
      assert.equal(gitStatus(), before, 'nothing new or changed in the checkout (dist/ is git-ignored)');

      const k6 = `"$(node bin/wfm-harness.js k6 path)" run --quiet dist/k6/swap-scenario.js`;
      const env = {
        SCENARIO_SPEC: 'dist/k6/dst-paris.json',
        BASE_URL: `http://127.0.0.1:${port}`,
        SPEED: '10',
        DURATION_S: '20',
      };
      // k6's own flags replace the arrival rate: the run says so, naming both, before any trade.
      const replaced = bash(`${k6} --vus 2 --iterations 4`, env);
      assert.ok(replaced.status === 0 || replaced.status === 99, replaced.stderr.slice(-1500));
      assert.match(replaced.stderr, /k6 options replaced the scenario's load: /);
      assert.ok(
        replaced.stderr.includes(
          "turned dst-paris's arrival rate (0.5 trades per world-s for 20 world-s, 10 swaps at speed 10) into " +
            "k6's default: shared-iterations, 2 VUs, 4 iterations",
        ),
        replaced.stderr.slice(-1500),
      );
      // The JSON summary: metrics, no setup data (neither the bearer tokens nor the planned swaps).
      const summaryPath = join(mkdtempSync(join(tmpdir(), 'wfm-summary-')), 'summary.json');
      const summarised = bash(k6, { ...env, SUMMARY_PATH: summaryPath });
      assert.ok(summarised.status === 0 || summarised.status === 99, summarised.stderr.slice(-1500));
      const summary = readFileSync(summaryPath, 'utf8');
      assert.ok(JSON.parse(summary).metrics.wfm_trades, 'the summary holds the metrics');
      for (const secret of ['setup_data', '"tokens"', 'initiatingShiftId', 'legacyId'])
        assert.ok(!summary.includes(secret), `the summary holds no ${secret}`);
    } finally {
      mock.kill('SIGTERM');
    }
  },
);

test(
  'a k6 run whose trades fail on the token: both views name 429, the report says how many clients it needs, explain reads a failed trade',
  { timeout: 300_000 },
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'wfm-e2e-token-'));
    // dst-paris with a token of 6 requests per world-minute: 10 swaps at 0.5 per world-s need about 25.
    const file = JSON.parse(readFileSync(cataloguePath('dst-paris'), 'utf8'));
    file.name = 'dst-paris-thin-token';
    file.pressures.rateLimits = { perTokenPerMinute: 6 };
    writeFileSync(join(dir, 'thin.json'), JSON.stringify(file));
    const out = join(dir, 'run');
    const run = spawnSync(
      process.execPath,
      [
        'bin/wfm-harness.js',
        'compare',
        '--scenario-file',
        join(dir, 'thin.json'),
        '--strategy',
        'no-retry',
        '--duration',
        '20',
        '--speed',
        '10',
        '--out',
        out,
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    const context = `exit ${run.status}\n${run.stdout}\n${run.stderr.slice(-2000)}`;
    assert.equal(run.status, 0, context);
    const results = runResults.parse(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')));
    const row = results.strategies[0];
    assert.ok(row, context);
    const byToken = row.failedOtherByCause?.client['429 token'] ?? 0;
    assert.ok(byToken > 0, `trades failed on the token's 429: ${JSON.stringify(row.failedOtherByCause)}`);
    // The server's journal of the same trades: its last refusal of each was its token bucket's.
    assert.equal(row.failedOtherByCause?.server['429 rate:token'], byToken, JSON.stringify(row.failedOtherByCause));
    assert.equal(results.scenarioFile?.path, join(dir, 'thin.json'));
    // The verdict says it, in report.md and on the terminal (src/report/verdict-notes.ts).
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    assert.match(report, /Token-limited: \d+ answers of 429; this load needs at least \d+ clients at 6 requests\/min/);
    assert.match(run.stdout, /Token-limited: \d+ answers of 429/);
    // Each unapplied trade is in trace.jsonl: explain tells its requests (the server's journal) and its cause.
    const failed = readFileSync(join(out, 'trace.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line.includes('"type":"outcome"'))
      .map((line) => JSON.parse(line) as { legacyId: string; cause?: string })
      .find((line) => line.cause === '429 token');
    assert.ok(failed, 'a trade that failed on the token is traced');
    const explained = spawnSync(process.execPath, ['bin/wfm-harness.js', 'explain', out, failed.legacyId], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    assert.equal(explained.status, 0, explained.stderr);
    assert.match(explained.stdout, /→ 429: rate:token/);
    assert.match(explained.stdout, /cause: 429 token\)/);
  },
);
