/**
 * One strategy's k6 run split over N k6 processes by execution segments (compare --segments N), the
 * way k6-operator or any multi-machine run splits it: each instance runs `--execution-segment i/N:(i+1)/N`
 * of the same `--execution-segment-sequence`, so the arrival rate and the VUs are shared out and
 * `exec.scenario.iterationInTest` / `exec.vu.idInTest` stay unique across instances (the scenario picks
 * its swap and its partitions by them). Each instance writes its own summary and raw samples (`--out
 * json`, gzipped); they are merged into one summary (src/report/merge-k6.ts), percentiles from the raw
 * samples. The caller resets the mock once and passes RESET=false: an instance's setup must not wipe
 * the trades another instance has already made.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { mergeK6Summaries } from '../report/merge-k6.ts';
import { runK6 } from './run-k6.ts';
import type { K6Run, K6RunOptions } from './run-k6.ts';

/** The trends the report reads percentiles of (src/report/from-k6.ts). */
export const MERGED_TRENDS = ['wfm_time_to_outcome', 'wfm_request_world_ms'] as const;

function fraction(numerator: number, denominator: number): string {
  return numerator === 0 ? '0' : numerator === denominator ? '1' : `${numerator}/${denominator}`;
}

/** k6's flags for instance `index` (0-based) of `count`. */
export function segmentArgs(index: number, count: number): string[] {
  const sequence = Array.from({ length: count + 1 }, (_, i) => fraction(i, count)).join(',');
  return [
    '--execution-segment',
    `${fraction(index, count)}:${fraction(index + 1, count)}`,
    '--execution-segment-sequence',
    sequence,
  ];
}

/** `k6-summary-x.json` → `k6-summary-x-seg1.json` (also for `.json.gz`, `.log`). */
export function segmentPath(path: string, index: number): string {
  return path.replace(/(\.json\.gz|\.[a-z]+)$/, `-seg${index}$1`);
}

/** Sample values of the given metrics from a k6 `--out json` NDJSON file (gzipped when it ends in .gz). */
export function readSamples(file: string, names: readonly string[]): Map<string, number[]> {
  const raw = readFileSync(file);
  const text = (file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  const out = new Map<string, number[]>(names.map((name) => [name, []]));
  for (const line of text.split('\n')) {
    if (!line.includes('"Point"')) continue;
    const point = JSON.parse(line) as { type: string; metric: string; data: { value: number } };
    out.get(point.metric)?.push(point.data.value);
  }
  return out;
}

export async function runK6Segments(options: K6RunOptions & { segments: number; samplesPath: string }): Promise<K6Run> {
  const indices = Array.from({ length: options.segments }, (_, i) => i);
  const runs = await Promise.all(
    indices.map((i) =>
      runK6({
        ...options,
        summaryPath: segmentPath(options.summaryPath, i),
        logPath: segmentPath(options.logPath, i),
        ...(options.consolePath === undefined ? {} : { consolePath: segmentPath(options.consolePath, i) }),
        args: [
          ...(options.args ?? []),
          ...segmentArgs(i, options.segments),
          '--out',
          `json=${segmentPath(options.samplesPath, i)}`,
        ],
      }),
    ),
  );
  const samples = new Map<string, number[]>(MERGED_TRENDS.map((name) => [name, []]));
  for (const i of indices) {
    for (const [name, values] of readSamples(segmentPath(options.samplesPath, i), MERGED_TRENDS))
      samples.get(name)?.push(...values);
  }
  const summary = mergeK6Summaries(
    runs.map((run) => run.summary),
    samples,
  );
  writeFileSync(options.summaryPath, `${JSON.stringify(summary)}\n`);
  return {
    summary,
    thresholdsFailed: runs.some((run) => run.thresholdsFailed),
    consolePaths: runs.flatMap((run) => run.consolePaths),
  };
}
