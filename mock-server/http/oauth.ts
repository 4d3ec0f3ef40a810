/** POST /oauth/token: the client-credentials grant the Genesys SDK performs (Basic auth or form fields). */
import type { FastifyInstance } from 'fastify';
import { CORRELATION_HEADER, sendError } from './error-replies.ts';
import type { Harness } from './harness.ts';

export function registerOAuth(app: FastifyInstance, harness: Harness): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  app.post('/oauth/token', async (request, reply) => {
    // Any body shape may arrive (JSON array, string, null): only own string fields count.
    const form = typeof request.body === 'object' && request.body !== null && !Array.isArray(request.body) ? (request.body as Record<string, unknown>) : {};
    const field = (name: string) => (Object.hasOwn(form, name) && typeof form[name] === 'string' ? form[name] : undefined);
    const basic = /^Basic\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    const [clientId, clientSecret] = basic?.[1] ? Buffer.from(basic[1], 'base64').toString('utf8').split(':') : [field('client_id'), field('client_secret')];
    if (field('grant_type') !== 'client_credentials') return sendError(request, reply, 'badRequest', 'grant_type must be client_credentials');
    if (!clientId || !clientSecret) return sendError(request, reply, 'badCredentials');
    return reply.header(CORRELATION_HEADER, request.id).send({ access_token: harness.issueToken(), token_type: 'bearer', expires_in: 86_400 });
  });
}
