/**
 * The official Genesys client (purecloud-platform-client-v2) pointed at a quiet mock on a real socket, and
 * the job poll both SDK tests use. The SDK's ApiClient is a process-wide singleton; node's runner gives
 * each test file its own process, so one setup per test is safe.
 */
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { setTimeout as delay } from 'node:timers/promises';
import type { AddressInfo } from 'node:net';
import { buildServer } from '../../../mock-server/http/server.ts';
import type { Harness } from '../../../mock-server/http/harness.ts';
import { dstParis } from '../../../src/scenario/file/catalogue.ts';
import { mockFromScenario } from '../../../src/world/mock-from-scenario.ts';

// The SDK is CommonJS and untyped here: its answers are read as plain JSON.
export type Json = Record<string, any>;
export interface Extended {
  status: number;
  headers: Record<string, string>;
  body: Json;
}

export const platformClient = createRequire(import.meta.url)('purecloud-platform-client-v2');

/** A dst-paris mock (quiet) listening on 127.0.0.1, the SDK logged in to it as `clientId`; closed after the test. */
export async function sdkAgainstMock(
  t: TestContext,
  seed: number,
  clientId: string,
): Promise<{ harness: Harness; wfm: any }> {
  const { app, harness } = await buildServer({ ...mockFromScenario(dstParis, seed), seed, quiet: true });
  t.after(() => app.close());
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  const client = platformClient.ApiClient.instance;
  client.setGateway({ host: '127.0.0.1', protocol: 'http', port });
  client.setReturnExtendedResponses(true);
  await client.loginClientCredentialsGrant(clientId, 'not-a-secret');
  return { harness, wfm: new platformClient.WorkforceManagementApi() };
}

/** Poll a job through the SDK until it leaves Processing (at most 200 polls, 10 real ms apart). */
export async function pollJob(read: () => Promise<Extended>): Promise<{ job: Json; polls: number }> {
  for (let polls = 1; polls <= 200; polls++) {
    await delay(10);
    const answer = await read();
    assert.equal(answer.status, 200);
    if (answer.body['status'] !== 'Processing') return { job: answer.body, polls };
  }
  assert.fail('the job never left Processing');
}
