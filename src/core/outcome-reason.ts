/**
 * Why a write step or a trade ended without being applied, as data. Tests, reports and the journal read
 * the fields; people read reasonText(). Text is made at the edge and never parsed back (a sentence
 * that tests match is a format nobody agreed to).
 */
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
  | { stoppedBy: 'violations'; violations: readonly string[] };

const UNREADABLE_TEXT: Record<UnreadableRead, string> = {
  'resume-by-id': 'resume: the trade could not be read',
  'resume-by-shift': 'resume: the trades could not be read to check for an earlier create',
  'version-to-create-with': 'the version to create with could not be read',
  'create-may-have-landed': 'the create may have landed and the trades could not be read',
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
  }
}
