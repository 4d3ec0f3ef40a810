/** A test file's temp dir and the child processes it starts, both gone when the file's tests end (SIGKILL any left). */
import { after } from 'node:test';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tempDirWithChildren(prefix: string): { dir: string; children: ChildProcess[] } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const children: ChildProcess[] = [];
  after(() => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  return { dir, children };
}
