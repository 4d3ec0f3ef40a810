/**
 * OAuth client credentials, pure: configured clients, the tokens they were given, their expiry and
 * scopes. Expiry is measured in REAL milliseconds (a token is an HTTP-client concern, and expires_in is
 * real seconds on the wire), read from the clock the caller passes in, never from the world clock.
 * With no clients configured any id and secret get full scope for 24 h (docs/mock-server.md "OAuth").
 */
import { z } from 'zod';
import type { ERRORS } from './errors.ts';

/** Genesys' WFM scopes: the first allows reads and writes, the second only reads. */
export const SCOPE_WRITE = 'workforce-management';
export const SCOPE_READONLY = 'workforce-management:readonly';
export const SCOPES = [SCOPE_WRITE, SCOPE_READONLY] as const;
export type Scope = (typeof SCOPES)[number];

export const DEFAULT_TOKEN_TTL_S = 86_400;
/** A year: longer would outlive any run and only hide a missing refresh. */
const MAX_TOKEN_TTL_S = 31_536_000;

export const oauthClient = z
  .object({
    clientId: z.string().min(1).max(256),
    clientSecret: z.string().min(1).max(256),
    scopes: z.array(z.enum(SCOPES)).min(1).default([SCOPE_WRITE]),
    tokenTtlS: z.number().int().min(1).max(MAX_TOKEN_TTL_S).default(DEFAULT_TOKEN_TTL_S),
    /** Its tokens may call the harness control routes (/__harness/*), which are closed to every other client
     * once any client is configured. */
    harnessAdmin: z.boolean().optional(),
  })
  .strict();

export const oauthClients = z
  .array(oauthClient)
  .max(1_000)
  .refine((clients) => new Set(clients.map((c) => c.clientId)).size === clients.length, 'clientId must be unique');

export type OAuthClient = z.output<typeof oauthClient>;

type ErrorKey = keyof typeof ERRORS;

export type Grant =
  | { ok: true; token: string; expiresInS: number; scopes: readonly Scope[] }
  | { ok: false; key: ErrorKey; message: string };

/** Why a request was refused (an ERRORS key, which also labels it in metrics); undefined when it may go on. */
export interface AuthRefusal {
  key: ErrorKey;
  message?: string;
}

interface TokenInfo {
  /** The OAuth client it was granted to: the owner of the jobs it starts (job-routes.ts). */
  clientId: string;
  expiresAtMs: number;
  scopes: readonly Scope[];
  harnessAdmin: boolean;
  /** "<clientId>#<n>", the client's n-th login: who sent a request, in the journal, without the token itself. */
  label: string;
}

/**
 * Tokens held at most (count). Above it the oldest-issued token is dropped (a client that logged in
 * 10,000 times since has long replaced it); its holder gets 401 and logs in again, as after expiry.
 */
export const DEFAULT_MAX_TOKENS = 10_000;

/** Client ids whose logins are counted one by one (count): configured clients are at most 1,000 (oauthClients). */
export const MAX_COUNTED_CLIENTS = 1_000;
/** Characters of a client id kept in a token's label and the logins count (open mode takes any id, of any length). */
export const CLIENT_ID_LABEL_MAX = 64;

function shortId(clientId: string): string {
  return clientId.length <= CLIENT_ID_LABEL_MAX ? clientId : `${clientId.slice(0, CLIENT_ID_LABEL_MAX)}…`;
}

export class TokenStore {
  /** Insertion-ordered: the first key is the oldest-issued token, so dropping it is O(1). */
  private readonly tokens = new Map<string, TokenInfo>();
  private readonly clients: ReadonlyMap<string, OAuthClient> | undefined;
  /** Tokens granted per client id since start (reset() keeps them): at most MAX_COUNTED_CLIENTS ids, the rest under '(other)'. */
  private readonly grants = new Map<string, number>();

  /** `clients` undefined or empty: open mode (any id/secret, full scope, 24 h). */
  constructor(
    clients: readonly OAuthClient[] | undefined,
    private readonly newToken: () => string,
    private readonly maxTokens = DEFAULT_MAX_TOKENS,
  ) {
    if (!(Number.isInteger(maxTokens) && maxTokens >= 1))
      throw new Error(`maxTokens must be an integer >= 1, got ${maxTokens}`);
    this.clients = clients && clients.length > 0 ? new Map(clients.map((c) => [c.clientId, c])) : undefined;
  }

  /** The client-credentials grant. `requestedScope` is the form's space-separated `scope`, if sent. */
  grant(clientId: string, clientSecret: string, requestedScope: string | undefined, realNowMs: number): Grant {
    const client = this.clients
      ? this.clients.get(clientId)
      : { clientId, clientSecret, scopes: [...SCOPES], tokenTtlS: DEFAULT_TOKEN_TTL_S, harnessAdmin: true };
    if (!client || client.clientSecret !== clientSecret)
      return { ok: false, key: 'badCredentials', message: 'Invalid client credentials' };
    let scopes: readonly Scope[] = client.scopes;
    if (requestedScope !== undefined && requestedScope.trim() !== '') {
      const requested = [...new Set(requestedScope.trim().split(/\s+/))];
      // The write scope includes reading, so a client holding it may ask for the readonly one alone.
      const refused = requested.filter(
        (s) => !(s === SCOPE_READONLY ? scopes.length > 0 : scopes.includes(s as Scope)),
      );
      if (refused.length > 0)
        return {
          ok: false,
          key: 'badRequest',
          message: `scope not granted to client ${clientId}: ${refused.join(' ')}`,
        };
      scopes = requested as Scope[];
    }
    this.dropOldest(realNowMs);
    const token = this.newToken();
    this.tokens.set(token, {
      clientId: client.clientId,
      expiresAtMs: realNowMs + client.tokenTtlS * 1000,
      scopes,
      harnessAdmin: client.harnessAdmin === true,
      label: `${shortId(client.clientId)}#${this.countGrant(shortId(client.clientId))}`,
    });
    return { ok: true, token, expiresInS: client.tokenTtlS, scopes };
  }

  /** May a request with this bearer token (undefined: none sent) call a route that writes or not? */
  authorize(token: string | undefined, write: boolean, realNowMs: number): AuthRefusal | undefined {
    if (token === undefined) return { key: 'unauthorized' };
    const info = this.tokens.get(token);
    // An unknown token gets the same code as a missing one (docs/mock-server.md "OAuth"): either way, log in.
    if (!info)
      return { key: 'unauthorized', message: 'The bearer token is not valid. Request a new one from /oauth/token.' };
    if (realNowMs >= info.expiresAtMs) return { key: 'tokenExpired' };
    const allowed = write ? info.scopes.includes(SCOPE_WRITE) : info.scopes.length > 0;
    if (!allowed)
      return {
        key: 'missingScope',
        message: `Unable to perform the requested action. The token is missing the OAuth scope: ${SCOPE_WRITE}`,
      };
    return undefined;
  }

  /**
   * May this request call a harness control route? Open when no clients are configured (as the API is);
   * otherwise only with a live token of a client configured with harnessAdmin: true (docs/mock-server.md "OAuth").
   */
  authorizeHarness(token: string | undefined, realNowMs: number): AuthRefusal | undefined {
    if (!this.clients) return undefined;
    if (token === undefined)
      return {
        key: 'unauthorized',
        message: 'The harness control routes need a bearer token of a client with harnessAdmin: true.',
      };
    const info = this.tokens.get(token);
    if (!info)
      return { key: 'unauthorized', message: 'The bearer token is not valid. Request a new one from /oauth/token.' };
    if (realNowMs >= info.expiresAtMs) return { key: 'tokenExpired' };
    if (!info.harnessAdmin)
      return {
        key: 'missingScope',
        message: `Client ${info.clientId} is not a harness admin (harnessAdmin: true in the serve config) and may not call /__harness/*`,
      };
    return undefined;
  }

  /** The client a token was granted to (undefined: not a token this server issued). */
  clientOf(token: string): string | undefined {
    return this.tokens.get(token)?.clientId;
  }

  /** The "<clientId>#<n>" label of a token this server issued (undefined: not one). */
  labelOf(token: string): string | undefined {
    return this.tokens.get(token)?.label;
  }

  /** Tokens granted per client id so far (GET /__harness/run): a client that logs in per request shows here. */
  grantsByClient(): Record<string, number> {
    return Object.fromEntries(this.grants);
  }

  private countGrant(clientId: string): number {
    const key = this.grants.has(clientId) || this.grants.size < MAX_COUNTED_CLIENTS ? clientId : '(other)';
    const n = (this.grants.get(key) ?? 0) + 1;
    this.grants.set(key, n);
    return n;
  }

  /** Live tokens held (the bounds test reads it). */
  get size(): number {
    return this.tokens.size;
  }

  /**
   * Drop expired tokens from the oldest end, and the oldest ones while at the bound: amortised O(1) per
   * grant (each token is dropped once), where sweeping the whole map made every grant slower than the last.
   * An expired token behind a live older one waits for it (TTLs differ per client); the count bound holds.
   */
  private dropOldest(realNowMs: number): void {
    for (const [token, info] of this.tokens) {
      if (this.tokens.size < this.maxTokens && realNowMs < info.expiresAtMs) return;
      this.tokens.delete(token);
    }
  }
}
