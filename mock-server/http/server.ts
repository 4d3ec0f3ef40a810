/**
 * Fastify adapter: builds routes from the pure route table, adds OAuth, the control API, /metrics and
 * Genesys-shaped errors for everything Fastify itself refuses (bad JSON, oversized bodies, unknown
 * routes, bad URLs). Every response carries ININ-Correlation-Id, which is also Fastify's request id
 * (so pino log lines and ErrorBody.contextId agree).
 */
import Fastify from 'fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ROUTES, handle } from '../api/routes.ts';
import type { ApiRequest, RouteDef } from '../api/routes.ts';
import { Harness } from './harness.ts';
import type { HarnessOptions } from './harness.ts';
import { registerControlRoutes } from './control.ts';
import { CORRELATION_HEADER, clientErrorHandler, frameworkErrorHandler, installErrorReplies, sendError } from './error-replies.ts';
import { ServerMetrics } from './metrics.ts';
import { registerOAuth } from './oauth.ts';

export interface ServerOptions extends HarnessOptions {
  /** pino logging; off for in-process runs. */
  logger?: boolean;
  bodyLimitBytes?: number;
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}

function toApiRequest(request: FastifyRequest): ApiRequest {
  return {
    params: (request.params ?? {}) as Record<string, string>,
    query: (request.query ?? {}) as Record<string, string | undefined>,
    headers: request.headers as Record<string, string | undefined>,
    body: request.body,
  };
}

function registerRoute(app: FastifyInstance, harness: Harness, route: RouteDef): void {
  const countKey = `${route.method} ${route.url} `;
  app.route({
    method: route.method,
    url: route.url,
    handler: async (request, reply) => {
      request.wfmRoute = route.url;
      if (route.auth) {
        const token = bearer(request);
        if (!token || !harness.hasToken(token)) {
          harness.countRequest(`${countKey}401`);
          return sendError(request, reply, 'unauthorized');
        }
      }
      const nowMs = harness.advance();
      const response = handle(route, { store: harness.store, nowMs, correlationId: request.id }, toApiRequest(request));
      harness.countRequest(countKey + response.status);
      if (response.cause !== undefined) request.wfmCause = response.cause;
      reply.code(response.status).header(CORRELATION_HEADER, request.id);
      for (const [name, value] of Object.entries(response.headers ?? {})) reply.header(name, value);
      return reply.send(response.body ?? null);
    },
  });
}

export async function buildServer(options: ServerOptions): Promise<{ app: FastifyInstance; harness: Harness }> {
  const harness = new Harness(options);
  const metrics = new ServerMetrics(harness);
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimitBytes ?? 1_048_576,
    genReqId: () => harness.newCorrelationId(),
    frameworkErrors: (error, request, reply) => frameworkErrorHandler(error, request, reply, metrics),
    clientErrorHandler: clientErrorHandler(harness, metrics),
  });
  metrics.countRequests(app);
  installErrorReplies(app);
  registerOAuth(app, harness);
  for (const route of ROUTES) registerRoute(app, harness, route);
  // The API routes, OAuth and every error reply set ININ-Correlation-Id themselves (the API routes are
  // the hot path, and a hook costs a few per cent of throughput there); the harness's own routes get it
  // from a hook scoped to them.
  app.register(async (scope) => {
    scope.addHook('onRequest', (request, reply, done) => {
      reply.header(CORRELATION_HEADER, request.id);
      done();
    });
    registerControlRoutes(scope, harness);
    metrics.registerRoute(scope);
  });
  await app.ready();
  return { app, harness };
}
