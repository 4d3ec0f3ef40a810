/** report.md and the terminal table. */
import type { RunResults, StrategyResult } from './results.ts';
import { thresholdsMarkdown } from './thresholds.ts';
import { tokenSentence } from './tokens.ts';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const num = (x: number, digits = 2) => x.toFixed(digits);

/**
 * The headline: trade-level outcomes first (what a JMeter run reports after its own retries: trades
 * failed by a 409), then the request-level 409 rate, amplification and world-time latencies.
 */
const COLUMNS: Array<[string, (r: StrategyResult) => string]> = [
  ['strategy', (r) => r.strategy],
  ['trades', (r) => String(r.trades)],
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
    `# ${results.scenario}: retry strategies compared`,
    '',
    `- run: \`${results.runId}\` (${results.kind}), started ${results.startedAt}`,
    `- seed: ${results.seed}; git commit: \`${results.gitCommit}\``,
    `- load: ${num(results.load.tradesPerSecond, 3)} trades per world-s ` +
      `for ${results.load.durationS} world-s; clock speed ${results.load.clockSpeed}x (a runtime knob: every duration here is world time)`,
    `- network: ${
      results.network?.roundTripMs
        ? `round trip ` +
          `median ${results.network.roundTripMs.medianMs} ms, p99 ${results.network.roundTripMs.p99Ms} ms (world)`
        : 'no modelled latency'
    }`,
    `- tools: ${Object.entries(results.tools)
      .map(([k, v]) => `${k} ${v}`)
      .join('; ')}`,
    ...clientsLine(results),
    '',
    ...tokenLines(results),
    `## Client view (${results.kind === 'sim' ? 'simulator' : 'k6'}${results.dialect ? `, ${results.dialect}` : ''})`,
    '',
    comparisonTable(results),
    '',
    'failed by 409 = trades not applied whose last write was answered 409 (the trade-level conflict rate a ' +
      ('JMeter run reports after its retries); 409s/write = 409 answers / write requests; req/trade counts reads ' +
        'too; round trip = what the clients saw, world ms.'),
    '',
    ...failedOtherSection(results),
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
    '## Strategies',
    '',
    ...results.strategies.map((r) => `- **${r.strategy}**: ${r.origin}${definitionLine(r)}`),
    '',
  ].join('\n');
}

/** The load's OAuth clients and the mock's rate limits, when the run recorded them. */
function clientsLine(results: RunResults): string[] {
  if (results.rateLimits === undefined && results.load.clients === undefined) return [];
  const limits = results.rateLimits
    ? `rate limits ${results.rateLimits.perTokenPerMinute} requests/min per token, ` +
      `${results.rateLimits.perUserTradeWritesPerMinute} trade writes/min per user (world minutes)`
    : 'rate limits off';
  return [`- clients: ${results.load.clients ?? 1} OAuth client(s), the load spread over their tokens; ${limits}`];
}

/** The token sentence (tokens.ts), when a request met the per-token limit. */
function tokenLines(results: RunResults): string[] {
  const sentence = tokenSentence(results);
  return sentence === undefined ? [] : [...sentence.split('\n').map((line) => `**${line}**`), ''];
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
