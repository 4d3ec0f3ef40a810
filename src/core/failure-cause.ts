/**
 * Why a trade was not applied, from the client's view, as one label of a short fixed list (so k6 can
 * keep a counter per label, created at init): the last unsuccessful answer the trade got (its status,
 * ErrorBody code, the 429's `limit.key`, or why no answer came), unless the trade ended on what a 200
 * said (rule violations, a state it cannot be applied from). Reports break "failed otherwise" down by
 * it (docs/reports.md "Failed otherwise, by cause"). Pure; bundled into k6.
 */
import { RATE_LIMIT_KEYS } from '../contract/wire.ts';
import type { HttpResponse } from './ports.ts';
import type { TradeReason } from './outcome-reason.ts';

/** The last unsuccessful answer of a trade, as data (no body kept: a trade ends with at most this). */
export interface LastAnswer {
  /** 0: no answer. */
  status: number;
  /** The ErrorBody code, e.g. wfm.shift.trade.shift.already.in.trade. */
  code?: string;
  /** A 429's limit.key: whose bucket ran dry (the token's, or the user's). */
  limitKey?: string;
  /** Status 0 only: the request timed out, or the connection closed without an answer. */
  noAnswer?: 'timeout' | 'closed';
}

/** Every label failureCause() gives, in the order reports list them. */
export const FAILURE_CAUSES = [
  '429 token',
  '429 user',
  '429',
  '5xx',
  'timeout',
  'closed connection',
  '408',
  '400 rule',
  '400 invalid',
  '404',
  '401',
  '403',
  '409 locked',
  '409 version',
  '409 rule',
  'rule violations',
  'trade state',
  'other',
] as const;

export type FailureCause = (typeof FAILURE_CAUSES)[number];

/** wfm_failed_other_<cause>: k6's counter of trades that failed otherwise with this cause ("429 token" → 429_token). */
export function failureCauseMetricName(cause: string): string {
  return `wfm_failed_other_${cause.replace(/[^a-z0-9]+/g, '_')}`;
}

const TOKEN_LIMIT_KEY = RATE_LIMIT_KEYS.token;
const USER_LIMIT_KEY = RATE_LIMIT_KEYS.user;

/** A 429 of the per-token bucket: the request took nothing from the token's budget (the server refused it first). */
export function isTokenRefusal(response: HttpResponse): boolean {
  return (
    response.status === 429 &&
    (response.body as { limit?: { key?: unknown } } | undefined)?.limit?.key === TOKEN_LIMIT_KEY
  );
}

/** A response as a LastAnswer: what the cause needs and nothing else. */
export function lastAnswerOf(response: HttpResponse): LastAnswer {
  const body = response.body as { code?: unknown; limit?: { key?: unknown } } | undefined;
  const answer: LastAnswer = { status: response.status };
  if (typeof body?.code === 'string') answer.code = body.code;
  if (typeof body?.limit?.key === 'string') answer.limitKey = body.limit.key;
  if (response.status === 0 && response.error) answer.noAnswer = response.error;
  return answer;
}

function byStatus(answer: LastAnswer): FailureCause {
  const { status } = answer;
  if (status === 0) return answer.noAnswer === 'timeout' ? 'timeout' : 'closed connection';
  if (status === 429)
    return answer.limitKey === TOKEN_LIMIT_KEY ? '429 token' : answer.limitKey === USER_LIMIT_KEY ? '429 user' : '429';
  if (status >= 500) return '5xx';
  if (status === 409) {
    if (answer.code === 'general.conflict') return '409 locked';
    return answer.code === 'general.resource.conflict' ? '409 version' : '409 rule';
  }
  if (status === 400) return answer.code?.startsWith('wfm.') ? '400 rule' : '400 invalid';
  if (status === 408 || status === 404 || status === 401 || status === 403) return String(status) as FailureCause;
  return 'other';
}

/** The client's view of why a trade ended unapplied; undefined for an applied trade. */
export function failureCause(result: {
  outcome: string;
  reason?: TradeReason | undefined;
  lastAnswer?: LastAnswer | undefined;
}): FailureCause | undefined {
  if (result.outcome === 'applied') return undefined;
  if (result.reason?.stoppedBy === 'violations') return 'rule violations';
  if (result.reason?.stoppedBy === 'trade-state') return 'trade state';
  return result.lastAnswer ? byStatus(result.lastAnswer) : 'other';
}
