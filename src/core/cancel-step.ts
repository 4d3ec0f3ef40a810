/**
 * The cancel of a 'cancel' trade (src/core/trade-plan.ts): the initiator withdraws the swap before
 * anyone matches it, with the trade's version, through the dialect's state route. A cancel is a write
 * like the match: a stale version (someone re-saved the schedule, a replica lagged) or a lock is retried
 * as the strategy says, re-reading the trade when the strategy re-fetches; a re-read that finds the
 * trade already Canceled (a lost answer had landed) ends the step.
 */
import type { Dialect } from './dialects/dialect.ts';
import type { TradePlan, TradeRecord } from './trade-plan.ts';
import type { Found, Retry, RetryRun, StepEnd } from './retry-loop.ts';
import type { Steps } from './effects.ts';
import { RETRY, mustReread } from './retry-loop.ts';
import type { StrategySpec } from './strategies.ts';

export type CancelEnd = StepEnd | Found;

export interface CancelIo {
  run: RetryRun;
  dialect: Dialect;
  strategy: StrategySpec;
  /** The trade by id: 'unknown' when the read failed, 'absent' when it is not there. */
  lookup(tradeId: string): Steps<TradeRecord | 'absent' | 'unknown'>;
}

export function* cancelTrade(plan: TradePlan, initial: TradeRecord, io: CancelIo): Steps<CancelEnd> {
  const { run, dialect, strategy } = io;
  const build = dialect.cancelRequest;
  if (!build) throw new Error(`dialect ${dialect.name} cannot cancel a trade`); // refused at start (trade-kinds.ts)
  let trade = initial;
  return yield* run.writeWithRetries(
    'cancel',
    () => build(plan, trade),
    function* (kind): Steps<Retry | Found> {
      if (!mustReread(strategy, kind)) return RETRY;
      const fresh = yield* io.lookup(trade.id);
      if (typeof fresh === 'string') return RETRY;
      if (fresh.state === 'Canceled') return { status: 'found', trade: fresh };
      trade = fresh;
      return RETRY;
    },
    dialect.cancelAnswer,
  );
}
