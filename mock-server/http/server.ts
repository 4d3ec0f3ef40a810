/**
 * Fastify adapter: builds routes from the pure route table, adds OAuth, the control API, /metrics and
 * Genesys-shaped errors for everything Fastify itself refuses (bad JSON, oversized bodies, unknown
 * routes, bad URLs). Every response carries ININ-Correlation-Id, which is also Fastify's request id
 * (so pino log lines and ErrorBody.contextId agree).
 */
import { setTimeout as delay } from 'node:timers/promises';
import Fastify from 'fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ROUTES } from '../api/routes.ts';
import type { ApiRequest, ApiResponse, RouteDef } from '../api/routes.ts';
import type { Caller } from '../api/pipeline.ts';
import type { FaultDecision } from '../api/faults.ts';
import { arrive, serveRequest } from '../api/pipeline.ts';
import { Harness } from './harness.ts';
import type { HarnessOptions } from './harness.ts';
import { registerControlRoutes } from './control.ts';
import {
  CORRELATION_HEADER,
  clientErrorHandler,
  frameworkErrorHandler,
  installErrorReplies,
  sendError,
} from './error-replies.ts';
import { ServerMetrics } from './metrics.ts';
import { bearer, refuseUnauthorized, registerOAuth } from './oauth.ts';
import { installApiDocs } from './docs.ts';

export interface ServerOptions extends HarnessOptions {
  /** pino logging; off for in-process runs. */
  logger?: boolean | { level: string };
  bodyLimitBytes?: number;
  /** The whole request, headers and body, must arrive within this many real ms, else 408 (docs/cli.md "Timeouts"). */
  requestTimeoutMs?: number;
  /** A socket idle this many real ms is closed. */
  connectionTimeoutMs?: number;
  /** How often (real ms) Node checks requests against requestTimeoutMs; tests shorten it. */
  timeoutCheckIntervalMs?: number;
}

/**
 * Real-time limits (Genesys documents none for clients): 30 s for a whole request — a body trickled byte
 * by byte used to hold a request open for minutes — and 60 s of socket silence; Node checks every 1 s.
 */
export const TIMEOUTS = {
  requestTimeoutMs: 30_000,
  connectionTimeoutMs: 60_000,
  timeoutCheckIntervalMs: 1_000,
} as const;

function toApiRequest(request: FastifyRequest): ApiRequest {
  return {
    params: (request.params ?? {}) as Record<string, string>,
    query: (request.query ?? {}) as Record<string, string | undefined>,
    headers: request.headers as Record<string, string | undefined>,
    body: request.body,
  };
}

/** Wait a world duration in real time at the clock's current speed (DESIGN "Time: one axis"). */
function waitWorld(harness: Harness, worldMs: number): Promise<void> | undefined {
  return worldMs > 0 ? delay(worldMs / harness.clock.state().speed) : undefined;
}

/**
 * Ask the pipeline (api/pipeline.ts) for the request's fate; this adapter only waits and moves bytes.
 * The handler is synchronous unless there is something to wait for (a network leg, a fault's latency):
 * a quiet run then answers without a promise or a microtask per request. Each step returns the promise
 * of what is left when it has to wait, else undefined (the answer has been sent, or the reply hijacked).
 */
function registerRoute(app: FastifyInstance, harness: Harness, route: RouteDef): void {
  app.route({
    method: route.method,
    url: route.url,
    handler: (request, reply) => {
      request.wfmRoute = route.url;
      request.wfmWrite = route.write;
      request.wfmArrivedMs = harness.clock.nowMs();
      // The scenario's network (api/network-latency.ts): the request reaches the server after its
      // outbound leg, and every answer leaves after the inbound leg, as in the simulator.
      const outboundMs = harness.network?.outboundMs() ?? 0;
      const outbound = waitWorld(harness, outboundMs);
      return outbound
        ? outbound.then(() => arrived(harness, route, request, reply, outboundMs))
        : arrived(harness, route, request, reply, outboundMs);
    },
  });
}

/** The request has arrived: the bearer check, then its fault, whose latency the runtime waits. */
function arrived(
  harness: Harness,
  route: RouteDef,
  request: FastifyRequest,
  reply: FastifyReply,
  outboundMs: number,
): Promise<void> | undefined {
  const token = bearer(request);
  if (route.auth) {
    // An auth refusal leaves without the inbound leg: no measured exchange ends in a 401/403.
    const refused = refuseUnauthorized(harness, token, request, reply, route.write);
    if (refused) {
      harness.tally.answered(route, refused.statusCode);
      return undefined;
    }
  }
  const fault = arrive(harness, route);
  const latency = fault ? waitWorld(harness, fault.latencyMs) : undefined;
  return latency
    ? latency.then(() => served(harness, route, token, request, reply, outboundMs, fault))
    : served(harness, route, token, request, reply, outboundMs, fault);
}

/** Serve it, then answer after the inbound leg (or close the connection, or never answer). */
function served(
  harness: Harness,
  route: RouteDef,
  token: string | undefined,
  request: FastifyRequest,
  reply: FastifyReply,
  outboundMs: number,
  fault: FaultDecision | undefined,
): Promise<void> | undefined {
  const caller: Caller = {
    correlationId: request.id,
    principal: token,
    client: token === undefined ? undefined : harness.auth.clientOf(token),
  };
  const fate = serveRequest(harness, route, caller, toApiRequest(request), fault);
  if (fate.kind === 'closed') {
    // Nothing leaves: the connection closes (drop-after-commit after the write, reset before it).
    reply.hijack();
    request.raw.socket.destroy();
    return undefined;
  }
  if (fate.kind === 'hang') {
    // Never answered: the client's own timeout ends it (or the socket's connectionTimeout, TIMEOUTS).
    reply.hijack();
    return undefined;
  }
  const inbound = waitWorld(harness, harness.network?.inboundMs(outboundMs) ?? 0);
  return inbound
    ? inbound.then(() => sendResponse(harness, request, reply, fate.response))
    : sendResponse(harness, request, reply, fate.response);
}

function sendResponse(
  harness: Harness,
  request: FastifyRequest,
  reply: FastifyReply,
  response: ApiResponse,
): undefined {
  request.wfmAnsweredMs = harness.clock.nowMs();
  if (response.cause !== undefined) request.wfmCause = response.cause;
  if (response.tradeId !== undefined) request.wfmTradeId = response.tradeId;
  if (response.jobId !== undefined) request.wfmJobId = response.jobId;
  reply.code(response.status).header(CORRELATION_HEADER, request.id);
  const headers = response.headers;
  if (headers !== undefined) for (const name in headers) reply.header(name, headers[name]);
  reply.send(response.body ?? null);
  return undefined;
}

export async function buildServer(options: ServerOptions): Promise<{ app: FastifyInstance; harness: Harness }> {
  const harness = new Harness(options);
  const metrics = new ServerMetrics(harness);
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimitBytes ?? 1_048_576,
    requestTimeout: options.requestTimeoutMs ?? TIMEOUTS.requestTimeoutMs,
    connectionTimeout: options.connectionTimeoutMs ?? TIMEOUTS.connectionTimeoutMs,
    // Node takes the request timeout that its periodic check enforces from the constructor options only:
    // Fastify's requestTimeout alone sets the property too late and a trickled body was never cut off.
    http: {
      requestTimeout: options.requestTimeoutMs ?? TIMEOUTS.requestTimeoutMs,
      connectionsCheckingInterval: options.timeoutCheckIntervalMs ?? TIMEOUTS.timeoutCheckIntervalMs,
    },
    genReqId: () => harness.newCorrelationId(),
    frameworkErrors: (error, request, reply) => frameworkErrorHandler(error, request, reply, metrics),
    clientErrorHandler: clientErrorHandler(harness, metrics),
  });
  metrics.countRequests(app);
  installErrorReplies(app);
  installApiDocs(app); // first: its onRoute hook lists every route registered after it
  registerOAuth(app, harness);
  for (const route of ROUTES) registerRoute(app, harness, route);
  // The API routes, OAuth and every error reply set ININ-Correlation-Id themselves (the API routes are
  // the hot path, and a hook costs a few per cent of throughput there); the harness's own routes get it
  // from a hook scoped to them.
  app.register(async (scope) => {
    scope.addHook('onRequest', (request, reply, done) => {
      reply.header(CORRELATION_HEADER, request.id);
      // /metrics stays open (a Prometheus scrape carries no token); the control routes need a harness admin once clients are configured.
      const refusal = request.url.startsWith('/__harness')
        ? harness.auth.authorizeHarness(bearer(request), harness.realNowMs())
        : undefined;
      // An answer sent from a hook ends the request: done() is not called then (Fastify "Respond to a request from a hook").
      if (refusal) sendError(request, reply, refusal.key, refusal.message);
      else done();
    });
    registerControlRoutes(scope, harness);
    metrics.registerRoute(scope);
  });
  await app.ready();
  return { app, harness };
}
