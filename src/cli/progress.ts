/**
 * A progress line on stderr: rewritten in place on a terminal; elsewhere (CI logs, pipes) one line at
 * most every `everyMs`, plus the last state when done, so a log shows the run moving without flooding.
 */
export interface Progress {
  update(text: string): void;
  done(): void;
}

export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

export function createProgress(
  stream: ProgressStream = process.stderr,
  everyMs = 5000,
  nowMs: () => number = () => performance.now(),
): Progress {
  let last = '';
  let printedAtMs = -Infinity;
  let printed = '';
  return {
    update(text) {
      last = text;
      if (stream.isTTY) {
        stream.write(`\r\x1b[K${text}`);
        printed = text;
      } else if (nowMs() - printedAtMs >= everyMs) {
        stream.write(`${text}\n`);
        printedAtMs = nowMs();
        printed = text;
      }
    },
    done() {
      if (stream.isTTY) {
        if (printed) stream.write('\n');
      } else if (last && last !== printed) stream.write(`${last}\n`);
      printed = '';
      last = '';
    },
  };
}

/** A line every `everyMs` while `work` runs (compare: k6 prints nothing we read until it ends). */
export async function whileRunning<T>(
  progress: Progress,
  line: (elapsedS: number) => string,
  work: Promise<T>,
  everyMs = 1000,
): Promise<T> {
  const startedMs = performance.now();
  progress.update(line(0));
  const timer = setInterval(() => progress.update(line((performance.now() - startedMs) / 1000)), everyMs);
  try {
    return await work;
  } finally {
    clearInterval(timer);
  }
}
