/**
 * What the server saw an observed client do, in words (kind 'observe', docs/observe.md "What the report
 * names"): one finding per behaviour the `observed` block counts, read from results.json alone so
 * report.md and report.html say the same. A finding is a statement, not a verdict: thresholds gate.
 */
import type { RunResults, StrategyResult } from './results.ts';

export interface Finding {
  /** The threshold metric that gates on it (src/observe/thresholds.ts). */
  metric: string;
  count: number;
  text: string;
}

/** More logins than one per this many trade records reads as a token per trade or per request. */
export const TRADES_PER_LOGIN_EXPECTED = 10;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** `tokens`: the logins the scenario's load is meant to spread over (load.clients, WFM_CLIENTS): not a finding. */
export function findingsOf(row: StrategyResult, tokens = 1): Finding[] {
  const o = row.observed;
  if (!o) return [];
  const found: Finding[] = [];
  const add = (metric: string, count: number, text: string) => {
    if (count > 0) found.push({ metric, count, text });
  };
  add(
    'orphans',
    o.orphans,
    `Orphans: ${plural(o.orphans, 'trade')} created and never matched nor closed: still Unmatched when the run ended, ` +
      'holding their shifts (a new trade for such a shift is refused until the orphan is cancelled).',
  );
  add(
    'retry_after_ignored',
    o.retryAfterIgnored,
    `Retry-After ignored: ${plural(o.retryAfterIgnored, 'request')} reached the server before the Retry-After ` +
      `given to their sender was over (${plural(o.rateLimited, 'answer')} of 429 in all).`,
  );
  add(
    'stale_resends',
    o.staleResends,
    `Stale versions re-sent: ${plural(o.staleResends, 'write')} repeated a version the server had just refused with ` +
      'a 409, without reading the trade in between, and were refused as stale again: re-read the version after a 409.',
  );
  add(
    'duplicates',
    o.duplicates,
    `Duplicates: ${plural(o.duplicates, 'trade')} repeated a trade for the same legacy id or the same two shifts ` +
      'while the first still stood.',
  );
  add(
    'refused',
    o.refused,
    `Refused attempts: ${plural(o.refused, 'swap')} never became a trade: every create for it was refused.`,
  );
  if (o.logins > Math.max(2, tokens) && o.logins * TRADES_PER_LOGIN_EXPECTED > row.trades)
    add(
      'logins',
      o.logins,
      `Logins: ${plural(o.logins, 'token')} for ${plural(row.trades, 'trade')}: a token is good until it expires ` +
        '(expires_in); asking for one per trade or per request costs a round trip each time, and real Genesys ' +
        'limits token requests and counts its rate limit per token.',
    );
  add(
    'unattributed',
    o.unattributed.requests,
    `Unattributed: ${plural(o.unattributed.requests, 'request')} could not be tied to a trade (` +
      `${Object.entries(o.unattributed.byReason)
        .map(([reason, n]) => `${n} ${reason}`)
        .join('; ')}); they count in every total.`,
  );
  add(
    'journal_dropped',
    o.journalDropped,
    `The journal dropped its ${plural(o.journalDropped, 'oldest request')} before it was read (a ring of 50,000): ` +
      'records that began earlier are partial.',
  );
  return found;
}

/** The observed rows' findings as Markdown; nothing for runs that observed no client. */
export function findingsMarkdown(results: RunResults): string[] {
  const rows = results.strategies.filter((s) => s.observed);
  if (rows.length === 0) return [];
  return rows.flatMap((row) => {
    const found = findingsOf(row, results.observe?.tokens);
    return [
      `## What the server saw ${row.strategy} do`,
      '',
      ...(found.length === 0
        ? ['Nothing the report names: no orphans, duplicates, ignored Retry-After or stale versions re-sent.']
        : found.map((f) => `- **${f.text.split(':')[0]}**:${f.text.slice(f.text.indexOf(':') + 1)} (\`${f.metric}\`)`)),
      '',
    ];
  });
}
