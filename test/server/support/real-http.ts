/**
 * A small HTTP client for tests and benches that need a real listening server: node:http with a
 * keep-alive agent, so N concurrent requests really travel on N sockets.
 */
import { Agent, request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../../mock-server/http/server.ts';
import type { Harness } from '../../../mock-server/http/harness.ts';
import type { ScenarioSpec } from '../../../src/scenario/spec.ts';
import { mockFromScenario } from '../../../src/world/mock-from-scenario.ts';

export interface RealResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

export class RealClient {
  readonly agent: Agent;

  constructor(
    readonly baseUrl: string,
    maxSockets: number,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets });
  }

  send(
    method: string,
    path: string,
    options: { headers?: Record<string, string>; body?: string } = {},
  ): Promise<RealResponse> {
    const url = new URL(path, this.baseUrl);
    const headers: Record<string, string> = { ...options.headers };
    if (options.body !== undefined) headers['content-length'] = String(Buffer.byteLength(options.body));
    return new Promise((resolve, reject) => {
      const req = request(
        {
          agent: this.agent,
          host: url.hostname,
          port: url.port,
          method,
          path: `${url.pathname}${url.search}`,
          headers,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              text: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(options.body);
    });
  }

  json(method: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<RealResponse> {
    return this.send(method, path, {
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  async token(): Promise<string> {
    const res = await this.send('POST', '/oauth/token', {
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from('harness:secret').toString('base64')}`,
      },
      body: 'grant_type=client_credentials',
    });
    if (res.status !== 200) throw new Error(`POST /oauth/token answered ${res.status}: ${res.text}`);
    return (JSON.parse(res.text) as { access_token: string }).access_token;
  }

  close(): void {
    this.agent.destroy();
  }
}

export function legacyTradesPath(managementUnitId: string, weekDate: string): string {
  return `/api/v2/workforcemanagement/managementunits/${managementUnitId}/weeks/${weekDate}/shifttrades`;
}

/**
 * A mock listening on 127.0.0.1 with a client holding `sockets` open keep-alive connections and a
 * token: each race trial's writes then really arrive on that many sockets at once.
 */
export async function raceServer(
  scenario: ScenarioSpec,
  seed: number,
  sockets: number,
): Promise<{ app: FastifyInstance; harness: Harness; client: RealClient; auth: Record<string, string> }> {
  const { app, harness } = await buildServer({ ...mockFromScenario(scenario, seed), seed, quiet: true });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address !== 'object') throw new Error('the mock has no address');
  const client = new RealClient(`http://127.0.0.1:${address.port}`, sockets);
  const auth = { authorization: `Bearer ${await client.token()}` };
  await Promise.all(Array.from({ length: sockets }, () => client.send('GET', '/__harness/clock')));
  const connections = await new Promise<number>((resolve, reject) =>
    app.server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
  );
  if (connections < sockets) throw new Error(`${connections} sockets open, want ${sockets}`);
  return { app, harness, client, auth };
}
