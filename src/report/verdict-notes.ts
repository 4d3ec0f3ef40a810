/**
 * Sentences the verdict adds after its ranking, each about what limited the outcome. One function per
 * note, so a note slots in without touching the rule (src/report/verdict.ts). Today: the trades the
 * recommended strategy lost to a 429 (the rate limit, not the retry strategy, set that ceiling), and the
 * token sentence (how many OAuth clients the load needs: tokens.ts).
 */
import { refusalsWithStatus } from '../contract/refusals.ts';
import type { RunResults, StrategyResult } from './results.ts';
import { TOKEN_429_CAUSE, tokenSentence } from './tokens.ts';

type Note = (results: RunResults, recommended: readonly StrategyResult[]) => string | undefined;

const rateLimited: Note = (_results, recommended) => {
  const limited = recommended.filter((s) => lostTo429(s) > 0);
  if (limited.length === 0) return undefined;
  return limited.map((s) => `Rate limits decided part of it: ${lossText(s)}; ${remedy(s)}.`).join(' ');
};

/**
 * The trades a strategy lost to a 429 other than the token's (the token sentence below speaks for those): by
 * the client's view of each failed trade when the run has it (failedOtherByCause), else every trade failed
 * otherwise when the server answered any 429 (older results).
 */
function lostTo429(s: StrategyResult): number {
  const client = s.failedOtherByCause?.client;
  if (client === undefined) return refusalsWithStatus(s.server.rejections, 429) > 0 ? s.tradesFailedOther : 0;
  return Object.entries(client)
    .filter(([cause]) => cause.startsWith('429') && cause !== TOKEN_429_CAUSE)
    .reduce((sum, [, n]) => sum + n, 0);
}

const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

function lossText(s: StrategyResult): string {
  const answers = count(refusalsWithStatus(s.server.rejections, 429), 'answer');
  const client = s.failedOtherByCause?.client;
  if (client === undefined)
    return `${s.strategy} met ${answers} of 429 and lost ${count(s.tradesFailedOther, 'trade')} to something other than a 409`;
  const causes = Object.entries(client)
    .sort(([a, m], [b, n]) => n - m || a.localeCompare(b))
    .map(([cause, n]) => `${cause} ${n}`)
    .join(', ');
  return (
    `${s.strategy} met ${answers} of 429 and lost ${count(lostTo429(s), 'trade')} to them ` +
    `(its ${count(s.tradesFailedOther, 'trade')} failed otherwise, by cause: ${causes})`
  );
}

/** The token sentence (tokens.ts): how many answers of 429 the per-token limit gave, and how many clients the load needs. */
const tokens: Note = (results) =>
  tokenSentence(results)
    ?.split('\n')
    .map((line) => `${line[0]?.toUpperCase() ?? ''}${line.slice(1)}.`)
    .join(' ');

/** What lifts the ceiling depends on whose bucket ran dry: the token's (more clients) or an agent's (fewer writes). */
function remedy(s: StrategyResult): string {
  const token = s.server.rejections['429 rate:token'] ?? 0;
  const user = s.server.rejections['429 rate:user'] ?? 0;
  if (user === 0) return 'no retry strategy lifts that ceiling, more clients or a lower rate do';
  if (token === 0)
    return (
      'they are the per-user limit (5 trade writes a minute per agent): fewer quick retries per swap or a lower ' +
      'rate lift it, more clients do not'
    );
  return "more clients lift the token's share of it, fewer quick retries per swap the per-user limit's";
}

const NOTES: readonly Note[] = [rateLimited, tokens];

export function verdictNotes(results: RunResults, recommended: readonly StrategyResult[]): string[] {
  return NOTES.map((note) => note(results, recommended)).filter((text): text is string => text !== undefined);
}
