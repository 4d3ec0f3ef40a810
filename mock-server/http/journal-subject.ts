/**
 * One answered request → its request-journal entry (request-journal.ts): what `observe` needs to tie it to a
 * trade (src/observe/attribute.ts) — the trade, shifts, agent, schedule and job it named, the version it
 * sent, who sent it, when it arrived and the Retry-After it was given. Bounded by construction: an id is
 * journaled only when the world or store holds it, and then as the world's own string (nothing of the
 * request is kept alive); the trade id of the path and the legacy-id header are journaled as they always were.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LEGACY_ID_HEADER, RETRY_AFTER_HEADER } from '../../src/contract/wire.ts';
import type { Harness } from './harness.ts';
import type { JournalEntry } from './request-journal.ts';
import { bearer } from './bearer.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** World instant the API handler first saw the request (before the modelled network leg); NaN until then. */
    wfmArrivedMs: number;
    /** The route writes (RouteDef.write). */
    wfmWrite: boolean;
    /** World instant the API answer was handed to the socket; NaN for answers Fastify sends itself (errors). */
    wfmAnsweredMs: number;
    /** The trade or job the answer created or names (ApiResponse.tradeId / jobId); '' when none. */
    wfmTradeId: string;
    wfmJobId: string;
  }
}

/** Adds the request decorations this file reads (with their empty values). */
export function decorateJournalSubject(app: { decorateRequest(name: string, value: unknown): unknown }): void {
  app.decorateRequest('wfmArrivedMs', NaN);
  app.decorateRequest('wfmAnsweredMs', NaN);
  app.decorateRequest('wfmWrite', false);
  app.decorateRequest('wfmTradeId', '');
  app.decorateRequest('wfmJobId', '');
}

type Body = Record<string, unknown>;

function asObject(value: unknown): Body | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Body) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The shifts a request names, initiating first: genesys create and match, the job create, the compat swap and lookup. */
function namedShifts(body: Body | undefined, query: Body | undefined): Array<string | undefined> {
  return [
    text(body?.['initiatingShiftId']) ??
      text(asObject(body?.['initiatingShift'])?.['id']) ??
      text(body?.['initiator_shift_id']) ??
      text(query?.['initiator_shift_id']),
    text(body?.['receivingShiftId']) ?? text(body?.['counter_shift_id']),
  ];
}

/** The one trade a body names when the path does not: the compat PUT's trade_id, a state/bulk of one entity. */
function bodyTrade(body: Body | undefined): string | undefined {
  const entities = body?.['entities'];
  if (Array.isArray(entities)) return entities.length === 1 ? text(asObject(entities[0])?.['id']) : undefined;
  return text(body?.['trade_id']);
}

/** metadata.version of the body (or of a state/bulk's one entity), a strong If-Match, or a compat scheduleVersion. */
function sentVersion(body: Body | undefined, ifMatch: unknown): number | undefined {
  const entities = body?.['entities'];
  const versioned = Array.isArray(entities) && entities.length === 1 ? asObject(entities[0]) : body;
  const version = asObject(versioned?.['metadata'])?.['version'] ?? body?.['scheduleVersion'];
  if (typeof version === 'number') return version;
  const tag = typeof ifMatch === 'string' ? /^\s*"(\d{1,15})"\s*$/.exec(ifMatch) : null;
  return tag ? Number(tag[1]) : undefined;
}

/**
 * A copy of a string that holds on to nothing else: a path parameter is a slice of the request's URL,
 * so journaling the slice kept the whole URL (~170 bytes) alive for each of the journal's 50,000 entries.
 */
function detached(value: string): string {
  // Prepending makes V8 flatten into a new string, and slicing that one keeps only it (lossless for any text).
  return ` ${value}`.slice(1);
}

/** The journal entry of an answered API request. */
export function journalEntryOf(
  harness: Harness,
  request: FastifyRequest,
  reply: FastifyReply,
  route: string,
): Omit<JournalEntry, 'seq'> {
  const { store, auth } = harness;
  const params = (request.params ?? {}) as Record<string, string | undefined>;
  const body = asObject(request.body);
  const legacyId = request.headers[LEGACY_ID_HEADER];
  const token = bearer(request);
  const pathTrade = params['tradeId'];
  const knownTrade = request.wfmTradeId || store.tradeById(bodyTrade(body) ?? '')?.id;
  const shiftIds = namedShifts(body, asObject(request.query))
    .map((id) => (id === undefined ? undefined : store.shift(id)?.id))
    .filter((id): id is string => id !== undefined);
  const retryAfter = Number(reply.getHeader(RETRY_AFTER_HEADER));
  const entry: Omit<JournalEntry, 'seq'> = {
    // As it left: the client may read an answer (a 429's Retry-After) before Fastify reports it finished.
    atMs: Number.isNaN(request.wfmAnsweredMs) ? harness.clock.nowMs() : request.wfmAnsweredMs,
    method: request.method,
    route,
    status: reply.statusCode,
  };
  if (!Number.isNaN(request.wfmArrivedMs)) entry.arrivedAtMs = request.wfmArrivedMs;
  if (request.wfmCause) entry.cause = request.wfmCause;
  if (request.wfmWrite) entry.write = true;
  const principal = token === undefined ? undefined : auth.labelOf(token);
  if (principal !== undefined) entry.principal = principal;
  const tradeId = pathTrade === undefined ? knownTrade : detached(pathTrade);
  if (tradeId) entry.tradeId = tradeId;
  if (typeof legacyId === 'string') entry.legacyId = legacyId;
  if (shiftIds.length > 0) entry.shiftIds = shiftIds;
  const agentId = store.agent(params['agentId'] ?? '')?.id;
  if (agentId !== undefined) entry.agentId = agentId;
  const scheduleId = store.scheduleById(params['scheduleId'] ?? '')?.id;
  if (scheduleId !== undefined) entry.scheduleId = scheduleId;
  const jobId = request.wfmJobId || store.job(params['jobId'] ?? '')?.id;
  if (jobId) entry.jobId = jobId;
  const version = sentVersion(body, request.headers['if-match']);
  if (version !== undefined) entry.versionSent = version;
  if (Number.isFinite(retryAfter)) entry.retryAfterS = retryAfter;
  return entry;
}
