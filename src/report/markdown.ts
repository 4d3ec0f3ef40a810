/** report.md and the terminal table. */
import type { RunResults, StrategyResult } from './results.ts';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const num = (x: number, digits = 2) => x.toFixed(digits);

const COLUMNS: Array<[string, (r: StrategyResult) => string]> = [
  ['strategy', (r) => r.strategy],
  ['trades', (r) => String(r.trades)],
  ['applied', (r) => String(r.applied)],
  ['success', (r) => pct(r.successRate)],
  ['write req', (r) => String(r.writeRequests)],
  ['409s', (r) => String(r.conflicts)],
  ['conflict rate', (r) => pct(r.conflictRate)],
  ['409s/trade', (r) => num(r.conflictsPerTrade)],
  ['req/trade', (r) => num(r.requestsPerTrade)],
  ['p95 outcome ms', (r) => num(r.timeToOutcomeMs.p95, 0)],
];

export function comparisonTable(results: RunResults): string {
  const header = `| ${COLUMNS.map(([name]) => name).join(' | ')} |`;
  const rule = `|${COLUMNS.map(() => '---').join('|')}|`;
  const rows = results.strategies.map((r) => `| ${COLUMNS.map(([, cell]) => cell(r)).join(' | ')} |`);
  return [header, rule, ...rows].join('\n');
}

export function renderMarkdown(results: RunResults): string {
  const truth = results.strategies.map((r) => {
    const causes = Object.entries(r.server.rejections).map(([cause, n]) => `${cause}: ${n}`).join(', ') || 'none';
    return `| ${r.strategy} | ${r.server.tradesApproved} | ${r.server.conflicts409} | ${r.server.shiftsTradedTwice} | ${r.server.duplicateTrades} | ${r.server.lostUpdates} | ${r.server.nonMonotonicVersions} | ${r.server.falseFailures} | ${causes} |`;
  });
  return [
    `# ${results.scenario}: retry strategies compared`,
    '',
    `- run: \`${results.runId}\` (${results.kind}), started ${results.startedAt}`,
    `- seed: ${results.seed}; git commit: \`${results.gitCommit}\``,
    `- load: ${results.load.tradesPerSecond} trades/s for ${results.load.durationS} s; world clock ${results.load.clockSpeed}x`,
    `- tools: ${Object.entries(results.tools).map(([k, v]) => `${k} ${v}`).join('; ')}`,
    '',
    `## Client view (${results.kind === 'sim' ? 'simulator' : 'k6'}${results.dialect ? `, ${results.dialect}` : ''})`,
    '',
    comparisonTable(results),
    '',
    'conflict rate = 409 answers / write requests; success = trades applied / trades attempted; req/trade counts reads too.',
    '',
    '## Server truth (mock audit)',
    '',
    '| strategy | approved | 409s | shifts traded twice | duplicate trades | lost updates | non-monotonic versions | false failures | refusals by cause |',
    '|---|---|---|---|---|---|---|---|---|',
    ...truth,
    '',
    '## Strategies',
    '',
    ...results.strategies.map((r) => `- **${r.strategy}**: ${r.origin}`),
    '',
  ].join('\n');
}
