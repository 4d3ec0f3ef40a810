/**
 * `sim --trace`: one JSON line per request a swap made and per decision its strategy took, for
 * reproducing a DST-window bug one trade at a time (`wfm-harness explain`). It hooks in from outside the
 * server: a tap on one trade's steps that sees each request and its answer, and a sink wrapper (runSwaps'
 * `trace` option), so neither the in-process server, the request pipeline nor the sync core changes.
 *
 * What a line holds, all in WORLD time (virtual time is world time):
 * - request: the route (ids as {id}), status, the cause as the client can see it (the answer's
 *   details errorCode: VERSION_MISMATCH, RESOURCE_LOCKED, …, else its code), the version the request
 *   sent (metadata.version or If-Match), the version a trade read returned, and the trade's version on
 *   the server when the answer arrived (so a stale replica read or a re-save in between shows);
 * - retry (kind, world ms it waits), give-up or outcome: what the strategy did next.
 */
import type { HttpRequest, HttpResponse, MetricsSink, SyncEvent } from '../core/ports.ts';
import type { Steps } from '../core/effects.ts';
import type { TradePlan } from '../core/trade-plan.ts';
import { failureCause } from '../core/failure-cause.ts';

import type { TraceLine } from '../report/trace-line.ts';

export type { TraceLine };

export interface TraceTarget {
  /** World ms now. */
  worldNowMs: () => number;
  /** A trade's version on the server now (read-only look at the store), if the id is a trade. */
  tradeVersion: (tradeId: string) => number | undefined;
  write: (line: TraceLine) => void;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

function versionSent(req: HttpRequest): number | undefined {
  const ifMatch = req.headers?.['if-match'];
  if (ifMatch !== undefined) return Number(ifMatch.replace(/"/g, ''));
  const version = (req.body as { metadata?: { version?: unknown } } | undefined)?.metadata?.version;
  return typeof version === 'number' ? version : undefined;
}

function causeOf(res: HttpResponse): string | undefined {
  if (res.status < 400) return undefined;
  const body = res.body as { code?: string; details?: Array<{ errorCode?: string }> } | undefined;
  return body?.details?.[0]?.errorCode ?? body?.code;
}

/** The version of trade `id` in an answer: the trade itself, or one entry of a list (depth-limited search). */
function versionIn(body: unknown, id: string, depth = 0): number | undefined {
  if (depth > 4 || typeof body !== 'object' || body === null) return undefined;
  if (Array.isArray(body)) {
    for (const item of body) {
      const found = versionIn(item, id, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  const record = body as { id?: unknown; metadata?: { version?: unknown }; version?: unknown };
  if (record.id === id) {
    const version = record.metadata?.version ?? record.version;
    if (typeof version === 'number') return version;
  }
  for (const value of Object.values(record)) {
    const found = typeof value === 'object' ? versionIn(value, id, depth + 1) : undefined;
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The id of the trade a create answered with. */
function createdId(req: HttpRequest, res: HttpResponse): string | undefined {
  const id = (res.body as { id?: unknown } | undefined)?.id;
  return req.method === 'POST' && res.status < 300 && typeof id === 'string' ? id : undefined;
}

function utc(worldMs: number): string {
  return new Date(worldMs).toISOString();
}

export interface TracedTrade {
  /** The trade's steps, their requests traced: effects pass through unchanged, answers too. */
  tap<T>(steps: Steps<T>): Steps<T>;
  /** The trade's sink, wrapped to trace its decisions. */
  sink: MetricsSink;
}

/** Trace every request and decision of `plan` run by `strategy`, whose events go to `sink`. */
export function traceTrade(target: TraceTarget, plan: TradePlan, strategy: string, inner: MetricsSink): TracedTrade {
  const base = { legacyId: plan.legacyId, strategy };
  // The trade's id once a create (or a path) has told it: later reads of lists are looked up by it.
  let known: string | undefined;
  const requested = (req: HttpRequest, res: HttpResponse, sentMs: number): void => {
    const inPath = [...req.path.matchAll(UUID)].map((m) => m[0]).find((id) => target.tradeVersion(id) !== undefined);
    known = inPath ?? createdId(req, res) ?? known;
    const tradeId = known;
    const line: TraceLine = {
      type: 'request',
      worldUtc: utc(target.worldNowMs()),
      sentUtc: utc(sentMs),
      ...base,
      method: req.method,
      route: req.path.replace(UUID, '{id}'),
      status: res.status,
    };
    const cause = causeOf(res);
    const sent = versionSent(req);
    const read = req.method === 'GET' && tradeId !== undefined ? versionIn(res.body, tradeId) : undefined;
    if (cause !== undefined) line.cause = cause;
    if (tradeId !== undefined) line.tradeId = tradeId;
    if (sent !== undefined) line.versionSent = sent;
    if (read !== undefined) line.versionRead = read;
    else if (req.method === 'GET' && tradeId !== undefined && res.status === 200) line.missingFromRead = true;
    const current = tradeId === undefined ? undefined : target.tradeVersion(tradeId);
    if (current !== undefined) line.versionCurrent = current;
    target.write(line);
  };
  function* tap<T>(steps: Steps<T>): Steps<T> {
    let next = steps.next();
    while (!next.done) {
      const effect = next.value;
      if (effect.kind === 'sleep') {
        next = steps.next(yield effect);
        continue;
      }
      const sentMs = target.worldNowMs();
      const res = (yield effect) as HttpResponse;
      requested(effect.request, res, sentMs);
      next = steps.next(res);
    }
    return next.value;
  }
  const sink: MetricsSink = {
    record(event: SyncEvent) {
      inner.record(event);
      const worldUtc = utc(target.worldNowMs());
      if (event.type === 'conflict')
        target.write({ type: 'conflict', worldUtc, ...base, step: event.step, kind: event.kind });
      else if (event.type === 'retry')
        target.write({
          type: 'retry',
          worldUtc,
          ...base,
          step: event.step,
          attempt: event.attempt,
          kind: event.kind,
          delayMs: event.delayMs,
        });
      else if (event.type === 'outcome')
        target.write({
          type: 'outcome',
          worldUtc,
          ...base,
          outcome: event.outcome,
          durationMs: event.durationMs,
          requests: event.requests,
          lastWriteStatus: event.lastWriteStatus,
          // The client's cause from the answer alone (a 200's violations show in the request lines).
          ...(event.outcome === 'applied' ? {} : { cause: failureCause(event) ?? 'other' }),
        });
    },
  };
  return { tap, sink };
}
