/** The fault unit: config schema and defaults, and the seeded per-request decision. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  FaultInjector,
  NO_FAULTS,
  decideFault,
  faultConfig,
  faultsActive,
  sampleLatency,
} from '../../mock-server/api/faults.ts';
import type { FaultConfig, FaultRoute } from '../../mock-server/api/faults.ts';
import { createRng } from '../../src/contract/rng.ts';

const WRITE: FaultRoute = {
  method: 'POST',
  url: '/api/v2/workforcemanagement/managementunits/:managementUnitId/weeks/:weekDateId/shifttrades',
  write: true,
};
const READ: FaultRoute = {
  method: 'GET',
  url: '/api/v2/workforcemanagement/managementunits/:managementUnitId/agents/:agentId/shifttrades',
  write: false,
};

function config(input: unknown): FaultConfig {
  return faultConfig.parse(input);
}

test('an empty config is every fault off, and the documented defaults', () => {
  assert.deepEqual(config({}), { error5xxRate: 0, dropAfterCommitRate: 0, routes: 'writes' });
  assert.deepEqual(config({}), NO_FAULTS);
  assert.equal(faultsActive(config({})), false);
  assert.equal(faultsActive(config({ latencyMs: [{ probability: 0.5, ms: 10 }] })), true);
});

const BAD: Array<[string, unknown, string]> = [
  ['a rate above 1', { error5xxRate: 1.5 }, 'error5xxRate'],
  ['rates summing above 1', { error5xxRate: 0.6, dropAfterCommitRate: 0.6 }, 'dropAfterCommitRate'],
  ['p99 below the median', { latencyMs: { medianMs: 50, p99Ms: 10 } }, 'latencyMs'],
  [
    'step probabilities above 1',
    {
      latencyMs: [
        { probability: 0.7, ms: 5 },
        { probability: 0.7, ms: 9 },
      ],
    },
    'latencyMs',
  ],
  ['an unknown field', { dropRate: 0.1 }, ''],
  ['a bad route', { routes: ['shifttrades'] }, 'routes.0'],
  ['a negative latency', { latencyMs: [{ probability: 0.1, ms: -1 }] }, 'latencyMs'],
];

for (const [name, input, path] of BAD) {
  test(`config refused: ${name}`, () => {
    const parsed = faultConfig.safeParse(input);
    assert.equal(parsed.success, false);
    assert.ok(
      parsed.error?.issues.some((i) => i.path.join('.').startsWith(path)),
      JSON.stringify(parsed.error?.issues),
    );
  });
}

test('5xx and drop-after-commit happen at their rates, only on the routes configured', () => {
  const c = config({ error5xxRate: 0.2, dropAfterCommitRate: 0.3 });
  const rng = createRng(42);
  const counts = { none: 0, 'error-5xx': 0, 'drop-after-commit': 0, 'reset-before-commit': 0, hang: 0 };
  const n = 20_000;
  for (let i = 0; i < n; i++) counts[decideFault(c, WRITE, rng).action]++;
  assert.ok(Math.abs(counts['error-5xx'] / n - 0.2) < 0.015, JSON.stringify(counts));
  assert.ok(Math.abs(counts['drop-after-commit'] / n - 0.3) < 0.015, JSON.stringify(counts));
  assert.deepEqual(decideFault(c, READ, rng), { latencyMs: 0, action: 'none' }, 'reads are spared by default');
  const all = config({ error5xxRate: 1, routes: 'all' });
  assert.equal(decideFault(all, READ, rng).action, 'error-5xx');
  const listed = config({ error5xxRate: 1, routes: [`GET ${READ.url}`] });
  assert.equal(decideFault(listed, READ, rng).action, 'error-5xx');
  assert.equal(decideFault(listed, WRITE, rng).action, 'none');
});

test('latency: steps and a log-normal with its median and p99', () => {
  const rng = createRng(7);
  const steps = Array.from({ length: 10_000 }, () =>
    sampleLatency(
      [
        { probability: 0.25, ms: 100 },
        { probability: 0.25, ms: 5 },
      ],
      rng,
    ),
  );
  const share = (ms: number) => steps.filter((v) => v === ms).length / steps.length;
  assert.ok(Math.abs(share(100) - 0.25) < 0.02 && Math.abs(share(5) - 0.25) < 0.02 && Math.abs(share(0) - 0.5) < 0.02);
  const sorted = Array.from({ length: 20_000 }, () => sampleLatency({ medianMs: 20, p99Ms: 200 }, rng)).sort(
    (a, b) => a - b,
  );
  const median = sorted[sorted.length / 2] ?? 0;
  const p99 = sorted[Math.floor(sorted.length * 0.99)] ?? 0;
  assert.ok(median >= 18 && median <= 22, `median ${median}`);
  assert.ok(p99 >= 170 && p99 <= 235, `p99 ${p99}`);
});

test('the injector: same seed, same decisions; no draw and no decision while off; counts by kind', () => {
  const decisions = (seed: number) => {
    const injector = new FaultInjector(createRng(seed));
    injector.set(config({ error5xxRate: 0.1, dropAfterCommitRate: 0.2, latencyMs: { medianMs: 5, p99Ms: 50 } }));
    return { list: Array.from({ length: 200 }, () => injector.decide(WRITE)), counts: injector.counts };
  };
  const a = decisions(3);
  assert.deepEqual(a, decisions(3));
  assert.notDeepEqual(a.list, decisions(4).list);
  assert.equal(a.counts.error5xx, a.list.filter((d) => d?.action === 'error-5xx').length);
  assert.equal(a.counts.dropAfterCommit, a.list.filter((d) => d?.action === 'drop-after-commit').length);
  assert.ok(a.counts.error5xx > 0 && a.counts.dropAfterCommit > 0 && a.counts.latency > 0);
  const off = new FaultInjector({ next: () => assert.fail('no draw while faults are off') });
  assert.equal(off.decide(WRITE), undefined);
});
