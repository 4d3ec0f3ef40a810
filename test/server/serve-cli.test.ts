/** `wfm-harness serve --config` and `wfm-harness openapi` as a user runs them: a child process. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROUTES } from '../../mock-server/api/routes.ts';
import { openApiPath } from '../../mock-server/http/openapi.ts';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const BIN = join(ROOT, 'bin/wfm-harness.js');
const dir = mkdtempSync(join(tmpdir(), 'serve-cli-'));

function start(args: string[]): { child: ChildProcess; stderr: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdout?.resume();
  const exit = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return { child, stderr: () => stderr, exit };
}

async function run(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const started = start(args);
  const code = await started.exit;
  return { code, stderr: started.stderr() };
}

test('a bad config file exits 2 naming the file and the field, and starts nothing', async () => {
  writeFileSync(
    join(dir, 'bad.json'),
    JSON.stringify({ port: 0, pressures: { dstReconciliation: { intervalMs: 10_000, holdMs: 20_000 } } }),
  );
  const { code, stderr } = await run(['serve', '--config', 'bad.json']);
  assert.equal(code, 2);
  assert.match(stderr, /bad\.json: pressures\.dstReconciliation\.holdMs: must be <= intervalMs/);
  assert.doesNotMatch(stderr, /listening/);
});

test('a pressure naming something the world lacks also exits 2, naming the file and field', async () => {
  writeFileSync(
    join(dir, 'unknown-unit.json'),
    JSON.stringify({ port: 0, pressures: { adminEdits: { managementUnit: 'Nowhere' } } }),
  );
  const { code, stderr } = await run(['serve', '--config', 'unknown-unit.json']);
  assert.equal(code, 2);
  assert.match(stderr, /unknown-unit\.json: pressures\.adminEdits\.managementUnit "Nowhere"/);
  assert.doesNotMatch(stderr, /listening/);
});

test('a good config starts a server on 127.0.0.1 that prints address, seed and commit and reflects the file', async () => {
  writeFileSync(
    join(dir, 'good.json'),
    JSON.stringify({
      port: 0,
      seed: 5,
      clock: { startUtc: '2027-03-28T00:50:00Z', speed: 1 },
      clients: [{ clientId: 'ci', clientSecret: 'pw', tokenTtlS: 90, harnessAdmin: true }],
    }),
  );
  const server = start(['serve', '--config', 'good.json', '--seed', '6']);
  try {
    const line = await new Promise<string>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`no address within 30 s: ${server.stderr()}`)), 30_000);
      server.child.stderr?.on('data', () => {
        const found = /listening on (http:\/\/\S+) .*$/m.exec(server.stderr());
        if (found) {
          clearTimeout(timer);
          done(found[0]);
        }
      });
      server.exit.then((code) => fail(new Error(`exited ${code}: ${server.stderr()}`)));
    });
    assert.match(line, /listening on http:\/\/127\.0\.0\.1:\d+ /);
    assert.match(line, /seed 6\b/, 'the flag overrides the file');
    assert.match(line, /commit \S+/);
    const base = /(http:\/\/\S+)/.exec(line)?.[1] ?? '';
    const login = await fetch(`${base}/oauth/token`, {
      method: 'POST',
      body: 'grant_type=client_credentials',
      headers: {
        authorization: `Basic ${Buffer.from('ci:pw').toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
    });
    const grant = (await login.json()) as { expires_in: number; access_token: string };
    assert.equal(grant.expires_in, 90);
    assert.equal(
      (await fetch(`${base}/__harness/clock`)).status,
      401,
      'clients are configured: the control routes need a harness admin',
    );
    const clock = (await (
      await fetch(`${base}/__harness/clock`, { headers: { authorization: `Bearer ${grant.access_token}` } })
    ).json()) as { worldTime: string; speed: number };
    assert.equal(clock.speed, 1);
    assert.ok(Math.abs(Date.parse(clock.worldTime) - Date.parse('2027-03-28T00:50:00Z')) < 60_000, clock.worldTime);
    assert.equal((await fetch(`${base}/api/docs`)).status, 200);
  } finally {
    server.child.kill('SIGTERM');
    await server.exit;
  }
});

test('openapi --out writes the document with every route of the table', async () => {
  const out = join(dir, 'openapi.json');
  const { code, stderr } = await run(['openapi', '--out', out]);
  assert.equal(code, 0, stderr);
  const document = JSON.parse(readFileSync(out, 'utf8')) as {
    openapi: string;
    paths: Record<string, Record<string, unknown>>;
  };
  assert.equal(document.openapi, '3.1.0');
  for (const route of ROUTES)
    assert.ok(document.paths[openApiPath(route.url)]?.[route.method.toLowerCase()], `${route.method} ${route.url}`);
  assert.ok(document.paths['/__harness/clock'] && document.paths['/oauth/token']);
});

/**
 * Start `serve` on a free port; resolves with its base URL and what it wrote to stdout so far. `stop`
 * ends it and resolves once its stdout is closed, so what it returns is everything the server wrote.
 */
async function serving(args: string[]): Promise<{ base: string; stdout: () => string; stop: () => Promise<string> }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  const closed = new Promise<void>((done) => child.on('close', () => done()));
  const base = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`no address within 30 s: ${stderr}`)), 30_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const found = /listening on (http:\/\/\S+) /.exec(stderr);
      if (found?.[1]) {
        clearTimeout(timer);
        done(found[1]);
      }
    });
  });
  return {
    base,
    stdout: () => stdout,
    stop: async () => {
      child.kill('SIGTERM');
      await closed;
      return stdout;
    },
  };
}

/** Resolves when `read()` matches, polling every 20 ms; fails after `withinMs` with what was read. */
async function waitFor(read: () => string, pattern: RegExp, withinMs: number): Promise<void> {
  const untilMs = Date.now() + withinMs;
  while (!pattern.test(read())) {
    if (Date.now() > untilMs) assert.fail(`no ${pattern} within ${withinMs} ms: ${read().slice(0, 500)}`);
    await new Promise((done) => setTimeout(done, 20));
  }
}

test('serve logs no line per request by default (--log-level warn); --log-level info logs them; --no-pressures is --quiet', async () => {
  // Chatty first: it shows a request reaches stdout as a log line, waited for rather than timed.
  const chatty = await serving(['--log-level', 'info']);
  try {
    const view = (await (await fetch(`${chatty.base}/__harness/pressures`)).json()) as { quiet: boolean };
    assert.equal(view.quiet, false);
    await waitFor(chatty.stdout, /"msg":"incoming request"/, 10_000);
  } finally {
    await chatty.stop();
  }
  // Calm: the same requests, and once the server has ended and closed its stdout, not one line about them.
  const calm = await serving(['--no-pressures']);
  let written = '';
  try {
    const view = (await (await fetch(`${calm.base}/__harness/pressures`)).json()) as { quiet: boolean };
    assert.equal(view.quiet, true);
    await fetch(`${calm.base}/__harness/clock`);
  } finally {
    written = await calm.stop();
  }
  assert.doesNotMatch(written, /incoming request|request completed/);
  assert.equal(written, '');
});
