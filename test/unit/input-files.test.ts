/**
 * Every file a command reads goes through the bounded reader (issue 21 item 3): /dev/zero given as any of
 * them is refused at once as bad input (exit 2), naming the file, where each used to grow to gigabytes
 * and die in bad_alloc. One case per code path that reads a user's file, in-process; one real process
 * shows the exit code end to end.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exitCodeOf } from '../../src/cli/exit-policy.ts';
import { loadScenarioFile } from '../../src/scenario/file/load.ts';
import { loadServeConfig } from '../../src/cli/serve-config.ts';
import { faultsOption } from '../../src/cli/json-file.ts';
import { loadStrategyFile } from '../../src/cli/strategy-file.ts';
import { readThresholdsFile } from '../../src/cli/thresholds-option.ts';
import { buildBaseline } from '../../src/cli/baseline-command.ts';
import { baselineOption } from '../../src/cli/baseline-gate.ts';
import { runDst } from '../../src/cli/dst-command.ts';
import { runSyncCommand } from '../../src/cli/sync-command.ts';
import { openFileJournal } from '../../src/adapters/node/journal-file.ts';
import { formatSwaps, plannedSwaps } from '../../src/cli/plan-command.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'wfm-inputs-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A good sync input, so the journal is what gets refused. */
function swapsFile(): string {
  const file = join(dir, 'swaps.json');
  writeFileSync(file, formatSwaps(plannedSwaps('dst-paris', 1, 1), 'json'));
  return file;
}
const Z = '/dev/zero';
const REFUSED = `${Z}: not a regular file (a character device)`;

/** The call must throw bad input (exit 2) naming /dev/zero. */
async function refusedAsBadInput(what: string, call: () => unknown): Promise<void> {
  await assert.rejects(
    async () => call(),
    (error: Error) => {
      assert.ok(error.message.includes(REFUSED), `${what}: ${error.message}`);
      assert.equal(exitCodeOf(error), 2, what);
      return true;
    },
  );
}

/** Options that report on stderr and set process.exitCode themselves (compare and sim run nothing then). */
function reportedAsBadInput(what: string, call: () => { ok: boolean }): void {
  const write = process.stderr.write;
  let said = '';
  process.stderr.write = ((text: string) => ((said += text), true)) as typeof process.stderr.write;
  try {
    assert.equal(call().ok, false, what);
    assert.equal(process.exitCode, 2, what);
    assert.ok(said.includes(REFUSED), `${what}: ${said}`);
  } finally {
    process.stderr.write = write;
    process.exitCode = undefined;
  }
}

test('/dev/zero as any input file is refused as bad input, naming it', async () => {
  await refusedAsBadInput('--scenario-file', () => loadScenarioFile(Z));
  await refusedAsBadInput('serve --config', () => loadServeConfig(Z));
  await refusedAsBadInput('--strategy-file', () => loadStrategyFile(Z));
  await refusedAsBadInput('--thresholds', () => readThresholdsFile(Z));
  await refusedAsBadInput('baseline update --from', () => buildBaseline(ROOT, [Z], undefined, 'b.json'));
  await refusedAsBadInput('dst --export', () => runDst({ export: Z }));
  await assert.rejects(async () => openFileJournal(Z), new RegExp(REFUSED.replace(/[()]/g, '\\$&')));
  reportedAsBadInput('--faults', () => faultsOption('sim', Z));
  reportedAsBadInput('--baseline', () => baselineOption('sim', Z));
  for (const [what, over] of [
    ['sync --input', { input: Z }],
    ['sync --journal', { input: swapsFile(), journal: Z }],
  ] as const) {
    let stderr = '';
    const code = await runSyncCommand(
      ROOT,
      {
        baseUrl: 'http://127.0.0.1:9',
        strategy: 'no-retry',
        concurrency: 1,
        seed: 1,
        clientId: 'a',
        clientSecret: 'b',
        ...over,
      },
      { stdout: { write: () => true }, stderr: { write: (t: string) => (stderr += t) }, env: {} },
    );
    assert.equal(code, 2, `${what}: ${stderr}`);
    assert.ok(stderr.includes(REFUSED), `${what}: ${stderr}`);
  }
});

test('end to end: plan --scenario-file /dev/zero exits 2 naming the file', () => {
  const run = spawnSync(
    process.execPath,
    [join(ROOT, 'bin', 'wfm-harness.js'), 'plan', '--scenario-file', Z, '--out', join(dir, 'x.json')],
    {
      encoding: 'utf8',
    },
  );
  assert.equal(run.status, 2, run.stderr);
  assert.ok(run.stderr.includes(REFUSED), run.stderr);
});
