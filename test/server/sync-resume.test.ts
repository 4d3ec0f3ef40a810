/**
 * End to end: a real mock server process with drop-after-commit faults, `wfm-harness sync` as a child
 * process, SIGKILLed mid-run and started again until it exits. Server truth (the trades per initiating
 * shift, the audit) and the journal must agree: every swap applied exactly once, no duplicates, no lost
 * updates, and the second run reports the first run's trades as already present.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { foldJournal, parseJournal } from '../../src/core/journal.ts';
import { runCli, tempDirWithChildren } from './support/children.ts';
import type { CliRun } from './support/children.ts';
import { RealClient, legacyTradesPath } from './support/real-http.ts';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const BIN = join(ROOT, 'bin/wfm-harness.js');
const SEED = 5;
const SWAPS = 40;
const { dir, children } = tempDirWithChildren('wfm-sync-');

function cli(args: string[], killWhen?: () => boolean): Promise<CliRun> {
  return runCli(BIN, args, dir, children, killWhen);
}

function startServer(): Promise<{ baseUrl: string }> {
  return new Promise((resolveStart, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--quiet', '--seed', String(SEED)], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    children.push(child);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
      if (found?.[1]) resolveStart({ baseUrl: found[1] });
    });
    child.on('error', reject);
    child.on('close', (code) => reject(new Error(`serve exited (${code}): ${stderr}`)));
  });
}

const journalPath = join(dir, 'swaps.json.journal.jsonl');
const journalLines = () => (existsSync(journalPath) ? readFileSync(journalPath, 'utf8') : '');
const countState = (state: string) =>
  journalLines()
    .split('\n')
    .filter((l) => l.includes(`"state":"${state}"`)).length;

test(
  'sync survives SIGKILL under drop-after-commit faults: every swap applied exactly once',
  { timeout: 60_000 },
  async (t) => {
    const { baseUrl } = await startServer();
    const client = new RealClient(baseUrl, 4);
    t.after(() => client.close());
    const put = async (path: string, body: unknown) => assert.equal((await client.json('PUT', path, body)).status, 200);
    await put('/__harness/clock', { speed: 1 }); // planned shifts stay in the future for the whole test

    const plan = await cli(['plan', '--seed', String(SEED), '--limit', String(SWAPS), '--out', 'swaps.json']);
    assert.equal(plan.code, 0, plan.stderr);
    const swaps = JSON.parse(readFileSync(join(dir, 'swaps.json'), 'utf8')) as Array<{
      legacyId: string;
      initiatorShiftId: string;
      managementUnitId: string;
      weekDate: string;
    }>;
    assert.equal(swaps.length, SWAPS);
    const syncArgs = [
      'sync',
      '--input',
      'swaps.json',
      '--base-url',
      baseUrl,
      '--client-id',
      'migration',
      '--client-secret',
      's3cret',
      '--concurrency',
      '2',
      '--seed',
      '9',
    ];

    // Bad input: named by line and field, exit 2, nothing sent.
    writeFileSync(join(dir, 'bad.json'), `[\n${JSON.stringify({ ...swaps[0], weekDate: '2027-13-01' })}\n]\n`);
    const bad = await cli([...syncArgs.slice(0, 2), 'bad.json', ...syncArgs.slice(3)]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /bad\.json:2, row 1, field "weekDate": is not a real calendar date/);
    const writesBefore = JSON.parse((await client.send('GET', '/__harness/audit')).text).writes;
    assert.equal(writesBefore, 0, 'nothing was written for a bad input');

    await put('/__harness/faults', { dropAfterCommitRate: 0.3, latencyMs: [{ probability: 1, ms: 15 }] });
    const first = await cli(syncArgs, () => countState('applied') >= 6);
    assert.equal(first.signal, 'SIGKILL', `the first run finished before it could be killed: ${first.stderr}`);
    const atKill = foldJournal(parseJournal(journalLines()).entries);
    const killedStates = [...atKill.values()].reduce<Record<string, number>>(
      (acc, e) => ({ ...acc, [e.state]: (acc[e.state] ?? 0) + 1 }),
      {},
    );
    t.diagnostic(`journal at SIGKILL: ${JSON.stringify(killedStates)}`);

    const runs: CliRun[] = [];
    for (let i = 0; i < 4; i++) {
      const run = await cli(syncArgs);
      runs.push(run);
      if (run.code === 0) break;
    }
    const last = runs.at(-1);
    assert.equal(last?.code, 0, `sync did not finish cleanly: ${last?.stdout}\n${last?.stderr}`);
    const second = runs[0]!;
    assert.match(second.stderr, /resuming from journal/);
    const presentInSecond = (second.stdout.match(/ already present /g) ?? []).length;
    assert.ok(
      presentInSecond >= (killedStates['applied'] ?? 0) && presentInSecond >= 6,
      `second run: ${presentInSecond} already present\n${second.stdout}`,
    );

    // Server truth: every initiating shift of the plan is in exactly one trade, and it is Approved.
    const token = await client.token();
    const weeks = [...new Set(swaps.map((s) => `${s.managementUnitId}|${s.weekDate}`))];
    const serverTrades: Array<{ id: string; state: string; initiatingShiftId: string }> = [];
    for (const week of weeks) {
      const [mu = '', weekDate = ''] = week.split('|');
      const list = JSON.parse(
        (await client.send('GET', legacyTradesPath(mu, weekDate), { headers: { authorization: `Bearer ${token}` } }))
          .text,
      ) as { entities: Array<{ trade: { id: string; state: string; initiatingShiftId: string } }> };
      serverTrades.push(...list.entities.map((e) => e.trade));
    }
    const byShift = new Map<string, Array<{ id: string; state: string }>>();
    for (const trade of serverTrades)
      byShift.set(trade.initiatingShiftId, [...(byShift.get(trade.initiatingShiftId) ?? []), trade]);
    const applied = swaps.filter(
      (s) => byShift.get(s.initiatorShiftId)?.filter((tr) => tr.state === 'Approved').length === 1,
    ).length;
    const duplicates = swaps.filter((s) => (byShift.get(s.initiatorShiftId)?.length ?? 0) > 1).length;
    const audit = JSON.parse((await client.send('GET', '/__harness/audit')).text) as {
      lostUpdates: number;
      nonMonotonicVersions: number;
      shiftsTradedTwice: string[];
      duplicateLegacyIds?: string[];
      tradesPerLegacyId?: Record<string, number>;
      faults: { dropAfterCommit: number };
    };
    t.diagnostic(
      `runs after the kill: ${runs.length}; applied ${applied}/${SWAPS}, duplicates ${duplicates}, lost ` +
        `updates ${audit.lostUpdates}, drops ${audit.faults.dropAfterCommit}, already present in run 2: ${presentInSecond}`,
    );
    assert.equal(applied, SWAPS);
    assert.equal(duplicates, 0);
    assert.equal(serverTrades.length, SWAPS, 'no trade besides the planned ones');
    assert.equal(audit.lostUpdates, 0);
    assert.equal(audit.nonMonotonicVersions, 0);
    assert.deepEqual(audit.shiftsTradedTwice, []);
    assert.ok(audit.faults.dropAfterCommit > 0, 'responses were dropped after commit');
    if (audit.duplicateLegacyIds) assert.deepEqual(audit.duplicateLegacyIds, []);
    if (audit.tradesPerLegacyId)
      for (const s of swaps) assert.equal(audit.tradesPerLegacyId[s.legacyId], 1, s.legacyId);

    // The journal agrees with the server: every swap applied, with the trade the server has for its shift.
    const journal = foldJournal(parseJournal(journalLines()).entries);
    for (const s of swaps) {
      const entry = journal.get(s.legacyId);
      assert.equal(entry?.state, 'applied', s.legacyId);
      assert.equal(entry?.tradeId, byShift.get(s.initiatorShiftId)?.[0]?.id, s.legacyId);
    }
    const summary = JSON.parse(readFileSync(join(dir, 'swaps.json.journal.summary.json'), 'utf8')) as {
      ok: boolean;
      counts: Record<string, number>;
      seed: number;
    };
    assert.equal(summary.ok, true);
    assert.equal(summary.seed, 9);
    assert.equal((summary.counts['applied'] ?? 0) + (summary.counts['already present'] ?? 0), SWAPS);
  },
);
