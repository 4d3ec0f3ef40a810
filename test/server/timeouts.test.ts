/**
 * Real-time limits on a socket (docs/cli.md "Timeouts"). A body trickled byte by byte is cut off by the
 * request timeout: the server answers 408 with a Genesys ErrorBody and closes the connection, where it used
 * to wait for as long as the client kept trickling. An idle keep-alive socket closes at the documented 60 s
 * (it was 73 s), and a client that never reads its answers loses its socket once they stall (it kept it
 * about 115 s). Needs a real socket (fastify.inject has no slow client).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { TIMEOUTS, buildServer } from '../../mock-server/http/server.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import { mockFromScenario } from '../../src/world/mock-from-scenario.ts';
import { rawHttp } from './support/raw-http.ts';

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

test('an idle keep-alive socket is closed after the documented 60 s, and the answers say so', async () => {
  const { app } = await buildServer({ ...mockFromScenario(dstParis, 1), seed: 1, quiet: true });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as { port: number }).port;
  // Fastify's own default is 72 s (answers said keep-alive: timeout=72, sockets closed at 73 s).
  assert.equal(app.server.keepAliveTimeout, TIMEOUTS.keepAliveTimeoutMs);
  assert.equal(TIMEOUTS.keepAliveTimeoutMs, 60_000);
  const answer = await rawHttp(port, 'GET /__harness/clock HTTP/1.1\r\nHost: x\r\n\r\n');
  assert.equal(answer.headers['keep-alive'], 'timeout=60');
  await app.close();
});

test('the keep-alive timeout is what closes an idle socket (shortened to 400 ms here)', async () => {
  const { app } = await buildServer({
    ...mockFromScenario(dstParis, 1),
    seed: 1,
    quiet: true,
    keepAliveTimeoutMs: 400,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const socket = connect((app.server.address() as { port: number }).port, '127.0.0.1');
  const answered = new Promise<number>((resolve) => socket.once('data', () => resolve(performance.now())));
  const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(performance.now())));
  socket.write('GET /__harness/clock HTTP/1.1\r\nHost: x\r\n\r\n');
  const idleMs = (await closed) - (await answered);
  // Node closes at the timeout or up to about one check later; 5 s is far below the 60 s default.
  assert.ok(idleMs >= 350 && idleMs < 5_000, `closed after ${idleMs.toFixed(0)} ms idle`);
  await app.close();
});

test('a client that never reads its answers loses its socket once the queued answers stall (shortened to 1 s)', async () => {
  const { app } = await buildServer({
    ...mockFromScenario(dstParis, 1),
    seed: 1,
    quiet: true,
    writeStallMs: 1_000,
    timeoutCheckIntervalMs: 100,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  // Seen from the server: a client that does not read never learns its socket was closed.
  const closed = new Promise<number>((resolve) =>
    app.server.once('connection', (serverSide: Socket) => serverSide.on('close', () => resolve(performance.now()))),
  );
  const started = performance.now();
  const socket = connect((app.server.address() as { port: number }).port, '127.0.0.1');
  socket.on('error', () => undefined);
  socket.once('connect', () => {
    socket.pause(); // never reads: the world (about 20 KB a copy) fills the kernel's buffers, then Node's
    for (let i = 0; i < 400; i++) socket.write('GET /__harness/world HTTP/1.1\r\nHost: x\r\n\r\n');
  });
  const heldMs = (await closed) - started;
  // Filling loopback buffers takes well under a second here; the margin covers a loaded 2-core machine.
  // Without the stall bound the socket stayed open about 115 s.
  assert.ok(heldMs < 10_000, `held ${heldMs.toFixed(0)} ms`);
  socket.destroy();
  await app.close();
});
