/**
 * The mock WFM server without sockets: requests are routed with find-my-way into the mock's own request
 * pipeline (mock-server/api/pipeline.ts), so faults, validation, domain rules, pressures, error bodies and
 * counts are the code the Fastify server runs. Auth is skipped in-process (no login to simulate).
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
import { ROUTES } from '../../mock-server/api/routes.ts';
import type { RouteDef } from '../../mock-server/api/routes.ts';
import { arrive, serveRequest } from '../../mock-server/api/pipeline.ts';
import type { AnswerTally, PipelineHost } from '../../mock-server/api/pipeline.ts';
import type { RateLimiter } from '../../mock-server/api/rate-limits.ts';
import { RefusalCounter } from '../../mock-server/api/refusal-counter.ts';
import type { FaultDecision, FaultInjector } from '../../mock-server/api/faults.ts';
import type { WfmStore } from '../../mock-server/domain/store.ts';
import type { ServedNote } from './served-note.ts';

export type WireMode = 'objects' | 'json';

function jsonCopy(body: unknown): unknown {
  return body === undefined ? undefined : JSON.parse(JSON.stringify(body));
}

function same(body: unknown): unknown {
  return body;
}

const NO_HEADERS: Record<string, string | undefined> = Object.freeze({}) as Record<string, string | undefined>;

interface FoundRoute {
  route: RouteDef;
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
    for (const route of ROUTES) sharedRouter.on(route.method, route.url, () => undefined, route);
  }
  return sharedRouter;
}

export class InProcessServer implements PipelineHost {
  private readonly router = router();
  /** Answers per route, by status (the hot path: no key strings); unrouted and unanswered under their own keys. */
  private readonly answers = new Map<RouteDef, Record<number, number>>(ROUTES.map((route) => [route, {}]));
  private readonly other: Record<string, number> = {};
  private requests = 0;
  private readonly routes = new Map<string, Map<string, FoundRoute>>();
  private readonly wire: (body: unknown) => unknown;
  /** Refusals of the run by status and cause (the server truth's rejections). */
  readonly refusals = new RefusalCounter();
  /**
   * What the server made of the request it handled last (one object, rewritten per request): the link that
   * sent it reads it at once, so a trade's failures are known from the server's side too (served-note.ts).
   */
  readonly lastServed: ServedNote = { status: 0, cause: undefined, fate: 'answer' };

  readonly tally: AnswerTally = {
    answered: (route, status) => {
      const counts = this.answers.get(route) as Record<number, number>;
      counts[status] = (counts[status] ?? 0) + 1;
    },
    unanswered: (route, label) => this.countOther(`${route.method} ${route.url} ${label}`),
  };

  /**
   * `rateLimits`: the scenario's limiter (api/rate-limits.ts); a call's principal is the client token its link
   * carries (a load spread over clients), else the one 'anonymous' principal.
   * `faults`: the same injector the Fastify server uses (api/faults.ts), drawn by the pipeline as a request arrives.
   */
  constructor(
    readonly store: WfmStore,
    private readonly worldNowMs: () => number,
    wireMode: WireMode = 'objects',
    readonly rateLimits?: RateLimiter,
    readonly faults?: FaultInjector,
  ) {
    this.wire = wireMode === 'json' ? jsonCopy : same;
  }

  /** The pipeline's clock step: virtual time is world time. */
  advance(): number {
    const nowMs = this.worldNowMs();
    this.store.advanceTo(nowMs);
    return nowMs;
  }

  private countOther(key: string): void {
    this.other[key] = (this.other[key] ?? 0) + 1;
  }

  /** Answers by "METHOD url status", like the Fastify harness counts them. */
  requestCounts(): Record<string, number> {
    const entries: Array<[string, number]> = Object.entries(this.other);
    for (const [route, counts] of this.answers) {
      for (const [status, n] of Object.entries(counts)) entries.push([`${route.method} ${route.url} ${status}`, n]);
    }
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
      found = {
        route: match.store as RouteDef,
        params: Object.freeze(match.params as Record<string, string>),
        query: Object.freeze(match.searchParams),
      };
      if (byPath.size < MAX_CACHED_PATHS) byPath.set(path, found);
    }
    return found;
  }

  /** Pipeline step 1 (api/pipeline.ts): the fault as the request arrives; the link waits its latency. */
  decideFault(req: HttpRequest): FaultDecision | undefined {
    const found = this.faults ? this.route(req.method, req.path) : undefined;
    return found ? arrive(this, found.route) : undefined;
  }

  /**
   * Pipeline step 2: the request's answer; a closed connection answers status 0, as a lost socket does;
   * undefined: the request hangs, and the link's request timeout answers it (network.ts).
   */
  handle(req: HttpRequest, fault?: FaultDecision, principal?: string): HttpResponse | undefined {
    const correlationId = 'sim-' + ++this.requests;
    const found = this.route(req.method, req.path);
    if (!found) {
      this.countOther(`${req.method} (no route) 404`);
      const body = errorBody(ERRORS.routeNotFound, correlationId, {
        message: `No route for ${req.method} ${req.path.split('?')[0]}`,
      });
      return { status: 404, headers: { 'inin-correlation-id': correlationId }, body: this.wire(body) };
    }
    const served = serveRequest(
      this,
      found.route,
      principal === undefined ? { correlationId } : { correlationId, principal },
      { params: found.params, query: found.query, headers: req.headers ?? NO_HEADERS, body: this.wire(req.body) },
      fault,
    );
    const note = this.lastServed;
    if (served.kind === 'hang') {
      note.status = 0;
      note.cause = undefined;
      note.fate = 'hang';
      return undefined;
    }
    if (served.kind === 'closed') {
      note.status = 0;
      note.cause = served.label;
      note.fate = 'closed';
      return { status: 0, headers: {}, body: undefined, error: 'closed' };
    }
    const response = served.response;
    note.status = response.status;
    note.cause = response.cause;
    note.fate = 'answer';
    const headers: Record<string, string> = { 'inin-correlation-id': correlationId };
    if (response.headers)
      for (const name in response.headers) headers[name.toLowerCase()] = response.headers[name] as string;
    return { status: response.status, headers, body: this.wire(response.body) };
  }
}
