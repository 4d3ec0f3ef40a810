import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ServeConfigError,
  loadServeConfig,
  parseServeConfig,
  resolveServe,
  serverOptionsOf,
} from '../../src/cli/serve-config.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import { DST_RECONCILIATION } from '../../mock-server/domain/pressures/dst-reconciliation.ts';
import { buildServer } from '../../mock-server/http/server.ts';

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ServeConfigError, `a ServeConfigError, got ${String(error)}`);
    return error.message;
  }
  assert.fail('expected the config to be refused');
}

test('a bad field is named by file and path', () => {
  const cases: [unknown, RegExp][] = [
    [
      { pressures: { dstReconciliation: { intervalMs: 1000, holdMs: 2000 } } },
      /^wfm-mock\.json: pressures\.dstReconciliation\.holdMs: must be <= intervalMs$/m,
    ],
    [
      { clients: [{ clientId: 'a', clientSecret: 'b', scopes: ['admin'] }] },
      /^wfm-mock\.json: clients\[0\]\.scopes\[0\]: /m,
    ],
    [
      {
        clients: [
          { clientId: 'a', clientSecret: 'b' },
          { clientId: 'a', clientSecret: 'c' },
        ],
      },
      /^wfm-mock\.json: clients: clientId must be unique$/m,
    ],
    [{ port: 70000 }, /^wfm-mock\.json: port: /m],
    [{ clock: { startUtc: 'yesterday' } }, /^wfm-mock\.json: clock\.startUtc: /m],
    [{ faults: { error5xxRate: 2 } }, /^wfm-mock\.json: faults\.error5xxRate: /m],
    [{ scenario: 'nope' }, /^wfm-mock\.json: scenario: must be one of: .*\bdst-paris\b/m],
    [{ pressures: { dstReconcilation: {} } }, /^wfm-mock\.json: pressures\.dstReconcilation: unknown field$/m],
    [[], /^wfm-mock\.json: \(top level\): /m],
    [
      { pressures: { publish: { localTime: '9am' } } },
      /^wfm-mock\.json: pressures\.publish\.localTime: must be HH:mm$/m,
    ],
    [{ pressures: { staleReads: { probability: 1.5 } } }, /^wfm-mock\.json: pressures\.staleReads\.probability: /m],
  ];
  for (const [raw, expected] of cases)
    assert.match(
      refusal(() => parseServeConfig('wfm-mock.json', raw)),
      expected,
      JSON.stringify(raw),
    );
});

test('an unreadable or non-JSON file is named', () => {
  const dir = mkdtempSync(join(tmpdir(), 'serve-config-'));
  const broken = join(dir, 'broken.json');
  writeFileSync(broken, '{"port": 1,');
  assert.match(
    refusal(() => loadServeConfig(broken)),
    new RegExp(`^${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid JSON`),
  );
  assert.match(
    refusal(() => loadServeConfig(join(dir, 'missing.json'))),
    /missing\.json: cannot read/,
  );
});

test("holdMs is checked against the scenario's intervalMs after merging", () => {
  const interval = dstParis.pressures.dstReconciliation?.intervalMs ?? 0;
  const config = parseServeConfig('f.json', { pressures: { dstReconciliation: { holdMs: interval + 1 } } });
  assert.match(
    refusal(() => resolveServe('f.json', config, {})),
    /^f\.json: pressures\.dstReconciliation\.holdMs: must be <= intervalMs/,
  );
  const fine = resolveServe(
    'f.json',
    parseServeConfig('f.json', { pressures: { dstReconciliation: { holdMs: interval } } }),
    {},
  );
  assert.deepEqual(fine.scenario.pressures.dstReconciliation, {
    ...dstParis.pressures.dstReconciliation,
    holdMs: interval,
  });
});

test("the other pressures: an object turns one on over the scenario's fields, null turns it off", () => {
  const base = {
    ...dstParis,
    pressures: { ...dstParis.pressures, postCommit: { lockMs: 5_000, resaveAtEnd: false }, staleReads: { lagMs: 100 } },
  };
  const settings = resolveServe(
    'f.json',
    parseServeConfig('f.json', {
      pressures: { publish: { lockMs: 1_000 }, postCommit: { lockMs: 7_000 }, staleReads: null },
    }),
    {},
    { 'dst-paris': base },
  );
  assert.deepEqual(settings.scenario.pressures.publish, { lockMs: 1_000 });
  assert.deepEqual(settings.scenario.pressures.postCommit, { lockMs: 7_000, resaveAtEnd: false });
  assert.equal(settings.scenario.pressures.staleReads, null);
  assert.deepEqual(settings.scenario.pressures.dstReconciliation, dstParis.pressures.dstReconciliation, 'untouched');
});

test('flags override the file, the file overrides the scenario and defaults', () => {
  const config = parseServeConfig('f.json', {
    host: '0.0.0.0',
    port: 5000,
    seed: 9,
    quiet: true,
    clock: { speed: 5 },
    pressures: { dstReconciliation: null, jobs: { delayMs: 10 } },
    faults: { error5xxRate: 0.1 },
    clients: [{ clientId: 'x', clientSecret: 'y' }],
  });
  const fromFile = resolveServe('f.json', config, {});
  assert.equal(fromFile.host, '0.0.0.0');
  assert.equal(fromFile.port, 5000);
  assert.equal(fromFile.seed, 9);
  assert.equal(fromFile.quiet, true);
  assert.deepEqual(fromFile.scenario.clock, { startUtc: dstParis.clock.startUtc, speed: 5 });
  assert.equal(fromFile.scenario.pressures.dstReconciliation, null);
  assert.deepEqual(fromFile.scenario.pressures.jobs, { delayMs: 10 });
  assert.equal(fromFile.faults?.error5xxRate, 0.1);
  assert.deepEqual(fromFile.clients, [
    { clientId: 'x', clientSecret: 'y', scopes: ['workforce-management'], tokenTtlS: 86_400 },
  ]);
  const flagged = resolveServe('f.json', config, { host: '127.0.0.1', port: 0, seed: 2, quiet: false });
  assert.deepEqual([flagged.host, flagged.port, flagged.seed, flagged.quiet], ['127.0.0.1', 0, 2, false]);
  const defaults = resolveServe('(flags)', {}, {});
  assert.deepEqual(
    [defaults.host, defaults.port, defaults.seed, defaults.scenarioName, defaults.quiet],
    ['127.0.0.1', 4010, 1, 'dst-paris', false],
  );
  assert.deepEqual(defaults.scenario, dstParis, 'no file: the scenario unchanged');
  assert.deepEqual(
    dstParis.clock,
    { startUtc: '2027-03-28T00:58:00.000Z', speed: 10 },
    'the shared scenario object was not mutated',
  );
  const fast = resolveServe('f.json', config, { speed: 40 });
  assert.deepEqual(
    fast.scenario.clock,
    { startUtc: dstParis.clock.startUtc, speed: 40 },
    "--speed over the file's clock.speed",
  );
});

test('a good config gives a server whose world, clock, pressures and clients reflect it', async () => {
  const config = parseServeConfig('f.json', {
    seed: 11,
    clock: { startUtc: '2027-03-28T00:55:00Z', speed: 120 },
    pressures: { dstReconciliation: { intervalMs: 20_000, holdMs: 2_000 } },
    clients: [{ clientId: 'ci', clientSecret: 'pw', scopes: ['workforce-management:readonly'], tokenTtlS: 30 }],
  });
  const settings = resolveServe('f.json', config, {});
  const { app, harness } = await buildServer({ ...serverOptionsOf(settings), logger: false, realNowMs: () => 0 });
  assert.equal(harness.options.seed, 11);
  assert.deepEqual(harness.clock.state(), { worldMs: Date.parse('2027-03-28T00:55:00Z'), speed: 120 });
  assert.deepEqual(harness.options.setup.pressures.dstReconciliation, {
    ...dstParis.pressures.dstReconciliation,
    intervalMs: 20_000,
    holdMs: 2_000,
  });
  const basic = (id: string, secret: string) => ({
    authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
    'content-type': 'application/x-www-form-urlencoded',
  });
  const ok = await app.inject({
    method: 'POST',
    url: '/oauth/token',
    headers: basic('ci', 'pw'),
    payload: 'grant_type=client_credentials',
  });
  assert.equal(ok.json().expires_in, 30);
  assert.equal(
    (
      await app.inject({
        method: 'POST',
        url: '/oauth/token',
        headers: basic('other', 'pw'),
        payload: 'grant_type=client_credentials',
      })
    ).statusCode,
    401,
  );
  // The file's interval reached the reconciliation job: re-saves come 20 world-s apart.
  harness.clock.set(Date.parse('2027-03-28T01:00:00Z'), 120);
  harness.advance();
  const gaps = new Set<number>();
  for (const entries of Object.values(harness.store.report().versionHistory)) {
    const times = entries.filter((e) => e.by === DST_RECONCILIATION).map((e) => e.atMs);
    for (let i = 1; i < times.length; i++) gaps.add((times[i] ?? 0) - (times[i - 1] ?? 0));
  }
  assert.deepEqual([...gaps], [20_000]);
  await app.close();
});

test('the example config in docs/cli.md is valid', () => {
  const page = readFileSync(new URL('../../docs/cli.md', import.meta.url), 'utf8');
  const start = page.indexOf('### `serve` and its config file');
  assert.ok(start >= 0, 'docs/cli.md has the serve config section');
  const example = /```json\n([\s\S]*?)```/.exec(page.slice(start))?.[1];
  assert.ok(example, 'docs/cli.md has an example');
  const settings = resolveServe('docs/cli.md', parseServeConfig('docs/cli.md', JSON.parse(example)), {});
  assert.equal(settings.clients.length, 3);
  assert.deepEqual(
    settings.clients.filter((c) => c.harnessAdmin).map((c) => c.clientId),
    ['ops'],
    'one harness admin',
  );
});
