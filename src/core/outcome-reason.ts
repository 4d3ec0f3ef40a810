/**
 * Why a write step or a trade ended without being applied, as data. Tests, reports and the journal read
 * the fields; people read reasonText(). Text is made at the edge and never parsed back (a sentence
 * that tests match is a format nobody agreed to).
 */
import { SHIFT_IN_OPEN_TRADE_CODE, TRADE_RULE_VIOLATION_CODE } from '../contract/wire.ts';
import type { ConflictKind } from './ports.ts';
import type { ServerSaid } from './refusal.ts';
import { saidText } from './refusal.ts';

/**
 * A write step's retries ended on a failure of `kind` after `attempts` tries, stopped by:
 * 'not-retried' (the strategy does not retry this kind: a permanent refusal, or not in its retryOn),
 * 'attempts' (maxAttempts reached), 'budget' (the retry budget is empty) or 'deadline' (the next wait
 * would pass the strategy's deadline).
 */
export type GiveUpReason =
  /** `said`: what the server answered when it refused for good (a permanent kind not retried). */
  | { kind: ConflictKind; stoppedBy: 'not-retried'; attempts: number; said?: ServerSaid }
  | { kind: ConflictKind; stoppedBy: 'attempts' | 'budget'; attempts: number }
  | { kind: ConflictKind; stoppedBy: 'deadline'; attempts: number; deadlineMs: number };

/**
 * A read the workflow needs before it may write (again) failed, so it stops rather than risk a duplicate:
 * the trade by its journaled id or by its shift on resume, the version a create carries, whether an
 * ambiguous create landed, or (the OCC client) the entity's first version.
 */
export type UnreadableRead =
  'resume-by-id' | 'resume-by-shift' | 'version-to-create-with' | 'create-may-have-landed' | 'first-version';

export type TradeReason =
  | GiveUpReason
  | { stoppedBy: 'unreadable'; read: UnreadableRead }
  /** The server holds the trade in a state it cannot be applied from: found so on resume, or left so by the match. */
  | { stoppedBy: 'trade-state'; state: string; seen: 'on-resume' | 'after-match' | 'after-cancel' }
  /** The match answered with rule violations. */
  | { stoppedBy: 'violations'; violations: readonly string[] }
  /**
   * After a create whose answer was lost, a later create was refused in a way our own first create could
   * explain (`refused`), and no read could tell whether the trade on the server is ours: neither applied
   * nor refused. The next run resolves it (it reads before it creates).
   */
  | { stoppedBy: 'outcome-unknown'; refused: GiveUpReason };

const UNREADABLE_TEXT: Record<UnreadableRead, string> = {
  'resume-by-id': 'outcome unknown: resume could not read the trade',
  'resume-by-shift': 'outcome unknown: resume could not read the trades to check for an earlier create',
  'version-to-create-with': 'the version to create with could not be read',
  'create-may-have-landed': 'outcome unknown: the create may have landed and the trades could not be read',
  'first-version': 'first read found no version',
};

/** One line for people (the journal, the sync table, assertion messages). */
export function reasonText(reason: TradeReason): string {
  switch (reason.stoppedBy) {
    case 'not-retried':
      return reason.said ? `${reason.kind}: ${saidText(reason.said)}` : reason.kind;
    case 'attempts':
      return `${reason.kind} after ${reason.attempts} attempts`;
    case 'budget':
      return `${reason.kind}, retry budget empty after ${reason.attempts} attempts`;
    case 'deadline':
      return `${reason.kind}, deadline ${reason.deadlineMs} ms`;
    case 'unreadable':
      return UNREADABLE_TEXT[reason.read];
    case 'trade-state':
      return reason.seen === 'on-resume' ? `trade is ${reason.state}` : `left in state ${reason.state}`;
    case 'violations':
      return `violations: ${reason.violations.join(',')}`;
    case 'outcome-unknown':
      return (
        `outcome unknown: refused (${reasonText(reason.refused)}) after an answer was lost, ` +
        'and the trades could not be read to tell whether the trade there is ours'
      );
  }
}

/**
 * Whether a trade ended without knowing if its write landed: an operator must not act on it (cancel,
 * re-enter by hand) before a run that can read resolves it. sync journals it `unknown` and exits 3.
 */
export function isOutcomeUnknown(reason: TradeReason | undefined): boolean {
  if (reason === undefined) return false;
  if (reason.stoppedBy === 'outcome-unknown') return true;
  return reason.stoppedBy === 'unreadable' && UNKNOWN_AFTER_UNREADABLE.has(reason.read);
}

/** Reads whose failure leaves a write of an earlier step or run unaccounted for (the others precede any write). */
const UNKNOWN_AFTER_UNREADABLE: ReadonlySet<UnreadableRead> = new Set([
  'create-may-have-landed',
  'resume-by-id',
  'resume-by-shift',
]);

/**
 * A create refused in a way the server's state after our own earlier create could explain: the shift is
 * already in an open trade (Genesys' code, or the compat profile's business 409), or a trading rule.
 */
export function couldBeOurEarlierCreate(reason: GiveUpReason): boolean {
  if (reason.kind === 'business-conflict') return true;
  if (reason.stoppedBy !== 'not-retried' || reason.said === undefined) return false;
  return reason.said.code === SHIFT_IN_OPEN_TRADE_CODE || reason.said.code === TRADE_RULE_VIOLATION_CODE;
}
