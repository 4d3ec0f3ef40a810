/** What `tune` prints: the Pareto front, the presets on the same terms, the recommendation, and --confirm's k6 check. */
import type { StrategyResult } from '../report/results.ts';
import { costOf, meets, successOf } from './score.ts';
import type { Constraints, Objective, Scored } from './score.ts';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

function row(item: Scored, c: Constraints): string[] {
  const t = item.tally;
  return [
    `\`${item.text}\``,
    item.source,
    `${t.applied}/${t.arrivals} (${pct(successOf(t))})`,
    costOf(t, 'requests').toFixed(2),
    costOf(t, 'conflicts').toFixed(2),
    t.worstP95Ms.toFixed(0),
    meets(t, c) ? 'yes' : 'no',
  ];
}

const HEADER = [
  'strategy',
  'from',
  'applied/arrivals (success)',
  'req/trade',
  '409s/trade',
  'p95 outcome, worst seed (world ms)',
  'meets constraints',
];

export function frontTable(front: readonly Scored[], c: Constraints): string {
  return table(
    HEADER,
    front.map((item) => row(item, c)),
  );
}

export function presetTable(presets: readonly Scored[], c: Constraints): string {
  return table(
    HEADER,
    presets.map((item) => row(item, c)),
  );
}

export function objectiveName(objective: Objective): string {
  return objective === 'requests' ? 'requests per trade' : '409s per trade';
}

/** One line: how the recommendation compares with the best preset on the objective. */
export function versusPreset(recommended: Scored, bestPreset: Scored | undefined, objective: Objective): string {
  const ours = costOf(recommended.tally, objective);
  if (!bestPreset) return `${objectiveName(objective)} ${ours.toFixed(3)}; no preset meets the constraints`;
  const theirs = costOf(bestPreset.tally, objective);
  const change = theirs === 0 ? 0 : (ours - theirs) / theirs;
  return (
    `${objectiveName(objective)} ${ours.toFixed(3)} against ${theirs.toFixed(3)} for the best ` +
    `preset (${bestPreset.text}): ${change <= 0 ? `${pct(-change)} lower` : `${pct(change)} HIGHER`}`
  );
}

/** --confirm: the simulator (pooled over the seeds) beside one k6 run (the first seed, a short load). */
export function confirmTable(
  items: ReadonlyArray<{ label: string; sim: Scored; k6: StrategyResult | undefined }>,
): string {
  return table(
    ['strategy', 'success sim / k6', 'req/trade sim / k6', '409s/trade sim / k6', 'p95 outcome sim / k6 (world ms)'],
    items.map(({ label, sim, k6 }) => [
      `\`${label}\``,
      `${pct(successOf(sim.tally))} / ${k6 ? pct(k6.applied / Math.max(1, k6.trades + k6.droppedIterations)) : '-'}`,
      `${costOf(sim.tally, 'requests').toFixed(2)} / ${k6 ? k6.requestsPerTrade.toFixed(2) : '-'}`,
      `${costOf(sim.tally, 'conflicts').toFixed(2)} / ${k6 ? k6.conflictsPerTrade.toFixed(2) : '-'}`,
      `${sim.tally.worstP95Ms.toFixed(0)} / ${k6 ? k6.timeToOutcomeMs.p95.toFixed(0) : '-'}`,
    ]),
  );
}
