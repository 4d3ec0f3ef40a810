/**
 * The mock WFM server without sockets: requests are routed with find-my-way into the mock's own pure
 * route table (mock-server/api/routes.ts ROUTES + handle), so validation, domain rules, pressures and
 * error bodies are the code the Fastify server runs. Auth is skipped in-process (no login to simulate).
 *
 * Bodies: with wire 'json' they cross as JSON text both ways, exactly as on a socket. The default,
 * 'objects', hands the objects over: zod's parse already copies every request body before a handler sees
 * it, and the views build fresh JSON-safe objects for every answer, so nothing is shared between client
 * and store. JSON text costs a quarter of the simulator's time; test/sim/in-process-server.test.ts keeps
 * the shortcut honest (both modes give the same numbers, every answer survives a JSON round trip).
 */
import FindMyWay from 'find-my-way';
import type { HttpRequest, HttpResponse } from '../core/ports.ts';
import { ERRORS, errorBody } from '../../mock-server/api/errors.ts';
import { ROUTES, handle } from '../../mock-server/api/routes.ts';
import type { ApiContext, RouteDef } from '../../mock-server/api/routes.ts';
import type { RateLimiter } from '../../mock-server/api/rate-limits.ts';
import type { FaultDecision, FaultInjector } from '../../mock-server/api/faults.ts';
import type { WfmStore } from '../../mock-server/domain/store.ts';

export type WireMode = 'objects' | 'json';

function jsonCopy(body: unknown): unknown {
  return body === undefined ? undefined : JSON.parse(JSON.stringify(body));
}

function same(body: unknown): unknown {
  return body;
}

const NO_HEADERS: Record<string, string | undefined> = Object.freeze({}) as Record<string, string | undefined>;

interface RouteEntry {
  route: RouteDef;
  /** Position in ROUTES: answers are counted per route index and status. */
  index: number;
}

interface FoundRoute {
  entry: RouteEntry;
  params: Record<string, string>;
  query: Record<string, string | undefined>;
}

/** Distinct paths remembered per method and server (a run's paths: a few per trade). */
const MAX_CACHED_PATHS = 4096;

/**
 * The route table never changes, so one router serves every simulated server (built on first use).
 * Module-level on purpose: it is built from the constant ROUTES only and never written after, so no run
 * leaves anything in it; building one per server would cost each of the sweep's many short runs.
 */
let sharedRouter: FindMyWay.Instance<FindMyWay.HTTPVersion.V1> | undefined;

function router(): FindMyWay.Instance<FindMyWay.HTTPVersion.V1> {
  if (!sharedRouter) {
    sharedRouter = FindMyWay();
    ROUTES.forEach((route, index) => sharedRouter?.on(route.method, route.url, () => undefined, { route, index } satisfies RouteEntry));
  }
  return sharedRouter;
}

export class InProcessServer {
  private readonly router = router();
  /** Answers per route index, by status; unrouted requests under their own keys. */
  private readonly answers: Array<Record<number, number>> = ROUTES.map(() => ({}));
  private readonly unrouted: Record<string, number> = {};
  private requests = 0;
  private readonly routes = new Map<string, Map<string, FoundRoute>>();
  private readonly wire: (body: unknown) => unknown;

  /** Answers lost after their write ran (drop-after-commit): by route, as "METHOD url status dropped". */
  private readonly dropped: Record<string, number> = {};

  /**
   * `rateLimits`: the scenario's limiter (api/rate-limits.ts); every in-process call is the one 'anonymous' principal.
   * `faults`: the same injector the Fastify server uses (api/faults.ts), decided per request by decideFault.
   */
  constructor(private readonly store: WfmStore, private readonly worldNowMs: () => number, wireMode: WireMode = 'objects', private readonly rateLimits?: RateLimiter, readonly faults?: FaultInjector) {
    this.wire = wireMode === 'json' ? jsonCopy : same;
  }

  /** Answers by "METHOD url status", like the Fastify harness counts them. */
  requestCounts(): Record<string, number> {
    const entries: Array<[string, number]> = Object.entries(this.unrouted);
    ROUTES.forEach((route, index) => {
      for (const [status, n] of Object.entries(this.answers[index] ?? {})) entries.push([`${route.method} ${route.url} ${status}`, n]);
    });
    entries.push(...Object.entries(this.dropped));
    return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  /**
   * find-my-way's answer for a method and path, remembered: the router never changes, so the same path
   * always finds the same route and parameters, and a run sends a handful of distinct paths many times.
   */
  private route(method: HttpRequest['method'], path: string): FoundRoute | undefined {
    let byPath = this.routes.get(method);
    if (!byPath) this.routes.set(method, (byPath = new Map()));
    let found = byPath.get(path);
    if (found === undefined) {
      const match = this.router.find(method, path);
      if (!match) return undefined;
      // find-my-way fills every declared parameter of a matched route. Frozen: every request to this
      // path gets these objects, so a handler that wrote to them would throw instead of leaking state.
      found = { entry: match.store as RouteEntry, params: Object.freeze(match.params as Record<string, string>), query: Object.freeze(match.searchParams) };
      if (byPath.size < MAX_CACHED_PATHS) byPath.set(path, found);
    }
    return found;
  }

  /**
   * The fault for a request as it arrives (undefined: none, or no route), drawn as the Fastify server
   * draws it: the network then holds the request for its latency (virtual ms) before handle().
   */
  decideFault(req: HttpRequest): FaultDecision | undefined {
    if (!this.faults) return undefined;
    const found = this.route(req.method, req.path);
    return found ? this.faults.decide(found.entry.route) : undefined;
  }

  handle(req: HttpRequest, fault?: FaultDecision): HttpResponse {
    const correlationId = 'sim-' + ++this.requests;
    const found = this.route(req.method, req.path);
    if (!found) {
      const key = `${req.method} (no route) 404`;
      this.unrouted[key] = (this.unrouted[key] ?? 0) + 1;
      const body = errorBody(ERRORS.routeNotFound, correlationId, { message: `No route for ${req.method} ${req.path.split('?')[0]}` });
      return { status: 404, headers: { 'inin-correlation-id': correlationId }, body: this.wire(body) };
    }
    const { route, index } = found.entry;
    const counts = this.answers[index] as Record<number, number>;
    if (fault?.action === 'error-5xx') {
      // Refused before the write runs: nothing committed (server.ts answers the same).
      counts[503] = (counts[503] ?? 0) + 1;
      return { status: 503, headers: { 'inin-correlation-id': correlationId }, body: this.wire(errorBody(ERRORS.serviceUnavailable, correlationId)) };
    }
    const nowMs = this.worldNowMs();
    this.store.advanceTo(nowMs);
    const ctx: ApiContext = { store: this.store, nowMs, correlationId };
    if (this.rateLimits) ctx.rateLimits = this.rateLimits;
    const response = handle(route, ctx, {
      params: found.params,
      query: found.query,
      headers: req.headers ?? NO_HEADERS,
      body: this.wire(req.body),
    });
    if (fault?.action === 'drop-after-commit') {
      // The write ran (or was refused); the client never hears which: status 0, as a lost connection.
      const key = `${route.method} ${route.url} ${response.status} dropped`;
      this.dropped[key] = (this.dropped[key] ?? 0) + 1;
      return { status: 0, headers: {}, body: undefined };
    }
    counts[response.status] = (counts[response.status] ?? 0) + 1;
    const headers: Record<string, string> = { 'inin-correlation-id': correlationId };
    if (response.headers) for (const name in response.headers) headers[name.toLowerCase()] = response.headers[name] as string;
    return { status: response.status, headers, body: this.wire(response.body) };
  }
}
