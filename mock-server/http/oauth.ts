/**
 * POST /oauth/token: the client-credentials grant the Genesys SDK performs (Basic auth or form fields),
 * checked against the harness's clients (mock-server/api/auth.ts); and the bearer check every API route
 * with `auth` runs before its handler.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CORRELATION_HEADER, sendError } from './error-replies.ts';
import type { Harness } from './harness.ts';

export { bearer } from './bearer.ts';

export function registerOAuth(app: FastifyInstance, harness: Harness): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  app.post('/oauth/token', async (request, reply) => {
    // Any body shape may arrive (JSON array, string, null): only own string fields count.
    const form =
      typeof request.body === 'object' && request.body !== null && !Array.isArray(request.body)
        ? (request.body as Record<string, unknown>)
        : {};
    const field = (name: string) =>
      Object.hasOwn(form, name) && typeof form[name] === 'string' ? form[name] : undefined;
    const basic = /^Basic\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    const [clientId, clientSecret] = basic?.[1]
      ? splitBasic(Buffer.from(basic[1], 'base64').toString('utf8'))
      : [field('client_id'), field('client_secret')];
    if (field('grant_type') !== 'client_credentials')
      return sendError(request, reply, 'badRequest', 'grant_type must be client_credentials');
    if (!clientId || !clientSecret) return sendError(request, reply, 'badCredentials');
    const grant = harness.auth.grant(clientId, clientSecret, field('scope'), harness.realNowMs());
    if (!grant.ok) return sendError(request, reply, grant.key, grant.message);
    return reply
      .header(CORRELATION_HEADER, request.id)
      .send({ access_token: grant.token, token_type: 'bearer', expires_in: grant.expiresInS });
  });
}

/** RFC 7617: the user id ends at the first colon; the secret may contain colons. */
function splitBasic(decoded: string): [string, string] {
  const colon = decoded.indexOf(':');
  return colon < 0 ? [decoded, ''] : [decoded.slice(0, colon), decoded.slice(colon + 1)];
}

/**
 * The bearer check of one API route: answers 401 (no, unknown or expired token) or 403 (the token lacks
 * the scope: writes need `workforce-management`) and returns the reply, or undefined to go on.
 */
export function refuseUnauthorized(
  harness: Harness,
  token: string | undefined,
  request: FastifyRequest,
  reply: FastifyReply,
  write: boolean,
): FastifyReply | undefined {
  const refusal = harness.auth.authorize(token, write, harness.realNowMs());
  return refusal ? sendError(request, reply, refusal.key, refusal.message) : undefined;
}
