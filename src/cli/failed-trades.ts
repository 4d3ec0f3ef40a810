/**
 * A k6 run's unapplied trades, trade by trade: each VU logs its trade's last answer (k6/lib/swaps.ts,
 * a console line after FAILED_TRADE_LOG, kept by `--console-output`), and the listening mock's request
 * journal holds what the server did with that trade's requests. Joined here, they give what a
 * `sim --trace` run gives: the server's view of why each trade that failed otherwise failed (its last
 * refusal or lost answer) and trace lines `explain` reads. A trade the journal no longer holds (a ring of
 * the last 50,000 requests) is counted as such, never guessed.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { JournalEntry } from '../../mock-server/http/request-journal.ts';
import { FAILED_TRADE_LOG_PREFIX } from '../report/failed-trade.ts';
import type { FailedTradeRecord } from '../report/failed-trade.ts';
import type { TraceLine } from '../report/trace-line.ts';
import { failedBy409 } from '../core/ports.ts';
import type { TradeOutcomeStatus } from '../core/ports.ts';

/** The records in k6 console files (logfmt: `msg="wfm-failed-trade {…}"`, Go-quoted). */
export function readFailedTrades(paths: readonly string[]): FailedTradeRecord[] {
  const records: FailedTradeRecord[] = [];
  for (const path of paths) {
    if (!existsSync(path)) continue;
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      const quoted = /msg="((?:[^"\\]|\\.)*)"/.exec(line)?.[1];
      const message = quoted === undefined ? line : (JSON.parse(`"${quoted}"`) as string);
      if (message.startsWith(FAILED_TRADE_LOG_PREFIX))
        records.push(JSON.parse(message.slice(FAILED_TRADE_LOG_PREFIX.length)) as FailedTradeRecord);
    }
  }
  return records;
}

/** The journal's entries of one trade: by its legacy id (the create's header) or its trade id (the paths). */
export class TradeJournal {
  private readonly byKey = new Map<string, JournalEntry[]>();

  constructor(entries: readonly JournalEntry[]) {
    for (const entry of entries) {
      for (const key of [entry.legacyId, entry.tradeId]) {
        if (key === undefined) continue;
        const list = this.byKey.get(key);
        if (list) list.push(entry);
        else this.byKey.set(key, [entry]);
      }
    }
  }

  of(record: Pick<FailedTradeRecord, 'legacyId' | 'tradeId'>): JournalEntry[] {
    const found = new Map<number, JournalEntry>();
    for (const key of [record.legacyId, record.tradeId])
      for (const entry of key === undefined ? [] : (this.byKey.get(key) ?? [])) found.set(entry.seq, entry);
    return [...found.values()].sort((a, b) => a.seq - b.seq);
  }
}

/** "429 rate:token", "200 dropped", "reset", "hang": the same labels as the simulator's (src/sim/served-note.ts). */
function entryLabel(entry: JournalEntry): string {
  if (entry.status === 0) return entry.cause ?? 'no answer';
  return entry.cause === undefined ? String(entry.status) : `${entry.status} ${entry.cause}`;
}

/** The server's view of a failed trade: its last refusal or lost answer, as the journal holds it. */
export function serverViewOf(entries: readonly JournalEntry[]): string {
  if (entries.length === 0) return 'not in the journal';
  const failures = entries.filter((e) => e.status === 0 || e.status >= 300 || e.cause !== undefined);
  const last = failures.at(-1);
  return last === undefined ? 'no refusal' : entryLabel(last);
}

/** The journal's cause in the words explain reads (VERSION_MISMATCH, RESOURCE_LOCKED), else as the mock names it. */
function traceCause(entry: JournalEntry): string | undefined {
  if (entry.cause === undefined) return undefined;
  if (entry.cause === 'version') return 'VERSION_MISMATCH';
  if (entry.cause.startsWith('locked:')) return 'RESOURCE_LOCKED';
  return entry.cause;
}

/** Trace lines of one failed trade: its requests as the server journaled them, then its outcome as the VU told it. */
export function traceLinesOf(record: FailedTradeRecord, entries: readonly JournalEntry[]): TraceLine[] {
  const lines: TraceLine[] = entries.map((entry) => {
    const utc = new Date(entry.atMs).toISOString();
    const line: TraceLine = {
      type: 'request',
      worldUtc: utc,
      sentUtc: utc,
      legacyId: record.legacyId,
      strategy: record.strategy,
      method: entry.method,
      // "POST /api/v2/…/shifttrades/:tradeId/match" as the simulator's trace writes it: ids as {id}.
      route: entry.route.replace(/^[A-Z]+ /, '').replace(/:[A-Za-z]+/g, '{id}'),
      status: entry.status,
    };
    const cause = traceCause(entry);
    if (cause !== undefined) line.cause = cause;
    if (entry.tradeId !== undefined) line.tradeId = entry.tradeId;
    if (entry.versionSent !== undefined) line.versionSent = entry.versionSent;
    return line;
  });
  const endUtc = lines.at(-1)?.worldUtc ?? new Date(0).toISOString();
  lines.push({
    type: 'outcome',
    worldUtc: endUtc,
    legacyId: record.legacyId,
    strategy: record.strategy,
    outcome: record.outcome,
    durationMs: record.durationMs,
    requests: record.requests,
    lastWriteStatus: record.lastWriteStatus,
    cause: record.cause,
  });
  return lines;
}

/**
 * A k6 run's unapplied trades from its console files and the mock's journal: the server's view of those
 * that failed otherwise (not failed by a 409), by cause, and the trace lines of every one of them.
 */
export function failedTradesOf(
  consolePaths: readonly string[],
  journal: readonly JournalEntry[],
): { serverCauses: Record<string, number>; trace: TraceLine[] } {
  const records = readFailedTrades(consolePaths);
  const byTrade = new TradeJournal(journal);
  const serverCauses: Record<string, number> = {};
  const trace: TraceLine[] = [];
  for (const record of records) {
    const entries = byTrade.of(record);
    trace.push(...traceLinesOf(record, entries));
    if (record.outcome === 'applied' || failedBy409(record.outcome as TradeOutcomeStatus, record.lastWriteStatus))
      continue;
    const label = serverViewOf(entries);
    serverCauses[label] = (serverCauses[label] ?? 0) + 1;
  }
  return { serverCauses, trace };
}
