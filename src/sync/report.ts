/**
 * What `wfm-harness sync` tells its user: a progress line on stderr while it runs, then a reconciliation
 * table (one row per trade: applied, already present, failed with the reason, gave up, not started) and
 * a JSON summary written next to the journal.
 */
import type { TradePlan } from '../core/trade-plan.ts';
import { isOutcomeUnknown, reasonText } from '../core/outcome-reason.ts';
import type { TradeResult } from '../core/workflow.ts';
import type { SyncTotals } from './run.ts';

/**
 * 'outcome unknown': the run gave up not knowing whether a write landed (the trade may be on the server,
 * ours); act on it only after a run that can read has resolved it (exit 3).
 */
export type ReconciliationStatus =
  'applied' | 'already present' | 'failed' | 'gave up' | 'outcome unknown' | 'not started';

/** Every status at 0, in the order the table's footer lists them. */
function zeroCounts(): Record<ReconciliationStatus, number> {
  return { applied: 0, 'already present': 0, failed: 0, 'gave up': 0, 'outcome unknown': 0, 'not started': 0 };
}

export interface ReconciliationRow {
  legacyId: string;
  status: ReconciliationStatus;
  tradeId?: string;
  reason?: string;
  requests: number;
}

export function statusOf(result: TradeResult | undefined): ReconciliationStatus {
  if (!result) return 'not started';
  if (result.outcome === 'applied') return result.alreadyPresent ? 'already present' : 'applied';
  if (result.outcome === 'failed') return 'failed';
  return isOutcomeUnknown(result.reason) ? 'outcome unknown' : 'gave up';
}

export function reconcile(
  plans: readonly TradePlan[],
  results: ReadonlyArray<TradeResult | undefined>,
): ReconciliationRow[] {
  return plans.map((plan, i) => {
    const result = results[i];
    const row: ReconciliationRow = {
      legacyId: plan.legacyId,
      status: statusOf(result),
      requests: result?.requests ?? 0,
    };
    if (result?.tradeId !== undefined) row.tradeId = result.tradeId;
    const reason = result && reasonOf(result);
    if (reason !== undefined) row.reason = reason;
    return row;
  });
}

/** A row's reason in words; a trade the final read confirmed says what the run had given up on. */
function reasonOf(result: TradeResult): string | undefined {
  const text = result.reason === undefined ? undefined : reasonText(result.reason);
  if (!result.confirmedByFinalRead) return text;
  return `confirmed Approved by the final read (the run had given up: ${text ?? 'no answer'})`;
}

export function countByStatus(rows: readonly ReconciliationRow[]): Record<ReconciliationStatus, number> {
  const counts = zeroCounts();
  for (const row of rows) counts[row.status]++;
  return counts;
}

/** Success means every trade is on the server: applied now or by an earlier run. */
export function allApplied(rows: readonly ReconciliationRow[]): boolean {
  return rows.every((row) => row.status === 'applied' || row.status === 'already present');
}

export function reconciliationTable(rows: readonly ReconciliationRow[]): string {
  const header = ['legacy id', 'status', 'trade id', 'requests', 'reason'];
  const cells = rows.map((r) => [r.legacyId, r.status, r.tradeId ?? '-', String(r.requests), r.reason ?? '']);
  const widths = header.map((h, c) => Math.max(h.length, ...cells.map((row) => (row[c] ?? '').length)));
  const line = (row: string[]) =>
    row
      .map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c] ?? 0)))
      .join('  ')
      .trimEnd();
  const counts = countByStatus(rows);
  const total = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
  return [
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...cells.map(line),
    '',
    `${rows.length} trades: ${total}`,
  ].join('\n');
}

export interface SyncSummary {
  command: 'sync';
  input: string;
  journal: string;
  baseUrl: string;
  strategy: string;
  dialect: string;
  concurrency: number;
  /** OAuth clients (logins) the workers were spread over. */
  clients: number;
  seed: number;
  gitCommit: string;
  startedAt: string;
  durationMs: number;
  ok: boolean;
  counts: Record<ReconciliationStatus, number>;
  totals: SyncTotals & { logins: number };
  journalOnOpen: { entries: number; tornLastLine?: { line: number; bytes: number } };
  trades: ReconciliationRow[];
}

/** The summary file of a journal: `x.journal.jsonl` → `x.journal.summary.json`. */
export function summaryPathOf(journalPath: string): string {
  return `${journalPath.replace(/\.jsonl$/i, '')}.summary.json`;
}

/** Progress on stderr: one line updated in place on a terminal, a line every few seconds otherwise. */
export class ProgressLine {
  private done = 0;
  private readonly counts = zeroCounts();
  private lastPrintMs = -Infinity;

  constructor(
    private readonly total: number,
    private readonly out: { write(text: string): unknown; isTTY?: boolean },
    private readonly nowMs: () => number,
    private readonly startedMs = nowMs(),
  ) {}

  add(result: TradeResult): void {
    this.done++;
    this.counts[statusOf(result)]++;
    const interval = this.out.isTTY ? 100 : 5_000;
    if (this.done === this.total || this.nowMs() - this.lastPrintMs >= interval) this.print();
  }

  text(): string {
    const width = 20;
    const filled = this.total === 0 ? width : Math.round((this.done / this.total) * width);
    const c = this.counts;
    const seconds = ((this.nowMs() - this.startedMs) / 1000).toFixed(0);
    return (
      `sync [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${this.done}/${this.total}  applied ${c.applied}  ` +
      `present ${c['already present']}  failed ${c.failed}  gave up ${c['gave up']}  unknown ${c['outcome unknown']}  ` +
      `${seconds}s`
    );
  }

  print(): void {
    this.lastPrintMs = this.nowMs();
    this.out.write(this.out.isTTY ? `\r\x1b[2K${this.text()}` : `${this.text()}\n`);
  }

  /** End the in-place line so what follows starts on a fresh one. */
  end(): void {
    if (this.out.isTTY) this.out.write('\n');
  }
}
