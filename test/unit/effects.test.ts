/**
 * The sans-I/O core (DESIGN "The sync core", "Sans-I/O"): its steps yield effects through one helper and
 * await nothing; drive() is the one place a promise runtime waits, once per effect.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { drive } from '../../src/core/drive.ts';
import { send, sleep } from '../../src/core/effects.ts';
import type { Steps } from '../../src/core/effects.ts';
import type { HttpRequest, HttpResponse } from '../../src/core/ports.ts';

function coreFiles(dir = 'src/core'): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? coreFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Lines of src/core (comments aside) that match `pattern`, as file:line. */
function linesMatching(pattern: RegExp): string[] {
  return coreFiles().flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, i) => {
        const code = line.trim();
        if (code.startsWith('//') || code.startsWith('*') || code.startsWith('/*')) return [];
        // Strings out first (a dialect is named 'genesys-jobs-async'), then a trailing comment.
        const bare = line
          .replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`(?:[^`\\]|\\.)*`/g, "''")
          .replace(/\/\/.*$/, '');
        return pattern.test(bare) ? [`${file.split('\\').join('/')}:${i + 1}`] : [];
      }),
  );
}

test('the core yields only in effects.ts (one typed helper), and awaits only in drive.ts', () => {
  const yields = linesMatching(/\byield\b(?!\s*\*)/);
  assert.equal(yields.length, 1, `bare yields: ${yields.join(', ')}`);
  assert.match(yields[0] as string, /^src\/core\/effects\.ts:/);
  assert.deepEqual(
    linesMatching(/\bawait\b|\basync\b/).filter((at) => !at.startsWith('src/core/drive.ts:')),
    [],
  );
});

const OK: HttpResponse = { status: 200, headers: {}, body: { n: 1 } };

function* twoRequestsAndWaits(): Steps<string> {
  const first = yield* send({ method: 'GET', path: '/a' });
  yield* sleep(0);
  yield* sleep(250);
  const second = yield* send({ method: 'POST', path: '/b', body: { n: first.status } });
  return `${first.status} ${second.status}`;
}

test('drive() answers each send with the transport and each sleep with sleep; a wait of 0 is answered at once', async () => {
  const sent: HttpRequest[] = [];
  const slept: number[] = [];
  const result = await drive(twoRequestsAndWaits(), {
    transport: { request: async (request) => (sent.push(request), OK) },
    sleep: async (ms) => void slept.push(ms),
  });
  assert.equal(result, '200 200');
  assert.deepEqual(
    sent.map((r) => `${r.method} ${r.path}`),
    ['GET /a', 'POST /b'],
  );
  assert.deepEqual(sent[1]?.body, { n: 200 });
  assert.deepEqual(slept, [250]);
});

test('a transport that rejects throws into the steps at their yield, where they can handle it', async () => {
  function* recovering(): Steps<string> {
    try {
      yield* send({ method: 'GET', path: '/down' });
      return 'answered';
    } catch (error) {
      return `caught ${(error as Error).message}`;
    }
  }
  const io = {
    transport: { request: () => Promise.reject(new Error('socket closed')) },
    sleep: () => Promise.resolve(),
  };
  assert.equal(await drive(recovering(), io), 'caught socket closed');
  await assert.rejects(drive(twoRequestsAndWaits(), io), /socket closed/);
});
