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
import { registerControlRoutes } from './control.ts';
import {
  CORRELATION_HEADER,
  clientErrorHandler,
  frameworkErrorHandler,
  installErrorReplies,
  sendError,
} from './error-replies.ts';
import { ServerMetrics, journalUnanswered } from './metrics.ts';
import { bearer, refuseUnauthorized, registerOAuth } from './oauth.ts';
import { installApiDocs } from './docs.ts';
import { nonCanonicalReason } from './canonical-path.ts';
import { withUtf8LegacyId } from './header-utf8.ts';
import { closeStalledWriters } from './slow-reader.ts';
import { TIMEOUTS } from './server-options.ts';
import type { ServerOptions } from './server-options.ts';

export { TIMEOUTS };
export type { ServerOptions };

function toApiRequest(request: FastifyRequest): ApiRequest {
  return {
    params: (request.params ?? {}) as Record<string, string>,
    query: (request.query ?? {}) as Record<string, string | undefined>,
    headers: withUtf8LegacyId(request.headers) as Record<string, string | undefined>,
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
  if (fate.kind !== 'answer')
    journalUnanswered(
      harness,
      request,
      reply,
      `${route.method} ${route.url}`,
      fate.kind === 'hang' ? 'hang' : fate.label,
    );
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

/**
 * A request target that is not the canonical spelling of its path is a 400 before any route runs
 * (http/canonical-path.ts). The raw target is read: Fastify's request.url is the same string, but
 * fastify.inject has already normalised what it was given, so on a real socket this is the only guard.
 */
function refuseNonCanonicalTargets(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    const reason = nonCanonicalReason(request.raw.url ?? '');
    if (reason === undefined) return done();
    sendError(request, reply, 'badUrl', `The request URL is not in canonical form: ${reason}`);
  });
}

export async function buildServer(options: ServerOptions): Promise<{ app: FastifyInstance; harness: Harness }> {
  const harness = new Harness(options);
  const metrics = new ServerMetrics(harness);
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimitBytes ?? 1_048_576,
    requestTimeout: options.requestTimeoutMs ?? TIMEOUTS.requestTimeoutMs,
    connectionTimeout: options.connectionTimeoutMs ?? TIMEOUTS.connectionTimeoutMs,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? TIMEOUTS.keepAliveTimeoutMs,
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
  refuseNonCanonicalTargets(app);
  installApiDocs(app); // first: its onRoute hook lists every route registered after it
  registerOAuth(app, harness);
  for (const route of ROUTES) registerRoute(app, harness, route);
  // The API routes, OAuth and every error reply set ININ-Correlation-Id themselves (the API routes are
  // the hot path, and a hook costs a few per cent of throughput there); the harness's own routes get it
  // from a hook scoped to them.
  app.register(async (scope) => {
    // Every route of this scope is a control route, so the hook runs on whatever the router matched
    // there, however the path was spelled: authorisation by the matched route, never by the URL's text.
    scope.addHook('onRequest', (request, reply, done) => {
      reply.header(CORRELATION_HEADER, request.id);
      const refusal = harness.auth.authorizeHarness(bearer(request), harness.realNowMs());
      // An answer sent from a hook ends the request: done() is not called then (Fastify "Respond to a request from a hook").
      if (refusal) sendError(request, reply, refusal.key, refusal.message);
      else done();
    });
    registerControlRoutes(scope, harness);
  });
  // /metrics stays open (a Prometheus scrape carries no token).
  app.register(async (scope) => {
    scope.addHook('onRequest', (request, reply, done) => {
      reply.header(CORRELATION_HEADER, request.id);
      done();
    });
    metrics.registerRoute(scope);
  });
  closeStalledWriters(
    app.server,
    options.writeStallMs ?? TIMEOUTS.writeStallMs,
    options.timeoutCheckIntervalMs ?? TIMEOUTS.timeoutCheckIntervalMs,
  );
  await app.ready();
  return { app, harness };
}
