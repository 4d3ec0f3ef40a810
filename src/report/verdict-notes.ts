/**
 * Sentences the verdict adds after its ranking, each about what limited the outcome. One function per
 * note, so a note slots in without touching the rule (src/report/verdict.ts). Today: answers of 429 when
 * the recommended strategy still lost trades for a reason other than a 409 (the rate limit, not the retry
 * strategy, set the ceiling). The token sentence (how many OAuth clients the load needs) belongs here.
 */
import { refusalsWithStatus } from '../contract/refusals.ts';
import type { RunResults, StrategyResult } from './results.ts';

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
        `of 429 and lost ${s.tradesFailedOther} trade(s) to something other than a 409; no retry strategy ` +
        'lifts that ceiling, more clients or a lower rate do.',
    )
    .join(' ');
};

const NOTES: readonly Note[] = [rateLimited];

export function verdictNotes(results: RunResults, recommended: readonly StrategyResult[]): string[] {
  return NOTES.map((note) => note(results, recommended)).filter((text): text is string => text !== undefined);
}
