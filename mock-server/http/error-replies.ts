/**
 * Genesys-shaped answers for everything refused outside the route table: bad JSON, oversized bodies,
 * unknown routes, undecodable URLs, over-long path parameters, and connections Node's HTTP parser
 * rejects before Fastify sees a request. Every one is an ErrorBody whose contextId equals the
 * ININ-Correlation-Id header, and none is a 5xx unless the server itself is broken.
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CORRELATION_HEADER } from '../../src/contract/wire.ts';
import FindMyWay from 'find-my-way';
import type { HTTPMethod } from 'find-my-way';
import { ERRORS, errorBody } from '../api/errors.ts';
import type { Harness } from './harness.ts';
import type { ServerMetrics } from './metrics.ts';
import { UNMATCHED_ROUTE } from './metrics.ts';

export { CORRELATION_HEADER };

export type ErrorKey = keyof typeof ERRORS;

/** metrics cause label of a registry entry: 'invalidJson' → 'invalid-json'. */
function causeOf(key: ErrorKey): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Send the registry entry as a Genesys ErrorBody; contextId is the request id (= ININ-Correlation-Id). */
export function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  key: ErrorKey,
  message?: string,
  cause = causeOf(key),
): FastifyReply {
  const def = ERRORS[key];
  request.wfmCause = cause;
  return reply
    .code(def.status)
    .header(CORRELATION_HEADER, request.id)
    .type('application/json; charset=utf-8')
    .send(errorBody(def, request.id, message === undefined ? {} : { message }));
}

function keyForFastifyError(error: Partial<FastifyError>): ErrorKey | undefined {
  const status = error.statusCode ?? 500;
  if (status === 413) return 'payloadTooLarge';
  if (status === 415) return 'unsupportedMediaType';
  if (status >= 500) return undefined;
  if (error.code === 'FST_ERR_BAD_URL') return 'badUrl';
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') return 'uriTooLong';
  if (typeof error.code === 'string' && error.code.includes('JSON')) return 'invalidJson';
  return 'badRequest';
}

/** Errors Fastify raises while routing (frameworkErrors): bad percent-encoding, over-long path parameters. */
export function frameworkErrorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
  metrics: ServerMetrics,
): void {
  const key = keyForFastifyError(error) ?? 'badRequest';
  sendError(request, reply, key, key === 'badRequest' ? error.message : undefined);
  // These requests bypass the route's hooks, so onResponse does not count them.
  metrics.observeRequest(request.method, UNMATCHED_ROUTE, ERRORS[key].status, causeOf(key), 0);
}

export function installErrorReplies(app: FastifyInstance): void {
  app.setErrorHandler((error: Partial<FastifyError> & { message: string }, request, reply) => {
    // No route took it, but Fastify parsed its body first and failed (a QUERY without Content-Type was a
    // 400 "must provide a Content-Type"): the answer is the no-route one, 405 with Allow or 404.
    if (request.is404) return noRoute(request, reply);
    const key = keyForFastifyError(error);
    if (key) return sendError(request, reply, key, key === 'badRequest' ? error.message : undefined);
    // Only a bug in the mock gets here; say so in the log and keep the Genesys shape.
    request.log.error(error);
    return sendError(request, reply, 'internal');
  });
  // Every route's path in a router of its own, so a request no route took can be told apart: a known path
  // with another method (405 with Allow) or an unknown path (404).
  const paths = FindMyWay({ ignoreTrailingSlash: false });
  const methods = new Set<HTTPMethod>();
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat() as HTTPMethod[]) {
      methods.add(method);
      paths.on(method, route.url, () => undefined);
    }
  });
  const noRoute = (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const path = request.url.split('?')[0] ?? '';
    const allowed = [...methods].filter((method) => method !== request.method && paths.find(method, path) !== null);
    if (allowed.length > 0)
      return sendError(
        request,
        reply.header('allow', allowed.sort().join(', ')),
        'methodNotAllowed',
        `${request.method} is not allowed on ${path}; allowed: ${allowed.join(', ')}`,
      );
    return sendError(request, reply, 'routeNotFound', `No route for ${request.method} ${path}`);
  };
  app.setNotFoundHandler(noRoute);
}

/**
 * Node's HTTP parser refused the bytes (an unknown method, a malformed request line, headers too large,
 * a timeout): there is no request object, so write the Genesys answer on the socket and close it.
 */
export function clientErrorHandler(harness: Harness, metrics: ServerMetrics) {
  return (error: Error & { code?: string }, socket: Socket): void => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const key: ErrorKey =
      error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? 'requestTimeout'
        : error.code === 'HPE_HEADER_OVERFLOW'
          ? 'headersTooLarge'
          : 'badRequest';
    const def = ERRORS[key];
    const contextId = harness.newCorrelationId();
    const body = JSON.stringify(
      errorBody(def, contextId, key === 'badRequest' ? { message: 'The request could not be parsed as HTTP' } : {}),
    );
    if (socket.writable) {
      socket.write(
        `HTTP/1.1 ${def.status} ${STATUS_CODES[def.status] ?? 'Error'}\r\nContent-Type: application/json; charset=utf-8\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\n${CORRELATION_HEADER}: ${contextId}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    metrics.observeRequest('(unparsed)', UNMATCHED_ROUTE, def.status, causeOf(key), 0);
    socket.destroy();
  };
}
