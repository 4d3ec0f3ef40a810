/**
 * OAuth client credentials for a long run: log in once, and when a request answers 401 (the token
 * expired or was revoked) log in again once and resend that request once. A 401 means the request was
 * not processed, so resending a write is safe. Concurrent 401s share one login.
 */
import type { HttpRequest, HttpResponse, Transport } from '../../core/ports.ts';
import { clientCredentialsToken, fetchTransport } from './index.ts';

export interface ReauthTransport extends Transport {
  /** Logins so far, the first included. */
  readonly logins: number;
}

export interface ReauthOptions {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  timeoutMs?: number;
  /** Injected for tests; defaults to POST /oauth/token with Basic auth and a form body. */
  login?: () => Promise<string>;
}

export async function reauthTransport(options: ReauthOptions): Promise<ReauthTransport> {
  const login =
    options.login ?? (() => clientCredentialsToken(options.baseUrl, options.clientId, options.clientSecret));
  const inner = fetchTransport({
    baseUrl: options.baseUrl,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  let token = await login();
  let logins = 1;
  inner.setToken(token);
  let pending: Promise<string> | undefined;

  const relogin = async (staleToken: string): Promise<void> => {
    if (token !== staleToken) return; // another request already logged in again
    pending ??= login().finally(() => {
      pending = undefined;
    });
    const fresh = await pending;
    if (token === staleToken) {
      token = fresh;
      logins++;
      inner.setToken(fresh);
    }
  };

  return {
    get logins() {
      return logins;
    },
    async request(req: HttpRequest): Promise<HttpResponse> {
      const sentWith = token;
      const response = await inner.request(req);
      if (response.status !== 401) return response;
      try {
        await relogin(sentWith);
      } catch {
        return response; // the login failed too: the 401 stands (classified 'auth', permanent)
      }
      return inner.request(req);
    },
  };
}
