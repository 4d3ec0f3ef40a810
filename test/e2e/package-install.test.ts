/**
 * Installable like a tool (docs/install.md): `npm pack` gives a tarball of the built CLI, the catalogue,
 * the k6 bundle and the docs, and nothing of the sources or tests; installed into an empty directory
 * (dependencies from the npm registry or its cache) it runs the simulator and the baseline gate there,
 * without tsx, writing its reports into that directory. Never skipped: CI has npm and the registry.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function run(command: string, args: string[], cwd: string, timeoutMs = 120_000) {
  const out = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: timeoutMs });
  return { status: out.status, stdout: out.stdout, out: `${out.stdout}\n${out.stderr}` };
}

test(
  'the packed tarball installs into an empty directory and runs sim and the gate there',
  { timeout: 600_000 },
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'wfm-package-'));
    try {
      // npm pack runs prepack: the build (scripts/build.ts) into dist/.
      const pack = run('npm', ['pack', '--pack-destination', dir], ROOT);
      assert.equal(pack.status, 0, pack.out);
      const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
      assert.ok(tarball, pack.out);
      const files = run('tar', ['-tzf', join(dir, tarball)], dir).stdout.split('\n');
      for (const needed of ['dist/cli.js', 'dist/sweep-worker.js', 'dist/k6/swap-scenario.js', 'bin/wfm-harness.js'])
        assert.ok(files.includes(`package/${needed}`), needed);
      assert.ok(files.includes('package/scenarios/dst-paris.json') && files.includes('package/docs/reports.md'));
      assert.deepEqual(
        files.filter((f) => /^package\/(src|test|mock-server|k6)\//.test(f)),
        [],
        'the package ships the build, not the sources',
      );

      const home = join(dir, 'project');
      mkdirSync(home);
      const install = run(
        'npm',
        ['install', join(dir, tarball), '--prefer-offline', '--no-audit', '--no-fund'],
        home,
        300_000,
      );
      assert.equal(install.status, 0, install.out);
      assert.equal(existsSync(join(home, 'node_modules', 'tsx')), false, 'tsx is a development tool, not installed');

      // After `--` every argument is the CLI's (npx would take --version for itself).
      const npx = (...args: string[]) => run('npx', ['--no', '--', 'wfm-harness', ...args], home);
      assert.match(npx('--version').stdout, /^wfm-harness \d+\.\d+\.\d+ \(commit ([0-9a-f]{40}(-dirty)?|unknown)\)/);
      const sim = npx('sim', '--scenario', 'dst-paris');
      assert.equal(sim.status, 0, sim.out);
      const runDir = join(home, 'reports', 'sim-dst-paris-seed1');
      const report = readFileSync(join(runDir, 'report.md'), 'utf8').split('\n');
      assert.match(report[2] ?? '', /^\*\*Recommended: /);
      assert.ok(existsSync(join(runDir, 'report.html')));

      const update = npx('baseline', 'update', '--from', join(runDir, 'results.json'), '--out', 'baseline.json');
      assert.equal(update.status, 0, update.out);
      const gated = npx('sim', '--scenario', 'dst-paris', '--baseline', 'baseline.json', '--out', 'gated');
      assert.equal(gated.status, 0, gated.out);
      assert.match(gated.out, /no regression; \d+ metric\(s\) equal, 0 shown/);
      const dropped = npx('sim', '--scenario', 'dst-paris', '--strategy', 'no-retry', '--baseline', 'baseline.json');
      assert.equal(dropped.status, 1, 'a baseline strategy missing from the run fails the gate there too');
      // baseline update replays the recorded command through the installed CLI.
      const replay = npx('baseline', 'update', '--out', 'baseline.json');
      assert.equal(replay.status, 0, replay.out);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
