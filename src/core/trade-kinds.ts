/**
 * Which trade kinds a dialect can spell. A run whose plans need a kind its dialect cannot spell is
 * refused before any request is sent (the CLI exits 2), never run as something else.
 */
import type { Dialect } from './dialects/dialect.ts';
import type { TradeKind, TradePlan } from './trade-plan.ts';
import { TRADE_KINDS, kindOf } from './trade-plan.ts';

export class KindNotSpelledError extends Error {}

export function spells(dialect: Dialect, kind: TradeKind): boolean {
  if (kind === 'one-sided') return dialect.spellsOneSided === true;
  if (kind === 'cancel') return dialect.cancelRequest !== undefined && dialect.parseState !== undefined;
  return true;
}

/** The kinds the plans use, in TRADE_KINDS order. */
export function kindsIn(plans: readonly Pick<TradePlan, 'kind'>[]): TradeKind[] {
  const used = new Set(plans.map(kindOf));
  return TRADE_KINDS.filter((kind) => used.has(kind));
}

/** Throws KindNotSpelledError naming the kinds and the dialects that can spell them. */
export function assertSpells(
  dialect: Dialect,
  kinds: readonly TradeKind[],
  known: readonly Dialect[],
  scenario: string,
): void {
  const missing = kinds.filter((kind) => !spells(dialect, kind));
  if (missing.length === 0) return;
  const able = known.filter((d) => missing.every((kind) => spells(d, kind))).map((d) => d.name);
  throw new KindNotSpelledError(
    `${scenario}: its tradeMix plans ${missing.join(' and ')} trades, which ` +
      `dialect ${dialect.name} cannot spell; use ${able.join(', ') || 'another dialect'}`,
  );
}
