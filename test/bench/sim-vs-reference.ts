/**
 * The simulator beside the published one, in the same bench run (issue 9 item 10): the aws-occ sweep
 * (10..190 clients step 10, `runs` per point, 5 strategies, seed 1) on ONE thread, and, when it is at
 * hand, the Python 3 port of the AWS backoff simulator in ../shared/reference/aws-backoff-simulator/
 * (never copied into this project) with the same sweep. Each runs as its own child process under
 * /usr/bin/time, so the CPU-seconds (user + system) and peak RSS are that process's alone.
 *
 * Ours runs as an esbuild bundle of sim-sweep.entry.ts under plain node: what is measured is the
 * simulator with the full route handling in the loop (validation, domain, audit), not tsx compiling
 * TypeScript, the CLI's other commands or the world generator (the row's world is passed in as JSON).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { occWorld } from '../../src/sim/experiments/occ-world.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
export const REFERENCE = resolve(HERE, '../../../shared/reference/aws-backoff-simulator/backoff_simulator.py');
const TIME = '/usr/bin/time';
/** Targets, one worker (issue 9): at most a third of the reference's CPU-seconds, at most 96 MiB peak. */
const CPU_RATIO_MAX = 0.33;
const PEAK_MIB_MAX = 96;

export interface Measured {
  cpuS: number;
  wallS: number;
  peakMiB: number;
  stdout: string;
}

/** Run a command under /usr/bin/time: "%e %U %S %M" = wall s, user s, system s, max RSS KiB. */
function timed(command: string, args: readonly string[], dir: string): Measured {
  const report = join(dir, `time-${Date.now()}.txt`);
  const run = spawnSync(TIME, ['-f', '%e %U %S %M', '-o', report, command, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  const [wall, user, system, maxKiB] = readFileSync(report, 'utf8')
    .trim()
    .split('\n')
    .at(-1)!
    .split(' ')
    .map(Number) as [number, number, number, number];
  return { cpuS: user + system, wallS: wall, peakMiB: maxKiB / 1024, stdout: run.stdout };
}

async function bundleSweep(dir: string): Promise<string> {
  const outfile = join(dir, 'sim-sweep.mjs');
  await build({
    entryPoints: [join(HERE, 'sim-sweep.entry.ts')],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'es2022',
    logLevel: 'warning',
    // Bundled CommonJS dependencies call require(); ESM output has none of its own.
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
  return outfile;
}

function line(label: string, value: string): void {
  process.stdout.write(`${label.padEnd(34)} ${value}\n`);
}

function show(label: string, m: Measured): void {
  line(label, `${m.cpuS.toFixed(1)} CPU-s (${m.wallS.toFixed(1)} wall-s), peak RSS ${m.peakMiB.toFixed(1)} MiB`);
}

type Sums = Record<string, { writeCalls: number; completionMs: number; requests: number }>;

function sumsOf(m: Measured): Sums {
  return (JSON.parse(m.stdout) as { sums: Sums }).sums;
}

/**
 * The sweeps one after the other (not side by side on 2 cores: each would slow the other): ours, the
 * floor (the same clients, engine and network on a bare versioned row instead of the mock's routes:
 * bare-row.ts), and the reference.
 */
export async function simVersusReference(runs: number): Promise<void> {
  if (!existsSync(TIME)) {
    line('sim vs reference', `skipped: ${TIME} is not installed (it measures each process's CPU and peak RSS)`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'wfm-bench-sim-'));
  try {
    const worldFile = join(dir, 'occ-world.json');
    writeFileSync(worldFile, JSON.stringify(occWorld()));
    const bundle = await bundleSweep(dir);
    const ours = timed(process.execPath, [bundle, String(runs), worldFile], dir);
    show(`ours, 1 thread (${runs} runs/point)`, ours);
    line(
      'ours, sums (calls / virtual ms)',
      Object.entries(sumsOf(ours))
        .map(([name, s]) => `${name} ${s.writeCalls.toFixed(0)} / ${s.completionMs.toFixed(0)}`)
        .join(', '),
    );
    const floor = timed(process.execPath, [bundle, String(runs), worldFile, 'bare'], dir);
    show('floor: sync core on a bare row', floor);
    const same = JSON.stringify(sumsOf(floor)) === JSON.stringify(sumsOf(ours));
    line(
      'same sums on both',
      same ? "yes (the mock's row behaves exactly like the bare one)" : 'NO: the runs disagree',
    );
    line(
      "routes' share of our CPU-s",
      `${(100 * (1 - floor.cpuS / ours.cpuS)).toFixed(0)}% (validation, domain, audit, views, error bodies)`,
    );
    if (!existsSync(REFERENCE)) {
      line('reference', `not found at ${REFERENCE}: ratio not measured`);
      return;
    }
    const reference = timed(
      'python3',
      [REFERENCE, '--clients', '10-190/10', '--runs', String(runs), '--seed', '1', '--out', join(dir, 'reference')],
      dir,
    );
    show('reference (Python 3 port)', reference);
    const ratio = (m: Measured): string => (m.cpuS / reference.cpuS).toFixed(2);
    line(
      'CPU-s ours / reference',
      `${ratio(ours)} (target ` +
        (`<= ${CPU_RATIO_MAX}: ${ours.cpuS / reference.cpuS <= CPU_RATIO_MAX ? 'met' : 'MISSED'}); ` +
          `${(reference.cpuS / ours.cpuS).toFixed(2)}x the reference's speed`),
    );
    line('CPU-s floor / reference', `${ratio(floor)}: what no route handling could go below`);
    line(
      'peak RSS ours / reference',
      `${ours.peakMiB.toFixed(0)} MiB / ${reference.peakMiB.toFixed(0)} MiB (target ` +
        `<= ${PEAK_MIB_MAX} MiB: ${ours.peakMiB <= PEAK_MIB_MAX ? 'met' : 'MISSED'})`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
