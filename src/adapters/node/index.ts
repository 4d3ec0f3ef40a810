/** Node runtime adapters for the sync core: fetch transport, monotonic clock, timer sleep. */
import { performance } from 'node:perf_hooks';
import type { Clock, HttpRequest, HttpResponse, Sleep, Transport } from '../../core/ports.ts';

export const nodeClock: Clock = { nowMs: () => performance.now() };

export const nodeSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

export interface FetchTransportOptions {
  baseUrl: string;
  token?: string;
  timeoutMs?: number;
}

/** A network error or timeout answers status 0: the outcome is ambiguous and the core resolves it by reading. */
export function fetchTransport(options: FetchTransportOptions): Transport & { setToken(token: string): void } {
  let token = options.token;
  return {
    setToken(next: string) {
      token = next;
    },
    async request(req: HttpRequest): Promise<HttpResponse> {
      const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
      if (token) headers['authorization'] = `Bearer ${token}`;
      if (req.body !== undefined) headers['content-type'] = 'application/json';
      try {
        const res = await fetch(new URL(req.path, options.baseUrl), {
          method: req.method,
          headers,
          body: req.body === undefined ? null : JSON.stringify(req.body),
          signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
        });
        const text = await res.text();
        const responseHeaders: Record<string, string> = {};
        res.headers.forEach((value, name) => {
          responseHeaders[name.toLowerCase()] = value;
        });
        return { status: res.status, headers: responseHeaders, body: text ? safeJson(text) : undefined };
      } catch (error) {
        // AbortSignal.timeout() rejects with a TimeoutError; anything else is a connection that failed or closed.
        return {
          status: 0,
          headers: {},
          body: undefined,
          error: (error as Error).name === 'TimeoutError' ? 'timeout' : 'closed',
        };
      }
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** POST /oauth/token with client credentials (Basic auth, form body), as the Genesys SDK does. */
export async function clientCredentialsToken(baseUrl: string, clientId: string, clientSecret: string): Promise<string> {
  const res = await fetch(new URL('/oauth/token', baseUrl), {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  const body = (await res.json()) as { access_token?: string; message?: string };
  if (!res.ok || !body.access_token) throw new Error(`login failed: ${res.status} ${body.message ?? ''}`);
  return body.access_token;
}
