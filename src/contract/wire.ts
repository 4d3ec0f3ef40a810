/**
 * The wire contract the mock and the client share: header names and the conflict messages and code the
 * client classifies 409s by. It lives here, not in the client's src/core, so the mock's wire strings
 * do not come from the code it is meant to test, and imports nothing so either side can take it whole.
 * Header names are lower case, as Node, undici and the in-process transport hand them over.
 */

/** Not a Genesys header (real Genesys ignores it): the mock audits trades per legacy id with it (docs/mock-server.md). */
export const LEGACY_ID_HEADER = 'x-harness-legacy-id';
/** Genesys' request id on every answer; an ErrorBody's contextId equals it. */
export const CORRELATION_HEADER = 'inin-correlation-id';
/** Seconds form only, as Genesys sends it on a 429. */
export const RETRY_AFTER_HEADER = 'retry-after';
/** Genesys' rate-limit headers: requests used so far, allowed per window, seconds until the window resets. */
export const RATE_LIMIT_HEADERS = {
  count: 'inin-ratelimit-count',
  allowed: 'inin-ratelimit-allowed',
  reset: 'inin-ratelimit-reset',
} as const;

/** What a 409 says while a background job holds the schedule; the client matches the fragment only. */
export const LOCKED_MESSAGE_FRAGMENT = 'currently being modified by another process';
export const LOCKED_MESSAGE = `The requested resource is ${LOCKED_MESSAGE_FRAGMENT}`;

/** Every compat-profile 409 carries this code; the message tells a stale version from a lock or a refusal. */
export const COMPAT_CONFLICT_CODE = 'SHIFT_TRADE_CONFLICT';
/** The bulk-swap thread's message; the compat profile sends it for a stale version only (retry after a re-read). */
export const COMPAT_VERSION_CONFLICT_MESSAGE = 'Conflict detected while processing shift trade';

/**
 * Genesys' refusals of a create that the server's state after an earlier create of the same trade could
 * explain: the shift is already in an open trade, or a trading rule (one counts the agent's trades per week).
 * After a create whose answer was lost, the sync core does not call either a refusal until a read says the
 * trade is not its own (src/core/outcome-reason.ts).
 */
export const SHIFT_IN_OPEN_TRADE_CODE = 'wfm.shift.trade.shift.already.in.trade';
export const TRADE_RULE_VIOLATION_CODE = 'wfm.shift.trade.rule.violation';
/** A 429 body's `limit.key`: whose bucket ran dry (Genesys' names: shared/reference/genesys-wfm.md "Rate limits"). */
export const RATE_LIMIT_KEYS = {
  /** Requests per minute of one client-credentials token. */
  token: 'client.credentials.token.rate.per.minute',
  /** Trade writes per minute of one user. */
  user: 'shift.trading.rate.per.user.per.minute',
} as const;
