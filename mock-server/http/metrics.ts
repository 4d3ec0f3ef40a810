/**
 * Prometheus metrics of one mock server (prom-client, a Registry per server so several servers in one
 * process never share counters): requests by route, status and cause, request duration, the lock hold
 * time and count of background re-saves, and the world clock. Served on GET /metrics.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { BackgroundResave } from '../domain/pressures/pressure.ts';
import type { Harness } from './harness.ts';
import { decorateJournalSubject, journalEntryOf } from './journal-subject.ts';
import { inner } from './maps.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Why the request was refused ('version', 'locked:dst-reconciliation', 'invalid-json', ...); '' until known. */
    wfmCause: string;
    /** The route template, set by the API handlers (cheaper than the routeOptions getter on the hot path). */
    wfmRoute: string;
  }
}

/** Label for requests that matched no route, so unknown paths cannot blow up the label set. */
export const UNMATCHED_ROUTE = '(unmatched)';

export class ServerMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'route' | 'status' | 'cause'>;
  private readonly duration: Histogram<'route'>;
  private readonly lockHold: Histogram<'holder'>;
  private readonly resaves: Counter<'by'>;
  /** Requests counted since the last scrape, folded into `requests` when it is collected. */
  private readonly requestTally = new RequestTally();
  /** One labels object per route, so an observation allocates none. */
  private readonly routeLabels = new Map<string, { route: string }>();
  private readonly journalRoutes = new Map<string, Map<string, string>>();

  constructor(private readonly harness: Harness) {
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'wfm_mock_requests_total',
      help: 'Requests answered, by route template, status and cause of refusal ("none" when accepted)',
      labelNames: ['method', 'route', 'status', 'cause'],
      registers,
      collect: () => this.requestTally.foldInto(this.requests),
    });
    this.duration = new Histogram({
      name: 'wfm_mock_request_duration_seconds',
      help: 'Time from request received to response sent, real seconds',
      labelNames: ['route'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    });
    this.lockHold = new Histogram({
      name: 'wfm_mock_lock_hold_seconds',
      help: 'How long each background re-save holds an agent schedule lock, world seconds',
      labelNames: ['holder'],
      buckets: [0.1, 0.5, 1, 5, 10, 15, 30, 60, 300],
      registers,
    });
    this.resaves = new Counter({
      name: 'wfm_mock_background_resaves_total',
      help: 'Agent schedules re-saved by background processes (each bumps versions)',
      labelNames: ['by'],
      registers,
    });
    new Gauge({
      name: 'wfm_mock_world_time_seconds',
      help: 'The world clock, Unix seconds',
      registers,
      collect() {
        this.set(harness.clock.nowMs() / 1000);
      },
    });
    harness.onBackgroundResaves = (events) => this.observeResaves(events);
  }

  observeResaves(events: readonly BackgroundResave[]): void {
    for (const event of events) {
      this.resaves.inc({ by: event.by });
      if (event.holdMs !== undefined) this.lockHold.observe({ holder: event.by }, event.holdMs / 1000);
    }
  }

  observeRequest(method: string, route: string, status: number, cause: string, seconds: number): void {
    this.requestTally.add(method, route, status, cause);
    let labels = this.routeLabels.get(route);
    if (labels === undefined) this.routeLabels.set(route, (labels = { route }));
    this.duration.observe(labels, seconds);
  }

  /** Count every answered request (onResponse, on the root instance so every route is covered). */
  countRequests(app: FastifyInstance): void {
    app.decorateRequest('wfmCause', '');
    app.decorateRequest('wfmRoute', '');
    decorateJournalSubject(app);
    app.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
      this.observeRequest(
        request.method,
        request.wfmRoute || (request.routeOptions.url ?? UNMATCHED_ROUTE),
        reply.statusCode,
        request.wfmCause,
        reply.elapsedTime / 1000,
      );
      // API requests only: the journal is what clients did, not the harness's control calls. Those an API
      // handler served set wfmRoute; one Fastify refused first (a body that is not JSON, an unknown /api/
      // path) is journaled under its route template or "(unmatched)", so observe counts it too.
      const route =
        request.wfmRoute ||
        (request.url.startsWith('/api/') && !request.url.startsWith('/api/docs')
          ? (request.routeOptions.url ?? UNMATCHED_ROUTE)
          : '');
      if (route)
        this.harness.journal.record(
          journalEntryOf(this.harness, request, reply, this.journalRoute(request.method, route)),
        );
      done();
    });
  }

  /** "METHOD template", one string per route, shared by all its journal entries (the journal keeps 50,000). */
  private journalRoute(method: string, route: string): string {
    const byMethod = inner(this.journalRoutes, route);
    let label = byMethod.get(method);
    if (label === undefined) byMethod.set(method, (label = `${method} ${route}`));
    return label;
  }

  registerRoute(app: FastifyInstance): void {
    app.get('/metrics', async (_request, reply) => {
      const text = await this.registry.metrics();
      return reply.type(this.registry.contentType).send(text);
    });
  }
}

/**
 * Counts of answered requests by (method, route, status, cause), kept as plain numbers and added to the
 * prom-client counter when /metrics is scraped: prom-client's inc() validates and hashes its labels object
 * on every call, which cost about a microsecond a request on the hot path.
 */
class RequestTally {
  /** method → route → status → cause → its cell; the labels object is built once per combination. */
  private readonly byMethod = new Map<string, Map<string, Map<number, Map<string, TallyCell>>>>();
  /** Every cell in the order of its first request, which is the order prom-client would list them in. */
  private readonly cells: TallyCell[] = [];

  add(method: string, route: string, status: number, cause: string): void {
    const byCause = inner(inner(inner(this.byMethod, method), route), status);
    let cell = byCause.get(cause);
    if (cell === undefined) {
      cell = {
        labels: { method, route, status: String(status), cause: cause || (status < 400 ? 'none' : 'unknown') },
        pending: 0,
      };
      byCause.set(cause, cell);
      this.cells.push(cell);
    }
    cell.pending++;
  }

  foldInto(counter: Counter<'method' | 'route' | 'status' | 'cause'>): void {
    for (const cell of this.cells) {
      if (cell.pending > 0) counter.inc(cell.labels, cell.pending);
      cell.pending = 0;
    }
  }
}

interface TallyCell {
  labels: Record<'method' | 'route' | 'status' | 'cause', string>;
  pending: number;
}
