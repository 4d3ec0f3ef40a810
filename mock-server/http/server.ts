/**
 * Fastify adapter: builds routes from the pure route table, adds OAuth, the control API and Genesys-
 * shaped errors for everything Fastify itself refuses (bad JSON, oversized bodies, unknown routes).
 */
import Fastify from 'fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ERRORS, errorBody } from '../api/errors.ts';
import type { ErrorDef } from '../api/errors.ts';
import { ROUTES, handle } from '../api/routes.ts';
import type { ApiRequest, RouteDef } from '../api/routes.ts';
import { Harness } from './harness.ts';
import type { HarnessOptions } from './harness.ts';
import { registerControlRoutes } from './control.ts';

export interface ServerOptions extends HarnessOptions {
  /** pino logging; off for in-process runs. */
  logger?: boolean;
  bodyLimitBytes?: number;
}

const CORRELATION_HEADER = 'inin-correlation-id';

function sendError(reply: FastifyReply, def: ErrorDef, contextId: string, message?: string): FastifyReply {
  return reply.code(def.status).header(CORRELATION_HEADER, contextId).send(errorBody(def, contextId, message === undefined ? {} : { message }));
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
  app.route({
    method: route.method,
    url: route.url,
    handler: async (request, reply) => {
      const correlationId = harness.newId();
      if (route.auth) {
        const token = bearer(request);
        if (!token || !harness.hasToken(token)) {
          harness.countRequest(`${route.method} ${route.url} 401`);
          return sendError(reply, ERRORS.unauthorized, correlationId);
        }
      }
      const nowMs = harness.advance();
      const response = handle(route, { store: harness.store, nowMs, correlationId }, toApiRequest(request));
      harness.countRequest(`${route.method} ${route.url} ${response.status}`);
      reply.code(response.status).header(CORRELATION_HEADER, correlationId);
      for (const [name, value] of Object.entries(response.headers ?? {})) reply.header(name, value);
      return reply.send(response.body ?? null);
    },
  });
}

function registerOAuth(app: FastifyInstance, harness: Harness): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  app.post('/oauth/token', async (request, reply) => {
    const correlationId = harness.newId();
    const form = (request.body ?? {}) as Record<string, string>;
    const basic = /^Basic\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    const [clientId, clientSecret] = basic?.[1] ? Buffer.from(basic[1], 'base64').toString('utf8').split(':') : [form['client_id'], form['client_secret']];
    if (form['grant_type'] !== 'client_credentials') return sendError(reply, ERRORS.badRequest, correlationId, 'grant_type must be client_credentials');
    if (!clientId || !clientSecret) return sendError(reply, ERRORS.badCredentials, correlationId);
    return reply.header(CORRELATION_HEADER, correlationId).send({ access_token: harness.issueToken(), token_type: 'bearer', expires_in: 86_400 });
  });
}

export async function buildServer(options: ServerOptions): Promise<{ app: FastifyInstance; harness: Harness }> {
  const harness = new Harness(options);
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: options.bodyLimitBytes ?? 1_048_576 });

  app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, request, reply) => {
    const status = error.statusCode ?? 500;
    const def = status === 413 ? ERRORS.payloadTooLarge : status === 415 ? ERRORS.unsupportedMediaType : error.code?.includes('JSON') ? ERRORS.invalidJson : status < 500 ? ERRORS.badRequest : undefined;
    if (!def) {
      request.log.error(error);
      const contextId = harness.newId();
      return reply.code(500).header(CORRELATION_HEADER, contextId).send({ message: 'Internal server error', code: 'internal.server.error', status: 500, contextId, details: [], errors: [] });
    }
    return sendError(reply, def, harness.newId(), def === ERRORS.badRequest ? error.message : undefined);
  });
  app.setNotFoundHandler((request, reply) => sendError(reply, ERRORS.routeNotFound, harness.newId(), `No route for ${request.method} ${request.url.split('?')[0]}`));

  registerOAuth(app, harness);
  for (const route of ROUTES) registerRoute(app, harness, route);
  registerControlRoutes(app, harness);
  await app.ready();
  return { app, harness };
}
