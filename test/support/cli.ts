/**
 * `wfm-harness` in the test's own process: the same commander program, actions and exit-code convention
 * as bin/wfm-harness.js (src/cli/program.ts), without starting Node and tsx again for each call (about 2
 * CPU-s a start). What a run writes to process.stdout and process.stderr is captured through an
 * AsyncLocalStorage, so only the command's own output is taken, never the test runner's reports that
 * share the stream. Use `spawnCli` where the process itself is under test (the bin script, signals, a
 * server that must not be left listening if a refusal regresses).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, runCli } from '../../src/cli/program.ts';

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

interface Capture {
  stdout: string;
  stderr: string;
}

const capture = new AsyncLocalStorage<Capture>();

function divert(stream: NodeJS.WriteStream, key: keyof Capture): void {
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    const into = capture.getStore();
    if (!into) return write(chunk, ...rest);
    into[key] += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    const done = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    done?.();
    return true;
  }) as typeof stream.write;
}
divert(process.stdout, 'stdout');
divert(process.stderr, 'stderr');

/** Runs `wfm-harness ...args` in this process, from the repository root as cwd (relative paths resolve there). */
export function cli(...args: string[]): Promise<CliRun> {
  return cliIn(ROOT, ...args);
}

/** Runs `wfm-harness ...args` in this process with `cwd` as the working directory for the run. */
export async function cliIn(cwd: string, ...args: string[]): Promise<CliRun> {
  const into: Capture = { stdout: '', stderr: '' };
  const before = process.cwd();
  process.chdir(cwd);
  try {
    const status = await capture.run(into, () => runCli(args));
    return { status, ...into };
  } finally {
    process.chdir(before);
  }
}

/** The real process: `node bin/wfm-harness.js ...args` from the repository root. */
export function spawnCli(...args: string[]): CliRun {
  const run = spawnSync(process.execPath, [join(ROOT, 'bin', 'wfm-harness.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { status: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}
