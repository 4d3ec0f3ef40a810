import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SWAP_ENTRY, bundleScenario } from '../../src/cli/bundle.ts';

const ROOT = resolve(import.meta.dirname, '../..');

test(
  'the swap-scenario k6 bundle (every scenario, built-in or a file) holds the core and none of luxon, faker, ' +
    'zod or Node code',
  async () => {
    const out = mkdtempSync(join(tmpdir(), 'bundle-'));
    const bundle = await bundleScenario(ROOT, SWAP_ENTRY, out);
    assert.ok(bundle.inputs.some((input) => input.includes('src/core/workflow.ts')));
    assert.ok(
      bundle.inputs.some((input) => input.includes('src/core/strategy-text.ts')),
      'k6 parses inline strategies (STRATEGY) itself',
    );
    assert.ok(!bundle.inputs.some((input) => /luxon|faker|zod|node_modules/.test(input)), bundle.inputs.join('\n'));
    assert.ok(bundle.bytes > 0 && bundle.bytes < 200_000, `bundle is ${bundle.bytes} bytes`);
    // The size the docs state is the one this build has, in the KiB `wfm-harness bundle` prints.
    const kib = `${(bundle.bytes / 1024).toFixed(1)} KiB`;
    for (const page of ['docs/k6.md', 'docs/benchmarks.md']) {
      const stated = /(\d+\.\d) KiB/.exec(readFileSync(join(ROOT, page), 'utf8'))?.[0];
      assert.equal(stated, kib, `${page} states the bundle size as built (${bundle.bytes} bytes): update it`);
    }
  },
);

test('a scenario that imports a Node built-in fails to bundle, naming it', async () => {
  const root = mkdtempSync(join(tmpdir(), 'bad-scenario-'));
  mkdirSync(join(root, 'k6'));
  writeFileSync(
    join(root, 'k6', 'bad.ts'),
    "import { readFileSync } from 'node:fs';\nexport default function () { readFileSync('x'); }\n",
  );
  await assert.rejects(bundleScenario(root, 'bad', join(root, 'dist')), /node:fs/);
});

test('a scenario that pulls in luxon fails to bundle', async () => {
  const root = mkdtempSync(join(tmpdir(), 'bad-scenario-'));
  mkdirSync(join(root, 'k6'));
  writeFileSync(
    join(root, 'k6', 'heavy.ts'),
    `import { DateTime } from '${join(ROOT, 'node_modules/luxon/src/luxon.js')}';\nexport default function () { return DateTime.now(); }\n`,
  );
  await assert.rejects(bundleScenario(root, 'heavy', join(root, 'dist')), /Node-only code: .*luxon/);
});
