/**
 * Sentences the verdict adds after its ranking, each about what limited the outcome. One function per
 * note, so a note slots in without touching the rule (src/report/verdict.ts). Today: answers of 429 when
 * the recommended strategy still lost trades for a reason other than a 409 (the rate limit, not the retry
 * strategy, set the ceiling), and the token sentence (how many OAuth clients the load needs: tokens.ts).
 */
import { refusalsWithStatus } from '../contract/refusals.ts';
import type { RunResults, StrategyResult } from './results.ts';
import { tokenSentence } from './tokens.ts';

type Note = (results: RunResults, recommended: readonly StrategyResult[]) => string | undefined;

const rateLimited: Note = (_results, recommended) => {
  const limited = recommended.filter(
    (s) => s.tradesFailedOther > 0 && refusalsWithStatus(s.server.rejections, 429) > 0,
  );
  if (limited.length === 0) return undefined;
  return limited
    .map(
      (s) =>
        `Rate limits decided part of it: ${s.strategy} met ${refusalsWithStatus(s.server.rejections, 429)} answers ` +
        `of 429 and lost ${s.tradesFailedOther} trade(s) to something other than a 409; ${remedy(s)}.`,
    )
    .join(' ');
};

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
