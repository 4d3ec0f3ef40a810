/**
 * The ONE request pipeline (DESIGN "Shape"): what happens to a request between the transport and the
 * route, written once for the Fastify adapter (http/server.ts) and the simulator's in-process server
 * (src/sim/in-process-server.ts), which differ only in how they move bytes and wait:
 *   1. arrive(): the fault for the request, drawn as it reaches the server; the runtime then waits its
 *      latency (the Fastify handler's waitWorld, the simulator link's event), as it waits network legs;
 *   2. serveRequest(): the outcome fault, if any, chooses the request's fate (fault-units/); otherwise
 *      advance the world clock, build the context, validate and handle the route, count its refusal
 *      once by {status, cause}, and count the answer — or the closed connection, or the hang.
 * A new fault, pressure or counter is written here or in a fault unit, once. Pure: no I/O, no timers.
 */
import type { WfmStore } from '../domain/store.ts';
import { ERRORS } from './errors.ts';
import type { FaultDecision, FaultInjector } from './faults.ts';
import { OUTCOME_FAULTS } from './faults.ts';
import type { Fate, Served } from './fault-units/fault-unit.ts';
import type { RateLimiter } from './rate-limits.ts';
import type { RefusalCounter } from './refusal-counter.ts';
import { errorResponse, handle } from './route-kit.ts';
import type { ApiContext, ApiRequest, ApiResponse, RouteDef } from './route-kit.ts';

export type { Served } from './fault-units/fault-unit.ts';

/** Where a runtime counts what became of each request (by route: the sim by index, the server by key). */
export interface AnswerTally {
  answered(route: RouteDef, status: number): void;
  /** No answer left: `label` is "<status> dropped", "reset" or "hang". */
  unanswered(route: RouteDef, label: string): void;
}

/** What the pipeline needs from its runtime: the store, the clock, the scenario's limits and faults. */
export interface PipelineHost {
  readonly store: WfmStore;
  readonly rateLimits?: RateLimiter | undefined;
  readonly faults?: FaultInjector | undefined;
  /** The world instant for this request, after applying every background event due by then. */
  advance(): number;
  readonly tally: AnswerTally;
  /** Refusals by status and cause (refusal-counter.ts): counted here, and by jobs and bulk entities through the context. */
  readonly refusals: RefusalCounter;
}

/** Who sent the request: the wrapper knows (the server's token and correlation id, the sim's counter). */
export interface Caller {
  correlationId: string;
  /** The bearer token (server.ts); undefined in-process. */
  principal?: string | undefined;
  /** The OAuth client the token was granted to. */
  client?: string | undefined;
}

/** Step 1: the fault for a request as it arrives; undefined (and no random draw) when faults are off. */
export function arrive(host: PipelineHost, route: RouteDef): FaultDecision | undefined {
  return host.faults?.decide(route);
}

/** Step 2: the request's fate, after the runtime has waited the fault's latency. */
export function serveRequest(
  host: PipelineHost,
  route: RouteDef,
  caller: Caller,
  request: ApiRequest,
  fault?: FaultDecision,
): Served {
  const served: Served =
    fault === undefined || fault.action === 'none'
      ? { kind: 'answer', response: runRoute(host, route, caller, request) }
      : OUTCOME_FAULTS[fault.action].serve(new PendingRequest(host, route, caller, request));
  if (served.kind === 'answer') host.tally.answered(route, served.response.status);
  else host.tally.unanswered(route, served.kind === 'hang' ? 'hang' : served.label);
  return served;
}

/**
 * A request an outcome fault decides on. A class, not an object of closures: the simulator serves
 * millions of requests, and a closure per request (named by esbuild's keepNames) cost 17% of its CPU.
 */
class PendingRequest implements Fate {
  constructor(
    private readonly host: PipelineHost,
    private readonly route: RouteDef,
    private readonly caller: Caller,
    private readonly request: ApiRequest,
  ) {}

  run(): ApiResponse {
    return runRoute(this.host, this.route, this.caller, this.request);
  }

  unavailable(): ApiResponse {
    return errorResponse(this.caller, ERRORS.serviceUnavailable, {}, 'fault:5xx');
  }
}

function runRoute(host: PipelineHost, route: RouteDef, caller: Caller, request: ApiRequest): ApiResponse {
  const ctx: ApiContext = {
    store: host.store,
    refusals: host.refusals,
    nowMs: host.advance(),
    correlationId: caller.correlationId,
  };
  if (caller.principal !== undefined) ctx.principal = caller.principal;
  if (caller.client !== undefined) ctx.client = caller.client;
  if (host.rateLimits) ctx.rateLimits = host.rateLimits;
  const response = handle(route, ctx, request);
  // Refusals are counted here, once, as data: every 4xx/5xx a route answers with a cause. A 200 that
  // carries a cause (a job that ran and failed) was counted by the job as it ran (job-routes.ts).
  if (response.status >= 400 && response.cause !== undefined)
    host.refusals.count({ status: response.status, cause: response.cause });
  return response;
}
