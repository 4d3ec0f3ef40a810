/**
 * A body trickled byte by byte is cut off by the request timeout (docs/cli.md "Timeouts"): the server answers
 * 408 with a Genesys ErrorBody and closes the connection, where it used to wait for as long as the client
 * kept trickling. Needs a real socket (fastify.inject has no slow client).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { buildServer } from '../../mock-server/http/server.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import { mockFromScenario } from '../../src/world/mock-from-scenario.ts';

test('a body trickled one byte at a time is cut off with 408 before the client finishes', async () => {
  const { app } = await buildServer({
    ...mockFromScenario(dstParis, 1),
    seed: 1,
    quiet: true,
    requestTimeoutMs: 300,
    timeoutCheckIntervalMs: 100,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  assert.ok(address && typeof address === 'object');
  const body = JSON.stringify({ worldTime: '2027-03-28T00:00:00Z' }).padEnd(200, ' ');
  const socket = connect(address.port, '127.0.0.1');
  let answer = '';
  let sent = 0;
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  socket.on('data', (chunk) => {
    answer += chunk.toString('utf8');
  });
  socket.on('error', () => undefined);
  socket.write(
    `PUT /__harness/clock HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
  );
  // One byte every 50 ms: the whole body would take 10 s.
  const trickle = setInterval(() => {
    if (socket.destroyed || sent >= body.length) return clearInterval(trickle);
    socket.write(body[sent++] as string);
  }, 50);
  await closed;
  clearInterval(trickle);
  assert.ok(sent < body.length, `cut off after ${sent} of ${body.length} bytes`);
  assert.match(answer, /^HTTP\/1\.1 408/);
  assert.match(answer, /"code":"request\.timeout"/);
  await app.close();
});
