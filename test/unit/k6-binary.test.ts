import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findK6, k6CacheDir, K6_VERSION } from '../../src/cli/k6-binary.ts';

function fakeExecutable(dir: string, name: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, '#!/bin/sh\necho fake\n');
  chmodSync(path, 0o755);
  return path;
}

const quiet = () => {};

test('K6_BIN wins over PATH and cache', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'k6-'));
  const explicit = fakeExecutable(join(dir, 'explicit'), 'k6');
  fakeExecutable(join(dir, 'bin'), 'k6');
  const found = await findK6({ env: { K6_BIN: explicit, PATH: join(dir, 'bin'), HOME: dir }, log: quiet });
  assert.deepEqual(found, { path: explicit, source: 'K6_BIN' });
});

test('a K6_BIN that is not executable is an error, not a silent fallback', async () => {
  await assert.rejects(
    findK6({ env: { K6_BIN: '/nonexistent/k6', PATH: '' }, log: quiet }),
    /K6_BIN=\/nonexistent\/k6 is not an executable/,
  );
});

test('k6 on PATH comes before the cache', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'k6-'));
  const onPath = fakeExecutable(join(dir, 'bin'), 'k6');
  fakeExecutable(k6CacheDir({ XDG_CACHE_HOME: join(dir, 'cache') }), 'k6');
  const found = await findK6({ env: { PATH: join(dir, 'bin'), XDG_CACHE_HOME: join(dir, 'cache') }, log: quiet });
  assert.deepEqual(found, { path: onPath, source: 'PATH' });
});

test('the cached build is used when nothing else is there, under the pinned version', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'k6-'));
  const cacheDir = k6CacheDir({ XDG_CACHE_HOME: join(dir, 'cache') });
  assert.ok(cacheDir.endsWith(join('wfm-conflict-harness', 'k6', K6_VERSION)));
  const cached = fakeExecutable(cacheDir, 'k6');
  const found = await findK6({ env: { PATH: join(dir, 'empty'), XDG_CACHE_HOME: join(dir, 'cache') }, log: quiet });
  assert.deepEqual(found, { path: cached, source: 'cache' });
});

test('no k6 and no Go: a clear message listing the ways to provide k6', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'k6-'));
  await assert.rejects(
    findK6({ env: { PATH: join(dir, 'empty'), XDG_CACHE_HOME: join(dir, 'cache') }, log: quiet }),
    (error: Error) => {
      assert.match(error.message, /K6_BIN=/);
      assert.match(error.message, /on PATH/);
      assert.match(error.message, /install Go/);
      return true;
    },
  );
});
