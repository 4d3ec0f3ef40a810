/** `sync --strategy` takes an inline strategy as a preset name: the migration client runs what was measured. */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildServer } from '../../mock-server/http/server.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import { runSyncCommand } from '../../src/cli/sync-command.ts';
import { formatSwaps, plannedSwaps } from '../../src/cli/plan-command.ts';
import { mockFromScenario } from '../../src/world/mock-from-scenario.ts';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const dir = mkdtempSync(join(tmpdir(), 'wfm-sync-inline-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function sink() {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: {
      stdout: { write: (t: string) => (out.stdout += t) },
      stderr: { write: (t: string) => (out.stderr += t) },
      env: {},
    },
  };
}

test(
  'an inline strategy applies every swap; a bad one exits 2 naming the field and sends nothing',
  { timeout: 30_000 },
  async () => {
    const { app, harness } = await buildServer({
      ...mockFromScenario(dstParis, 5),
      seed: 5,
      quiet: true,
      clients: [{ clientId: 'mig', clientSecret: 'pw', scopes: ['workforce-management'], tokenTtlS: 3600 }],
    });
    const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const input = join(dir, 'swaps.json');
      writeFileSync(input, formatSwaps(plannedSwaps('dst-paris', 5, 4), 'json'));
      const base = { input, baseUrl, clientId: 'mig', clientSecret: 'pw', concurrency: 2, seed: 3 };
      const bad = sink();
      assert.equal(
        await runSyncCommand(ROOT, { ...base, strategy: 'full-jitter:base=250ms,cap=4s,atempts=8' }, bad.io),
        2,
      );
      assert.match(bad.out.stderr, /strategy "full-jitter:base=250ms,cap=4s,atempts=8": atempts: unknown field/);
      assert.deepEqual(harness.requestCounts, {}, 'nothing was sent');
      const good = sink();
      const code = await runSyncCommand(
        ROOT,
        { ...base, strategy: 'full-jitter:base=250ms,cap=4s,attempts=8,refetch,partition=schedule' },
        good.io,
      );
      assert.equal(code, 0, good.out.stderr + good.out.stdout);
      assert.match(good.out.stderr, /strategy=full-jitter:base=250ms,cap=4s,attempts=8,refetch,partition=schedule/);
      assert.equal(harness.store.report().tradesByState['Approved'], 4);
    } finally {
      await app.close();
    }
  },
);
