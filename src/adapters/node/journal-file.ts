/**
 * The sync journal as a file (src/core/journal.ts has the format): JSON lines, append-only, each line
 * written with one writeSync and fsync'd before append() returns, so the workflow's next network write
 * happens only once the line is on disk. A torn last line (the process was killed mid-write) is cut off
 * and reported; a bad line anywhere else stops the run. A lock file (`<journal>.lock`, holding the pid)
 * keeps two runs off one journal; a lock left by a killed run is taken over.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import type { Journal, JournalEntry } from '../../core/journal.ts';
import { encodeJournalLine, foldEntry, foldJournal, parseJournal } from '../../core/journal.ts';
import { INPUT_CAPS_BYTES, readInputText } from '../../input/bounded-read.ts';

export interface FileJournal extends Journal {
  readonly path: string;
  /** Entries read when the journal was opened. */
  readonly entriesRead: number;
  /** Set when the last line was torn and has been cut off: which line and how many bytes. */
  readonly tornTail: { line: number; bytes: number } | undefined;
  /** Every legacy id's latest state. */
  snapshot(): JournalEntry[];
  close(): void;
}

export interface FileJournalOptions {
  /** Wall clock for the `at` field of each line (for humans; resume never reads it). */
  now?: () => Date;
}

export function openFileJournal(path: string, options: FileJournalOptions = {}): FileJournal {
  const lockPath = `${path}.lock`;
  takeLock(lockPath);
  try {
    const text = existsSync(path) ? readInputText(path, INPUT_CAPS_BYTES.journal) : undefined;
    const parsed = parseJournal(text ?? '');
    const fd = openSync(path, 'a');
    if (text === undefined) fsyncDir(dirname(path));
    if (parsed.tornTail) {
      ftruncateSync(fd, parsed.tornTail.keepBytes);
      fsyncSync(fd);
    } else if (text !== undefined && text.length > 0 && !text.endsWith('\n')) {
      // An intact last entry whose newline did not make it: finish the line.
      writeSync(fd, '\n');
      fsyncSync(fd);
    }
    const state = foldJournal(parsed.entries);
    const now = options.now ?? (() => new Date());
    let open = true;
    return {
      path,
      entriesRead: parsed.entries.length,
      tornTail: parsed.tornTail ? { line: parsed.tornTail.line, bytes: parsed.tornTail.bytes } : undefined,
      get: (legacyId) => state.get(legacyId),
      append(entry) {
        if (!open) throw new Error(`journal ${path} is closed`);
        writeSync(fd, encodeJournalLine(entry, { at: now().toISOString() }));
        fsyncSync(fd);
        foldEntry(state, entry);
      },
      snapshot: () => [...state.values()],
      close() {
        if (!open) return;
        open = false;
        closeSync(fd);
        releaseLock(lockPath);
      },
    };
  } catch (error) {
    releaseLock(lockPath);
    throw error;
  }
}

function takeLock(lockPath: string): void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockPath, `${process.pid}\n`, { flag: 'wx' });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(readInputText(lockPath, INPUT_CAPS_BYTES.small).trim());
      if (Number.isInteger(pid) && pid > 0 && (pid === process.pid || alive(pid))) {
        throw new Error(
          `journal is in use by process ${pid} (${lockPath}); two runs on one journal could create a trade twice ` +
            `(delete the lock file only if no run is active)`,
        );
      }
      unlinkSync(lockPath); // left by a run that was killed
    }
  }
  throw new Error(`could not take the journal lock ${lockPath}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function releaseLock(lockPath: string): void {
  try {
    if (readInputText(lockPath, INPUT_CAPS_BYTES.small).trim() === String(process.pid)) unlinkSync(lockPath);
  } catch {
    // already gone
  }
}

/** Make a new file's directory entry durable too (Linux; a no-op where directories cannot be opened). */
function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // not supported here
  }
}
