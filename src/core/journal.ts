/**
 * The sync journal: what a migration run knows about each legacy swap, so a run killed at any point can
 * be started again without creating a trade twice. Pure (a port plus the line format); the file
 * implementation is src/adapters/node/journal-file.ts.
 *
 * One JSON object per line, append-only. Per legacy id the states go
 *   intent (the create is about to be sent; it may or may not land) → created (trade id known)
 *   → applied | failed (reason)
 * and a run that gives up writes nothing, so the next run resumes from the last state.
 */

export type JournalState = 'intent' | 'created' | 'applied' | 'failed';

export const JOURNAL_STATES: readonly JournalState[] = ['intent', 'created', 'applied', 'failed'];

export interface JournalEntry {
  legacyId: string;
  state: JournalState;
  tradeId?: string;
  reason?: string;
}

export interface Journal {
  /** The latest state of a legacy id, with the trade id if any entry had one. */
  get(legacyId: string): JournalEntry | undefined;
  /**
   * Record an entry durably before returning (the file adapter writes and fsyncs synchronously). A plain
   * call, not an effect: the workflow makes it before its next network write, so the journal is never
   * behind the server by more than the one write in flight.
   */
  append(entry: JournalEntry): void;
}

export class JournalFormatError extends Error {
  constructor(
    readonly line: number,
    problem: string,
  ) {
    super(`journal line ${line}: ${problem}`);
    this.name = 'JournalFormatError';
  }
}

/** One line of the journal file, newline included. Extra fields (e.g. `at`) are kept for humans. */
export function encodeJournalLine(entry: JournalEntry, extra: Record<string, string> = {}): string {
  return `${JSON.stringify({ ...entry, ...extra })}\n`;
}

function toEntry(value: unknown): JournalEntry | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const v = value as Record<string, unknown>;
  if (typeof v['legacyId'] !== 'string' || v['legacyId'] === '') return 'legacyId must be a non-empty string';
  if (!JOURNAL_STATES.includes(v['state'] as JournalState)) return `state must be one of ${JOURNAL_STATES.join(', ')}`;
  if (v['tradeId'] !== undefined && typeof v['tradeId'] !== 'string') return 'tradeId must be a string';
  if (v['reason'] !== undefined && typeof v['reason'] !== 'string') return 'reason must be a string';
  const entry: JournalEntry = { legacyId: v['legacyId'], state: v['state'] as JournalState };
  if (typeof v['tradeId'] === 'string') entry.tradeId = v['tradeId'];
  if (typeof v['reason'] === 'string') entry.reason = v['reason'];
  return entry;
}

export interface ParsedJournal {
  entries: JournalEntry[];
  /**
   * A last line that is not a whole entry: the write was cut short (SIGKILL, power loss). It was never
   * acknowledged, so it is ignored; `keepBytes` is where the intact part of the text ends.
   */
  tornTail?: { line: number; bytes: number; keepBytes: number };
}

/**
 * Read journal text. A torn last line is ignored and reported; a bad line anywhere else is corruption
 * and throws JournalFormatError naming the line (nothing is guessed).
 */
export function parseJournal(text: string): ParsedJournal {
  const entries: JournalEntry[] = [];
  let offset = 0;
  let lineNo = 0;
  while (offset < text.length) {
    const end = text.indexOf('\n', offset);
    const last = end === -1;
    const raw = text.slice(offset, last ? text.length : end);
    lineNo++;
    const problem = raw.trim() === '' ? undefined : lineProblem(raw, entries);
    const next = last ? text.length : end + 1;
    if (problem !== undefined) {
      if (last || text.slice(next).trim() === '') {
        return {
          entries,
          tornTail: {
            line: lineNo,
            bytes: utf8Length(text.slice(offset)),
            keepBytes: utf8Length(text.slice(0, offset)),
          },
        };
      }
      throw new JournalFormatError(lineNo, problem);
    }
    offset = next;
  }
  return { entries };
}

function lineProblem(raw: string, into: JournalEntry[]): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return 'not valid JSON';
  }
  const entry = toEntry(value);
  if (typeof entry === 'string') return entry;
  into.push(entry);
  return undefined;
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * The latest state per legacy id. `applied` is final (a later line cannot undo it), and a trade id, once
 * known, is carried forward.
 */
export function foldJournal(entries: readonly JournalEntry[]): Map<string, JournalEntry> {
  const state = new Map<string, JournalEntry>();
  for (const entry of entries) foldEntry(state, entry);
  return state;
}

/** Apply one entry to the folded state (what foldJournal does per line). */
export function foldEntry(state: Map<string, JournalEntry>, entry: JournalEntry): void {
  const previous = state.get(entry.legacyId);
  if (previous?.state === 'applied') return;
  const next: JournalEntry = { ...entry };
  if (next.tradeId === undefined && previous?.tradeId !== undefined) next.tradeId = previous.tradeId;
  state.set(entry.legacyId, next);
}

/** An in-memory journal (tests, simulator): same folding rules as the file. */
export function memoryJournal(initial: readonly JournalEntry[] = []): Journal & { readonly entries: JournalEntry[] } {
  const entries = [...initial];
  const folded = foldJournal(entries);
  return {
    entries,
    get: (legacyId) => folded.get(legacyId),
    append(entry) {
      entries.push({ ...entry });
      foldEntry(folded, entry);
    },
  };
}
