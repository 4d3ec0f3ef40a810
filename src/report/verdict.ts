/**
 * The verdict a report opens with: the recommended strategy, the rule that picked it, the runner-up and
 * why the others lost, in one paragraph (docs/reports.md "The verdict").
 *
 * The rule: among the strategies that keep the server's invariants and meet their k6 thresholds, fewest
 * trades not applied, then fewest requests per trade. Over several seeds (sim --seeds) each strategy has a
 * range per criterion, and one strategy beats another on a criterion only when its whole range lies below
 * the other's; ranges that overlap are tied, and the next criterion decides. What is still tied after the
 * last criterion is reported as tied: the seeds do not separate those strategies. Pure: results in, text out.
 */
import type { RunResults, StrategyResult } from './results.ts';
import { verdictNotes } from './verdict-notes.ts';
import { tokenLimits } from './tokens.ts';

interface Criterion {
  key: 'tradesNotApplied' | 'requestsPerTrade';
  /** How a value of it is written: "2 trades not applied", "2.31 requests per trade". */
  text: (low: number, high: number) => string;
}

const range = (low: number, high: number, digits: number) =>
  low === high ? low.toFixed(digits) : `${low.toFixed(digits)}–${high.toFixed(digits)}`;

export const CRITERIA: readonly Criterion[] = [
  { key: 'tradesNotApplied', text: (l, h) => `${range(l, h, 0)} trade${l === 1 && h === 1 ? '' : 's'} not applied` },
  { key: 'requestsPerTrade', text: (l, h) => `${range(l, h, 2)} requests per trade` },
];

/** A strategy's single-run value of a criterion: arrivals that never started count as not applied. */
export function criterionValue(s: StrategyResult, key: Criterion['key']): number {
  return key === 'tradesNotApplied' ? s.trades - s.applied + s.droppedIterations : s.requestsPerTrade;
}

/** The criterion's range over the run's seeds (one seed: a point). */
function rangeOf(s: StrategyResult, key: Criterion['key']): [number, number] {
  const spread = s.acrossSeeds?.[key];
  if (spread) return [spread.min, spread.max];
  const value = criterionValue(s, key);
  return [value, value];
}

/** Why a strategy may not be recommended at all, or undefined. */
function disqualified(s: StrategyResult): string | undefined {
  const broken = (
    ['duplicateTrades', 'lostUpdates', 'falseFailures', 'doubleBookedShifts', 'nonMonotonicVersions'] as const
  ).filter((k) => s.server[k] > 0);
  if (broken.length > 0)
    return `it broke the server's invariants (${broken.map((k) => `${k} ${s.server[k]}`).join(', ')})`;
  const crossed = (s.thresholds ?? []).filter((t) => !t.ok);
  if (crossed.length > 0)
    // A threshold judged on a value is a server-truth one (observe); the others are k6's.
    return `it crossed its ${crossed.some((t) => t.value === undefined) ? 'k6 ' : ''}threshold ${crossed
      .map((t) => `${t.metric} ${t.expression}`)
      .join(', ')}`;
  return undefined;
}

/** The strategies no other one beats on criterion after criterion: one is a winner, several are tied. */
function best(candidates: readonly StrategyResult[]): StrategyResult[] {
  let alive = [...candidates];
  for (const { key } of CRITERIA) {
    alive = alive.filter((s) => !alive.some((o) => o !== s && rangeOf(o, key)[1] < rangeOf(s, key)[0]));
    if (alive.length === 1) break;
  }
  return alive;
}

/** How `loser` lost to `winner`: the first criterion whose ranges do not overlap. */
function lostOn(loser: StrategyResult, winner: StrategyResult): string {
  for (const c of CRITERIA) {
    const [wl, wh] = rangeOf(winner, c.key);
    const [ll, lh] = rangeOf(loser, c.key);
    if (wh < ll)
      return `${c.text(ll, lh)} against ${range(wl, wh, c.key === 'requestsPerTrade' ? 2 : 0)} for ${winner.strategy}`;
  }
  return 'tied with it';
}

export interface Verdict {
  /** One strategy, or several when the seeds do not separate them (or none qualifies). */
  recommended: StrategyResult[];
  runnerUp: StrategyResult[];
  paragraph: string;
}

const names = (list: readonly StrategyResult[]) => list.map((s) => s.strategy).join(', ');

function standing(s: StrategyResult): string {
  return CRITERIA.map((c) => c.text(...rangeOf(s, c.key))).join(', ');
}

function seedsSentence(results: RunResults): string {
  if (results.seeds)
    return `Ranges are over seeds ${results.seeds.join(', ')} (the same world per seed for every strategy).`;
  if (results.kind === 'observe')
    return (
      `Your client ran once, in real time, what it chose to send; the presets ran the scenario's planned load in ` +
      `the simulator (seed ${results.seed}): compare rates, and a small difference may not hold on another run.`
    );
  return results.kind === 'sim'
    ? `One seed (${results.seed}): a difference may not hold on another; \`sim --seeds 1-5\` shows the spread.`
    : 'One k6 run per strategy: a small difference may not hold on another run.';
}

/**
 * A run whose recommended strategies lost most of their unapplied trades on the per-token limit's 429 ranks
 * the token, not the retry strategies: said before the ranking, with the clients to rerun on (tokens.ts).
 */
function tokenDecided(results: RunResults, recommended: readonly StrategyResult[]): string | undefined {
  const limits = tokenLimits(results);
  const decided = recommended.flatMap((s) => {
    const limit = limits.find((l) => l.strategy === s.strategy);
    const notApplied = criterionValue(s, 'tradesNotApplied');
    return limit && limit.tradesFailed * 2 > notApplied ? [`${s.strategy} ${limit.tradesFailed} of ${notApplied}`] : [];
  });
  if (decided.length === 0 || decided.length < recommended.length) return undefined;
  const needed = Math.max(...limits.map((l) => l.needed));
  return (
    '**The token decided this run, not the retry strategies**: most trades not applied failed on the per-token ' +
    `limit's 429 (${decided.join('; ')}); rerun with at least ${needed} clients (\`load.clients\`) before ` +
    'choosing. On this run:'
  );
}

export function verdictOf(results: RunResults): Verdict {
  const qualified = results.strategies.filter((s) => !disqualified(s));
  const recommended = best(qualified);
  const rest = qualified.filter((s) => !recommended.includes(s));
  const runnerUp = recommended.length === 1 ? best(rest) : [];
  const rule =
    'Rule: fewest trades not applied, then fewest requests per trade, among strategies that keep the ' +
    "server's invariants and meet their thresholds; ranges that overlap are tied.";
  const sentences: string[] = [];
  const token = tokenDecided(results, recommended);
  if (token) sentences.push(token);
  if (recommended.length === 0) {
    sentences.push('**No strategy can be recommended**: every one was ruled out.');
  } else if (recommended.length === 1) {
    const [winner] = recommended as [StrategyResult];
    sentences.push(`**Recommended: ${winner.strategy}** (${standing(winner)}).`, rule);
    if (runnerUp.length > 0)
      sentences.push(
        `Runner-up${runnerUp.length > 1 ? 's, tied' : ''}: ${runnerUp
          .map((s) => `${s.strategy} (${lostOn(s, winner)})`)
          .join('; ')}.`,
      );
  } else {
    sentences.push(
      `**Tied: ${names(recommended)}**: their ranges overlap on every criterion ` +
        `(${recommended.map((s) => `${s.strategy}: ${standing(s)}`).join('; ')}), so the seeds do not separate ` +
        'them; choose on other grounds, or run more seeds.',
      rule,
    );
  }
  const winner = recommended[0];
  const others = results.strategies.filter((s) => !recommended.includes(s) && !runnerUp.includes(s));
  const why = others.map((s) => {
    const out = disqualified(s);
    return `${s.strategy}: ${out ? `ruled out, ${out}` : winner ? lostOn(s, winner) : standing(s)}`;
  });
  if (why.length > 0) sentences.push(`Others: ${why.join('; ')}.`);
  sentences.push(...verdictNotes(results, recommended), seedsSentence(results));
  return { recommended, runnerUp, paragraph: sentences.join(' ') };
}
