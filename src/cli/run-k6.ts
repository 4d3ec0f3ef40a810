/**
 * Run one k6 scenario bundle against a base URL and return its JSON summary. Exit 99 is a result, not
 * an error: k6 ran, wrote its summary and judged a threshold crossed (shared/reference/k6.md); the
 * caller reads which from the summary. Any other non-zero exit rejects.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import type { K6Summary } from '../report/from-k6.ts';

/** k6's exit code when a threshold failed. */
export const K6_THRESHOLDS_FAILED = 99;

export interface K6RunOptions {
  k6: string;
  bundle: string;
  env: Record<string, string>;
  summaryPath: string;
  logPath: string;
  /** Where k6 writes the script's console lines (`--console-output`): the VUs' failed-trade records. */
  consolePath?: string;
  /** Extra `k6 run` arguments placed before the bundle (e.g. --execution-segment). */
  args?: string[];
}

export interface K6Run {
  summary: K6Summary;
  /** k6 exited 99. */
  thresholdsFailed: boolean;
  /** The console files the run wrote (one per instance), if it was given a consolePath. */
  consolePaths: string[];
}

export function runK6(options: K6RunOptions): Promise<K6Run> {
  return new Promise((resolve, reject) => {
    const log = createWriteStream(options.logPath);
    const consoleArgs = options.consolePath === undefined ? [] : ['--console-output', options.consolePath];
    const args = [
      'run',
      '--quiet',
      '--no-color',
      '--address',
      '127.0.0.1:0',
      ...consoleArgs,
      ...(options.args ?? []),
      options.bundle,
    ];
    const child = spawn(options.k6, args, {
      env: { ...process.env, K6_NO_USAGE_REPORT: 'true', ...options.env, SUMMARY_PATH: options.summaryPath },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    child.on('error', reject);
    child.on('close', (code) => {
      log.end();
      if (code !== 0 && code !== K6_THRESHOLDS_FAILED)
        return reject(new Error(`k6 exited with ${code}; see ${options.logPath}`));
      try {
        resolve({
          summary: JSON.parse(readFileSync(options.summaryPath, 'utf8')) as K6Summary,
          thresholdsFailed: code === K6_THRESHOLDS_FAILED,
          consolePaths: options.consolePath === undefined ? [] : [options.consolePath],
        });
      } catch (error) {
        reject(new Error(`k6 wrote no readable summary at ${options.summaryPath}: ${(error as Error).message}`));
      }
    });
  });
}
