/** Run one k6 scenario bundle against a base URL and return its JSON summary. */
import { spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import type { K6Summary } from '../report/from-k6.ts';

export interface K6RunOptions {
  k6: string;
  bundle: string;
  env: Record<string, string>;
  summaryPath: string;
  logPath: string;
}

export function runK6(options: K6RunOptions): Promise<K6Summary> {
  return new Promise((resolve, reject) => {
    const log = createWriteStream(options.logPath);
    const child = spawn(options.k6, ['run', '--quiet', '--no-color', '--address', '127.0.0.1:0', options.bundle], {
      env: { ...process.env, K6_NO_USAGE_REPORT: 'true', ...options.env, SUMMARY_PATH: options.summaryPath },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    child.on('error', reject);
    child.on('close', (code) => {
      log.end();
      if (code !== 0) return reject(new Error(`k6 exited with ${code}; see ${options.logPath}`));
      try {
        resolve(JSON.parse(readFileSync(options.summaryPath, 'utf8')) as K6Summary);
      } catch (error) {
        reject(new Error(`k6 wrote no readable summary at ${options.summaryPath}: ${(error as Error).message}`));
      }
    });
  });
}
