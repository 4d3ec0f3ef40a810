/**
 * A scenario's trade mix (docs/scenarios.md "Trade mix"): which planned trades are swaps, one-sided offers or
 * cancels. Shares are honoured exactly up to rounding (largest remainder), and which plan gets which
 * kind is a shuffle drawn from its own stream of the seed ('trade-mix'), so a scenario without a mix
 * draws nothing and plans exactly as before. Pure; bundled into k6.
 */
import { createRng, deriveSeed } from '../contract/rng.ts';
import type { Rng } from '../contract/rng.ts';
import type { TradeKind, TradePlan } from '../core/trade-plan.ts';
import { TRADE_KINDS } from '../core/trade-plan.ts';

/** Shares of planned trades, each in [0, 1], summing to 1 (scenario-schema.ts checks both). */
export interface TradeMix {
  swap: number;
  oneSided: number;
  cancel: number;
}

const SHARE_OF: Readonly<Record<TradeKind, keyof TradeMix>> = {
  swap: 'swap',
  'one-sided': 'oneSided',
  cancel: 'cancel',
};

/** How many of `total` trades are of each kind: floors, then the largest remainders (ties in TRADE_KINDS order). */
export function kindCounts(mix: TradeMix, total: number): Record<TradeKind, number> {
  const exact = TRADE_KINDS.map((kind) => mix[SHARE_OF[kind]] * total);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((sum, n) => sum + n, 0);
  const byRemainder = TRADE_KINDS.map((_, i) => i).sort(
    (a, b) => (exact[b] as number) - (counts[b] as number) - ((exact[a] as number) - (counts[a] as number)) || a - b,
  );
  for (const i of byRemainder) {
    if (left <= 0) break;
    counts[i] = (counts[i] as number) + 1;
    left--;
  }
  return { swap: counts[0] as number, 'one-sided': counts[1] as number, cancel: counts[2] as number };
}

function shuffle<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

/** The plans with their kinds; without a mix, the plans themselves (no kind: swaps). */
export function withKinds(plans: TradePlan[], mix: TradeMix | undefined, seed: number): TradePlan[] {
  if (mix === undefined) return plans;
  const counts = kindCounts(mix, plans.length);
  const kinds = shuffle(
    TRADE_KINDS.flatMap((kind) => Array.from({ length: counts[kind] }, () => kind)),
    createRng(deriveSeed(seed, 'trade-mix')),
  );
  return plans.map((plan, i) => ({ ...plan, kind: kinds[i] as TradeKind }));
}

/** The kinds a mix plans (a share above 0); without a mix, swaps only. */
export function mixKinds(mix: TradeMix | undefined): TradeKind[] {
  return mix === undefined ? ['swap'] : TRADE_KINDS.filter((kind) => mix[SHARE_OF[kind]] > 0);
}
