/** report.md and the terminal table. */
import type { RunResults, StrategyResult } from './results.ts';
import { thresholdsMarkdown } from './thresholds.ts';
import { verdictOf } from './verdict.ts';
import { acrossSeedsTable } from './seeds-table.ts';
import { headerRows, windowLines } from './run-header.ts';
import { findingsMarkdown } from './findings.ts';
import { PARTITIONED_EXTRA_S } from '../scenario/spec.ts';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const num = (x: number, digits = 2) => x.toFixed(digits);

/**
 * The headline: trade-level outcomes first (what a JMeter run reports after its own retries: trades
 * failed by a 409), then the request-level 409 rate, amplification and world-time latencies.
 */
const COLUMNS: Array<[string, (r: StrategyResult) => string]> = [
  ['strategy', (r) => r.strategy],
  ['trades', (r) => `${r.trades}${r.droppedIterations > 0 ? ` (+${r.droppedIterations} never started)` : ''}`],
  ['applied', (r) => String(r.applied)],
  ['failed by 409', (r) => `${r.tradesFailedBy409} (${pct(r.tradeFailureRate409)})`],
  ['failed otherwise', (r) => `${r.tradesFailedOther}${causesCell(r.failedOtherByCause?.client)}`],
  ['409s/write', (r) => pct(r.conflictRate)],
  ['409s/trade', (r) => num(r.conflictsPerTrade)],
  ['req/trade', (r) => num(r.requestsPerTrade)],
  ['p95 outcome (world ms)', (r) => num(r.timeToOutcomeMs.p95, 0)],
  [
    'round trip p50/p95 (world ms)',
    (r) => (r.requestLatencyMs ? `${num(r.requestLatencyMs.p50, 0)}/${num(r.requestLatencyMs.p95, 0)}` : '-'),
  ],
];

/** " (429 token 970, 5xx 13)": the causes, most first; empty without any. */
function causesCell(causes: Readonly<Record<string, number>> | undefined): string {
  const text = causeList(causes);
  return text === '' ? '' : ` (${text})`;
}

function causeList(causes: Readonly<Record<string, number>> | undefined): string {
  return Object.entries(causes ?? {})
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([cause, n]) => `${cause} ${n}`)
    .join(', ');
}

/**
 * The strategy's full definition as inline text, recorded when the run was made (`sim --strategy
 * '<text>'` reruns exactly it): the report reads results only. Older results.json files without the
 * text show the definition as JSON, or nothing.
 */
function definitionLine(r: StrategyResult): string {
  if (r.definitionText !== undefined) return `\n  - definition: \`${r.definitionText}\``;
  return r.definition ? `\n  - definition: \`${JSON.stringify(r.definition)}\`` : '';
}

export function comparisonTable(results: RunResults): string {
  const header = `| ${COLUMNS.map(([name]) => name).join(' | ')} |`;
  const rule = `|${COLUMNS.map(() => '---').join('|')}|`;
  const rows = results.strategies.map((r) => `| ${COLUMNS.map(([, cell]) => cell(r)).join(' | ')} |`);
  return [header, rule, ...rows].join('\n');
}

export function renderMarkdown(results: RunResults): string {
  const truth = results.strategies.map((r) => {
    const causes =
      Object.entries(r.server.rejections)
        .map(([cause, n]) => `${cause}: ${n}`)
        .join(', ') || 'none';
    return (
      `| ${r.strategy} | ${r.server.tradesApproved} | ${r.server.conflicts409} | ${r.server.shiftsTradedTwice} | ` +
      `${r.server.duplicateTrades} | ${r.server.lostUpdates} | ${r.server.nonMonotonicVersions} | ${r.server.falseFailures} | ${causes} |`
    );
  });
  return [
    `# ${results.scenario}: ${titleOf(results)}`,
    '',
    ...(hasVerdict(results) ? [verdictOf(results).paragraph, ''] : []),
    ...headerRows(results).map(([label, value]) => `- ${label}: ${value}`),
    '',
    ...windowsSection(results),
    ...acrossSeedsTable(results),
    `## ${viewTitle(results)}`,
    '',
    comparisonTable(results),
    '',
    tableNote(results),
    '',
    ...failedOtherSection(results),
    ...findingsMarkdown(results),
    ...thresholdsMarkdown(results),
    '## Server truth (mock audit)',
    '',
    '| strategy | approved | 409s | shifts traded twice | duplicate trades | lost updates | non-monotonic ' +
      'versions | false failures | refusals by cause |',
    '|---|---|---|---|---|---|---|---|---|',
    ...truth,
    '',
    ...duplicatesSection(results),
    ...mixSection(results),
    results.kind === 'observe' ? '## Rows' : '## Strategies',
    '',
    ...results.strategies.map((r) => `- **${r.strategy}**: ${r.origin}${definitionLine(r)}`),
    '',
  ].join('\n');
}

/** "failed otherwise" by cause, from the client's view and the server's (present when a trade failed otherwise). */
function failedOtherSection(results: RunResults): string[] {
  const rows = results.strategies.filter((r) => r.failedOtherByCause);
  if (rows.length === 0) return [];
  return [
    '## Failed otherwise, by cause',
    '',
    '| strategy | failed otherwise | client view (last answer) | server view (last refusal or lost answer) |',
    '|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.strategy} | ${r.tradesFailedOther} | ${causeList(r.failedOtherByCause?.client)} | ` +
        `${causeList(r.failedOtherByCause?.server)} |`,
    ),
    '',
    'client view: the last unsuccessful answer each trade got (429 token, 429 user, 5xx, timeout, closed connection, ' +
      '400 rule, …); server view: what the mock last refused the same trade with, or did with an answer that never ' +
      'arrived ("200 dropped": the write landed, the answer was lost). docs/reports.md "Failed otherwise, by cause".',
    '',
  ];
}

/** What the report compares: strategies (sim, k6), or one client judged by the server (observe). */
export function titleOf(results: RunResults): string {
  return results.kind === 'observe'
    ? `${results.strategies[0]?.strategy ?? 'a client'} judged by the server's truth`
    : 'retry strategies compared';
}

/** A verdict picks among strategies: an observed run has one only when the simulator's presets stand beside it. */
export function hasVerdict(results: RunResults): boolean {
  return results.kind !== 'observe' || results.observe?.presetsFromSimulator === true;
}

/** Whose view the table is: the clients' (sim, k6) or the server's (observe). */
export function viewTitle(results: RunResults): string {
  const dialect = results.dialect ? `, ${results.dialect}` : '';
  const seed = results.seeds ? `, seed ${results.seed}` : '';
  if (results.kind === 'sim') return `Client view (simulator${dialect}${seed})`;
  if (results.kind === 'k6') return `Client view (k6${dialect}${seed})`;
  const presets = results.observe?.presetsFromSimulator ? '; the rows after the first: simulator presets' : '';
  return `Server-truth view (profile ${results.dialect ?? '?'}${presets})`;
}

/** What the table's columns mean; round trip is the clients' in sim and k6, the server's part in observe. */
export function tableNote(results: RunResults): string {
  const roundTrip =
    results.kind === 'observe'
      ? "round trip = the server's part of it (arrival to answer: the modelled network and handling), world ms"
      : 'round trip = what the clients saw, world ms';
  const neverStarted = results.strategies.some((r) => r.droppedIterations > 0)
    ? ' never started = planned swaps no client began: an arrival that found no free VU (maxVUs), or, under a ' +
      `partitioning strategy, a swap still queued when the run's window (load + ${PARTITIONED_EXTRA_S} world-s) closed; ` +
      'the verdict counts them as not applied.'
    : '';
  return (
    'failed by 409 = trades not applied whose last write was answered 409 (the trade-level conflict rate a ' +
    `JMeter run reports after its retries); 409s/write = 409 answers / write requests; req/trade counts reads too; ${roundTrip}.` +
    neverStarted
  );
}

/** Only for runs whose legacy export repeats ids (migration-cutover): what the duplicates cost. */
function duplicatesSection(results: RunResults): string[] {
  const rows = results.strategies.filter((r) => r.legacyDuplicates);
  if (rows.length === 0) return [];
  return [
    '## Duplicate legacy ids (the export sends some swaps twice)',
    '',
    '| strategy | ids sent twice | extra sends | extra sends applied | their requests | their 409s | duplicate trades on the server |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((r) => {
      const d = r.legacyDuplicates as NonNullable<StrategyResult['legacyDuplicates']>;
      return (
        `| ${r.strategy} | ${d.idsSentTwice} | ${d.extraSends} | ${d.extraApplied} | ${d.extraRequests} | ${d.extraConflicts} | ` +
        `${r.server.duplicateTrades} |`
      );
    }),
    '',
  ];
}

/** Only for runs with a tradeMix (simulator): trades and applied by kind, and where the server left them. */
function mixSection(results: RunResults): string[] {
  const rows = results.strategies.filter((r) => r.tradesByKind);
  if (rows.length === 0) return [];
  const kinds = ['swap', 'one-sided', 'cancel'];
  const cell = (r: StrategyResult, kind: string) => `${r.appliedByKind?.[kind] ?? 0}/${r.tradesByKind?.[kind] ?? 0}`;
  const states = (r: StrategyResult) =>
    Object.entries(r.server.tradesByState ?? {})
      .map(([state, n]) => `${state}: ${n}`)
      .join(', ') || '-';
  return [
    '## Trade mix (applied/started by kind)',
    '',
    `| strategy | ${kinds.join(' | ')} | server trades by state |`,
    `|---|${kinds.map(() => '---').join('|')}|---|`,
    ...rows.map((r) => `| ${r.strategy} | ${kinds.map((kind) => cell(r, kind)).join(' | ')} | ${states(r)} |`),
    '',
    'swap: applied = approved; one-sided: applied = offered, left Unmatched; cancel: applied = canceled by its ' +
      'initiator (docs/scenarios.md "Trade mix").',
    '',
  ];
}

/** The mock's pressure windows during the run, in the scenario's zone with UTC beside. */
function windowsSection(results: RunResults): string[] {
  const lines = windowLines(results);
  if (lines.length === 0) return [];
  return ['## Pressure windows', '', ...lines.map((line) => `- ${line}`), ''];
}
