/**
 * End to end with real processes: a resumed sync checks that its journal belongs to the server before it
 * sends anything (src/sync/verify.ts). The mock is killed and restarted (same seed, same port, so the
 * same base URL and business units, but an empty trade store) under a journal of applied swaps: sync must
 * say how many journaled trades the server lacks, exit 2 and write nothing. With the mock gone, sync says
 * "server unreachable at URL" and exits 1.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli, tempDirWithChildren } from './support/children.ts';
import type { CliRun } from './support/children.ts';
import { RealClient } from './support/real-http.ts';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const BIN = join(ROOT, 'bin/wfm-harness.js');
const SEED = 5;
const SWAPS = 6;
const { dir, children } = tempDirWithChildren('wfm-sync-verify-');

function cli(args: string[]): Promise<CliRun> {
  return runCli(BIN, args, dir, children);
}

function startServer(port = 0): Promise<{ baseUrl: string; child: ChildProcess }> {
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', String(port), '--quiet', '--seed', String(SEED)], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    children.push(child);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
      if (found?.[1]) done({ baseUrl: found[1], child });
    });
    child.on('error', reject);
    child.on('close', (code) => reject(new Error(`serve exited (${code}): ${stderr}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  const closed = new Promise((done) => child.once('close', done));
  child.kill('SIGKILL');
  await closed;
}

async function auditWrites(baseUrl: string): Promise<number> {
  const client = new RealClient(baseUrl, 1);
  try {
    return JSON.parse((await client.send('GET', '/__harness/audit?view=summary')).text).writes as number;
  } finally {
    client.close();
  }
}

test(
  'a sync resumed against a restarted (empty) mock names the missing trades, exits 2 and sends nothing; with no mock it says unreachable',
  { timeout: 60_000 },
  async () => {
    const first = await startServer();
    const client = new RealClient(first.baseUrl, 1);
    assert.equal((await client.json('PUT', '/__harness/clock', { speed: 1 })).status, 200);
    client.close();
    const plan = await cli(['plan', '--seed', String(SEED), '--limit', String(SWAPS), '--out', 'swaps.json']);
    assert.equal(plan.code, 0, plan.stderr);
    const syncArgs = [
      'sync',
      '--input',
      'swaps.json',
      '--base-url',
      first.baseUrl,
      '--client-id',
      'migration',
      '--client-secret',
      's3cret',
      '--concurrency',
      '2',
    ];
    const applied = await cli(syncArgs);
    assert.equal(applied.code, 0, applied.stderr);

    const port = Number(new URL(first.baseUrl).port);
    await stop(first.child);
    const gone = await cli(syncArgs);
    assert.equal(gone.code, 1, gone.stderr);
    assert.match(gone.stderr, new RegExp(`server unreachable at ${first.baseUrl.replaceAll('.', '\\.')}`));

    const restarted = await startServer(port);
    assert.equal(restarted.baseUrl, first.baseUrl);
    const resumed = await cli(syncArgs);
    assert.equal(resumed.code, 2, resumed.stderr);
    assert.match(
      resumed.stderr,
      new RegExp(`says ${SWAPS} trades are applied, but ${SWAPS} of them are not on the server at`),
    );
    assert.match(resumed.stderr, /nothing was sent/);
    assert.equal(await auditWrites(restarted.baseUrl), 0, 'the resumed sync wrote nothing');

    // Another server (another port: another base URL) is refused on the fingerprint alone.
    const other = await startServer();
    const elsewhere = await cli([...syncArgs.slice(0, 4), other.baseUrl, ...syncArgs.slice(5)]);
    assert.equal(elsewhere.code, 2, elsewhere.stderr);
    assert.match(elsewhere.stderr, new RegExp(`was written against base URL ${first.baseUrl.replaceAll('.', '\\.')}`));
    assert.equal(await auditWrites(other.baseUrl), 0);
  },
);
