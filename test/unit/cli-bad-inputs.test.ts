/**
 * Six bad inputs that exited 1 ("ran and failed") now exit 2 ("bad input, nothing run") naming the option
 * (issue 21 item 6; docs/cli.md "Exit codes"): serve --host that is no address here, a port in use,
 * openapi/plan --out in a directory that does not exist, a K6_BIN that is not executable, and
 * sync --journal that cannot be opened. In-process where the parser or function decides; two real
 * serve processes for what only listen() finds out.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError } from 'commander';
import type { Command } from 'commander';
import { outFile } from '../../src/cli/options.ts';
import { planCommand } from '../../src/cli/plan-command.ts';
import { openApiCommand } from '../../src/cli/serve-command.ts';
import { findK6 } from '../../src/cli/k6-binary.ts';
import { exitCodeOf } from '../../src/cli/exit-policy.ts';
import { runSyncCommand } from '../../src/cli/sync-command.ts';
import { formatSwaps, plannedSwaps } from '../../src/cli/plan-command.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'wfm-bad-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function serve(...args: string[]): { status: number | null; stderr: string } {
  const run = spawnSync(process.execPath, [join(ROOT, 'bin', 'wfm-harness.js'), 'serve', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: run.status, stderr: run.stderr };
}

test('openapi and plan --out in a directory that does not exist: refused by the option parser (exit 2)', () => {
  assert.throws(
    () => outFile('/nonexistent/x'),
    (error: Error) => {
      assert.ok(error instanceof InvalidArgumentError);
      assert.match(error.message, /^--out \/nonexistent\/x: cannot be written: no directory \/nonexistent$/);
      return true;
    },
  );
  assert.throws(() => outFile(dir), /is a directory/);
  assert.equal(outFile(join(dir, 'swaps.json')), join(dir, 'swaps.json'));
  const outOption = (command: Command) => command.options.find((o) => o.long === '--out');
  for (const command of [planCommand(), openApiCommand()])
    assert.equal(outOption(command)?.parseArg, outFile, `${command.name()} --out goes through outFile`);
});

test('a K6_BIN that is not executable is bad input (exit 2)', async () => {
  await assert.rejects(
    findK6({ env: { K6_BIN: '/nonexistent/k6' }, build: false }),
    (error: Error) =>
      exitCodeOf(error) === 2 && /K6_BIN=\/nonexistent\/k6 is not an executable file/.test(error.message),
  );
});

test('sync --journal in a directory that does not exist exits 2 naming the journal, nothing sent', async () => {
  const input = join(dir, 'swaps.json');
  writeFileSync(input, formatSwaps(plannedSwaps('dst-paris', 1, 1), 'json'));
  let stderr = '';
  const code = await runSyncCommand(
    ROOT,
    {
      input,
      journal: '/nonexistent/x',
      baseUrl: 'http://127.0.0.1:9',
      strategy: 'no-retry',
      concurrency: 1,
      seed: 1,
      clientId: 'a',
      clientSecret: 'b',
    },
    { stdout: { write: () => true }, stderr: { write: (t: string) => (stderr += t) }, env: {} },
  );
  assert.equal(code, 2, stderr);
  assert.match(stderr, /sync: journal \/nonexistent\/x: .*ENOENT.*; nothing was sent/);
});

test('serve --host that is no address here, and --port in use, exit 2 naming the option', async () => {
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  try {
    const port = (taken.address() as { port: number }).port;
    const inUse = serve('--port', String(port));
    assert.equal(inUse.status, 2, inUse.stderr);
    assert.match(inUse.stderr, new RegExp(`--port ${port}: 127\\.0\\.0\\.1:${port} is in use`));
    const badHost = serve('--host', '999.1.1.1', '--port', '0');
    assert.equal(badHost.status, 2, badHost.stderr);
    assert.match(badHost.stderr, /--host 999\.1\.1\.1: not an address of this machine/);
  } finally {
    taken.close();
  }
});
