/**
 * `npm run bench:budget`: the world budget (src/scenario/world-budget.ts) holds its promise. Worlds at the
 * budget in the shapes that cost most (one huge unit of one week; 5,000 units; one unit over 12 weeks of
 * 7 days; the scale-10k shape) each generate, build the mock's store and plan (over every unit, then the
 * traded one) in under 30 s and 1 GB, each in its own process (worker: world-budget-worker.ts). Not a
 * test: it prints numbers and exits 1 when a target is missed. CPU seconds are printed beside wall time:
 * on a shared machine wall time is what the load leaves.
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { WORLD_BUDGET_SHIFTS } from '../../src/scenario/world-budget.ts';
import { printLine } from './bench-cli.ts';

const TARGET_WALL_MS = 30_000;
const TARGET_RSS_MB = 1_024;
const WORKER = fileURLToPath(new URL('world-budget-worker.ts', import.meta.url));

/** [label, businessUnits, units per BU, agents per unit, weeks, workDaysPerAgent]: each at or just under the budget. */
const SHAPES: Array<[string, number, number, number, number, number]> = [
  ['one unit, 1 week x 7 days', 1, 1, Math.floor(WORLD_BUDGET_SHIFTS / 7), 1, 7],
  ['5,000 units, 1 week x 7 days', 50, 100, Math.floor(WORLD_BUDGET_SHIFTS / 5_000 / 7), 1, 7],
  ['one unit, 12 weeks x 7 days', 1, 1, Math.floor(WORLD_BUDGET_SHIFTS / 84), 12, 7],
  ['20 units, 3 weeks x 5 days', 4, 5, Math.floor(WORLD_BUDGET_SHIFTS / 20 / 15), 3, 5],
];

printLine('budget', `${WORLD_BUDGET_SHIFTS} shifts; load average ${loadavg()[0]?.toFixed(1)}`, 34);
let met = true;
for (const [label, ...shape] of SHAPES) {
  const out = execFileSync(process.execPath, ['--import', 'tsx', WORKER, ...shape.map(String)], { encoding: 'utf8' });
  const r = JSON.parse(out) as Record<string, number>;
  const ok = (r['wallMs'] ?? Infinity) < TARGET_WALL_MS && (r['peakRssMB'] ?? Infinity) < TARGET_RSS_MB;
  met &&= ok;
  printLine(
    label,
    `${r['shifts']} shifts: generated ${r['generatedMs']} ms, store ${r['storeMs']} ms, planned ${r['planMs']} ms ` +
      `(${r['swapsEveryUnit']} swaps over every unit, ${r['swapsTradedUnit']} in the traded one); wall ${r['wallMs']} ms, ` +
      `CPU ${r['cpuMs']} ms, peak RSS ${r['peakRssMB']} MB${ok ? '' : ' MISSED'}`,
    34,
  );
}
printLine('targets', `< ${TARGET_WALL_MS / 1000} s and < ${TARGET_RSS_MB} MB each: ${met ? 'met' : 'MISSED'}`, 34);
if (!met) process.exitCode = 1;
