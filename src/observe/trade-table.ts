/**
 * The per-trade records as files a user reads: trades.csv (every record, one row each) and report.md's
 * "Trades" table (the records most worth a look first: not applied, then the most requests), with each
 * record's requests by route and answer, 409s by cause, 429s, 5xx, what it did wrong and its outcome.
 */
import { stringify } from 'csv-stringify/sync';
import type { ObservedTrade } from './records.ts';

/** Rows report.md shows (count); trades.csv has them all. */
export const TABLE_ROWS_MAX = 40;

/** "POST /managementunits/{id}/weeks/{id}/shifttrades/{id}/match" → "POST …/{id}/match". */
function compactRoute(route: string): string {
  const [method, path = ''] = route.split(' ');
  const parts = path.split('/').filter((p) => p !== '');
  return `${method} ${parts.length > 2 ? '…/' : '/'}${parts.slice(-2).join('/')}`;
}

/** "POST …/{id}/match 409×2 200" per route, in the order the record met them. */
export function routesText(record: ObservedTrade): string {
  return Object.entries(record.byRoute)
    .map(
      ([route, byStatus]) =>
        `${compactRoute(route)} ${Object.entries(byStatus)
          .map(([status, n]) => (n === 1 ? status : `${status}×${n}`))
          .join(' ')}`,
    )
    .join('; ');
}

function causesText(record: ObservedTrade): string {
  return Object.entries(record.conflictsByCause)
    .map(([cause, n]) => `${cause}×${n}`)
    .join(' ');
}

const short = (id: string | undefined) => (id === undefined ? '' : id.length > 13 ? `${id.slice(0, 8)}…` : id);

/** Not applied first (the ones a user asks about), then by requests, most first. */
function worthALook(records: readonly ObservedTrade[]): ObservedTrade[] {
  return [...records].sort(
    (a, b) =>
      Number(a.outcome === 'applied') - Number(b.outcome === 'applied') ||
      b.requests - a.requests ||
      a.firstMs - b.firstMs,
  );
}

export function tradesMarkdown(records: readonly ObservedTrade[]): string[] {
  if (records.length === 0) return ['## Trades', '', 'The server saw no trade.', ''];
  const shown = worthALook(records).slice(0, TABLE_ROWS_MAX);
  return [
    `## Trades (${shown.length} of ${records.length}: not applied first; every one in trades.csv)`,
    '',
    '| trade | legacy id | agents | outcome | requests by route and answer | 409s by cause | 429 | 5xx | ' +
      'Retry-After ignored | stale re-sends | to outcome (world s) |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...shown.map(
      (r) =>
        `| ${r.tradeId ? short(r.tradeId) : r.key} | ${r.legacyId ?? ''} | ` +
        `${short(r.initiatingAgentId)} → ${short(r.receivingAgentId)} | ` +
        `${r.outcome}${r.duplicateOf ? ` of ${short(r.duplicateOf)}` : ''} | ${routesText(r)} | ${causesText(r)} | ` +
        `${r.rateLimited} | ` +
        `${r.serverErrors} | ${r.retryAfterIgnored} | ${r.staleResends} | ${(r.timeToOutcomeMs / 1000).toFixed(1)} |`,
    ),
    '',
  ];
}

export function tradesCsv(records: readonly ObservedTrade[]): string {
  const header = [
    'key',
    'trade_id',
    'legacy_id',
    'initiating_agent',
    'receiving_agent',
    'initiating_shift',
    'receiving_shift',
    'state',
    'outcome',
    'duplicate_of',
    'requests',
    'reads',
    'writes',
    'conflicts_409',
    'rate_limited_429',
    'server_errors_5xx',
    'retry_after_ignored',
    'stale_resends',
    'last_write',
    'first_utc',
    'time_to_outcome_ms',
    'first_to_last_request_ms',
    'requests_by_route',
    'conflicts_by_cause',
  ];
  const rows = records.map((r) => [
    r.key,
    r.tradeId ?? '',
    r.legacyId ?? '',
    r.initiatingAgentId ?? '',
    r.receivingAgentId ?? '',
    r.initiatingShiftId ?? '',
    r.receivingShiftId ?? '',
    r.state ?? '',
    r.outcome,
    r.duplicateOf ?? '',
    r.requests,
    r.reads,
    r.writes,
    Object.values(r.conflictsByCause).reduce((sum, n) => sum + n, 0),
    r.rateLimited,
    r.serverErrors,
    r.retryAfterIgnored,
    r.staleResends,
    r.lastWrite ? `${r.lastWrite.route} ${r.lastWrite.status}${r.lastWrite.cause ? ` ${r.lastWrite.cause}` : ''}` : '',
    new Date(r.firstMs).toISOString(),
    r.timeToOutcomeMs,
    r.firstToLastMs,
    JSON.stringify(r.byRoute),
    JSON.stringify(r.conflictsByCause),
  ]);
  return stringify([header, ...rows]);
}

/** report.md's section on requests no rule tied to a trade, by reason and route. */
export function unattributedMarkdown(unattributed: {
  requests: number;
  byReason: Record<string, number>;
  byRoute: Record<string, number>;
}): string[] {
  if (unattributed.requests === 0) return [];
  return [
    `## Unattributed requests (${unattributed.requests}: counted in every total, tied to no trade)`,
    '',
    '| reason | requests |',
    '|---|---|',
    ...Object.entries(unattributed.byReason).map(([reason, n]) => `| ${reason} | ${n} |`),
    '',
    '| route | requests |',
    '|---|---|',
    ...Object.entries(unattributed.byRoute).map(([route, n]) => `| \`${route}\` | ${n} |`),
    '',
  ];
}
