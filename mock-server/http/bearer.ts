/** The bearer token of a request, if any: the rate-limit principal, and (through its OAuth client) the owner of jobs. */
import type { FastifyRequest } from 'fastify';

export function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}
