/**
 * Run the user's client for `observe`: COMMAND with the WFM_* variables, its output streamed to ours and
 * kept in client.log (at most CLIENT_LOG_MAX_BYTES), stopped at the timeout (SIGTERM to its process group,
 * SIGKILL KILL_AFTER_MS later), and our own SIGINT/SIGTERM passed on to it. Resolves when it has exited.
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** Bytes of the client's output kept in client.log (it is streamed whole to the terminal). */
export const CLIENT_LOG_MAX_BYTES = 8 * 1024 * 1024;
/** Real ms between SIGTERM and SIGKILL when the client is stopped. */
export const KILL_AFTER_MS = 5_000;
/** The longest delay a Node timer takes (ms); longer ones fire at once with a warning. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface ClientRun {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  realSeconds: number;
}

/** The command could not be started (not found, not executable): bad input, nothing ran. */
export class ClientStartError extends Error {}

export interface ClientOptions {
  command: readonly string[];
  env: Record<string, string>;
  timeoutRealMs: number;
  logPath: string;
  out: { write(chunk: Buffer | string): unknown };
  err: { write(chunk: Buffer | string): unknown };
  /** Told once when the client is stopped at the timeout. */
  onTimeout?: () => void;
}

export function runClient(options: ClientOptions): Promise<ClientRun> {
  const [file, ...args] = options.command;
  const startedMs = performance.now();
  const log = createWriteStream(options.logPath);
  let logged = 0;
  const keep = (chunk: Buffer) => {
    if (logged >= CLIENT_LOG_MAX_BYTES) return;
    const room = CLIENT_LOG_MAX_BYTES - logged;
    log.write(
      chunk.length <= room ? chunk : Buffer.concat([chunk.subarray(0, room), Buffer.from('\n… (truncated)\n')]),
    );
    logged += chunk.length;
  };
  return new Promise((resolve, reject) => {
    // Its own process group (detached), so a stop reaches a shell's children too.
    const child = spawn(file as string, args, {
      env: { ...process.env, ...options.env },
      stdio: ['inherit', 'pipe', 'pipe'],
      detached: true,
    });
    let timedOut = false;
    let killer: NodeJS.Timeout | undefined;
    const stop = (signal: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, signal);
      } catch {
        // Already gone.
      }
    };
    const stopNow = () => {
      stop('SIGTERM');
      killer ??= setTimeout(() => stop('SIGKILL'), KILL_AFTER_MS);
    };
    // setTimeout takes at most 2^31 - 1 ms (24.8 days); a longer --timeout at a low speed waits that long.
    const timer = setTimeout(
      () => {
        timedOut = true;
        options.onTimeout?.();
        stopNow();
      },
      Math.min(options.timeoutRealMs, MAX_TIMER_MS),
    );
    const forward = () => stopNow();
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.stdout.on('data', (chunk: Buffer) => {
      options.out.write(chunk);
      keep(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      options.err.write(chunk);
      keep(chunk);
    });
    const done = () => {
      clearTimeout(timer);
      if (killer) clearTimeout(killer);
      process.removeListener('SIGINT', forward);
      process.removeListener('SIGTERM', forward);
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      done();
      log.end();
      reject(new ClientStartError(`cannot start ${file}: ${error.code === 'ENOENT' ? 'not found' : error.message}`));
    });
    child.on('close', (exitCode, signal) => {
      done();
      log.end(() => resolve({ exitCode, signal, timedOut, realSeconds: (performance.now() - startedMs) / 1000 }));
    });
  });
}
