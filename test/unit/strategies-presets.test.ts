import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PRESETS, getPreset, isPresetName, partitionKey, presetNames } from '../../src/core/strategies.ts';
import type { StrategySpec } from '../../src/core/strategies.ts';
import { createRng } from '../../src/contract/rng.ts';
import { syncTrade } from '../../src/core/workflow.ts';
import { genesysLegacy } from '../../src/core/dialects/genesys-legacy.ts';
import { createRetryBudget, GRPC_A6_BUDGET } from '../../src/core/retry-budget.ts';
import type { HttpRequest, HttpResponse, SyncEvent } from '../../src/core/ports.ts';
import type { TradePlan } from '../../src/core/trade-plan.ts';

const PLAN: TradePlan = {
  legacyId: 'swap-0001',
  managementUnitId: 'mu',
  weekDate: '2027-03-22',
  scheduleId: 'sched',
  initiatingUserId: 'agent-a',
  initiatingShiftId: 'shift-a',
  receivingUserId: 'agent-b',
  receivingShiftId: 'shift-b',
};

const TRADE = { id: 'trade-1', state: 'Unmatched', initiatingShiftId: 'shift-a', metadata: { version: 1 } };
const APPROVED: HttpResponse = {
  status: 200,
  headers: {},
  body: { trade: { ...TRADE, state: 'Approved' }, violations: [] },
};
const STALE = {
  status: 409,
  headers: {},
  body: { message: 'The version supplied in metadata.version does not match', code: 'general.resource.conflict' },
};

/** A scripted WFM: creating works, every match is refused as stale, reads list the trade. */
function harness(
  strategy: StrategySpec,
  options: { matchAnswer?: (n: number) => HttpResponse; extraHeaders?: Record<string, string> } = {},
) {
  let nowMs = 0;
  const sleeps: number[] = [];
  const events: SyncEvent[] = [];
  const sent: HttpRequest[] = [];
  let matches = 0;
  const deps = {
    transport: {
      async request(req: HttpRequest): Promise<HttpResponse> {
        sent.push(req);
        nowMs += 20;
        const headers = options.extraHeaders ?? {};
        if (req.method === 'GET') return { status: 200, headers, body: { entities: [TRADE] } };
        if (req.path.endsWith('/match')) return options.matchAnswer?.(++matches) ?? { ...STALE, headers };
        return { status: 200, headers, body: TRADE };
      },
    },
    clock: { nowMs: () => nowMs },
    sleep: async (ms: number) => {
      sleeps.push(ms);
      nowMs += ms;
    },
    rng: createRng(5),
    sink: { record: (event: SyncEvent) => void events.push(event) },
    strategy,
    dialect: genesysLegacy,
  };
  return { deps, sleeps, events, sent };
}

/** The delays the strategy decided on, as its retry events say. */
function retryDelaysMs(events: readonly SyncEvent[]): number[] {
  return events.flatMap((event) => (event.type === 'retry' ? [event.delayMs] : []));
}

test('every preset is named by its key, has a one-line origin and is bounded in attempts and time', () => {
  const required = [
    'no-retry',
    'stale-backoff',
    'refetch-fixed-2s',
    'refetch-jitter-200-500',
    'random-1-5s-refetch',
    'serialized-per-schedule',
    'bash-2n',
    'exponential',
    'full-jitter',
    'equal-jitter',
    'decorrelated-jitter',
    'polly-v2',
    'retry-budget',
    'rate-paced',
    'refetch-full-jitter',
  ];
  assert.deepEqual(
    required.filter((name) => !isPresetName(name)),
    [],
  );
  for (const [key, preset] of Object.entries(PRESETS)) {
    assert.equal(preset.name, key);
    assert.ok(preset.origin.length > 10 && !preset.origin.includes('\n'), `${key} origin`);
    assert.ok(
      Number.isInteger(preset.maxAttempts) && preset.maxAttempts >= 1 && preset.maxAttempts <= 20,
      `${key} maxAttempts ${preset.maxAttempts}`,
    );
    assert.ok(
      Number.isFinite(preset.deadlineMs) && preset.deadlineMs > 0 && preset.deadlineMs <= 10 * 60_000,
      `${key} deadlineMs ${preset.deadlineMs}`,
    );
  }
});

for (const name of presetNames()) {
  test(`${name} stops against endless version conflicts and reports a give-up`, async () => {
    const strategy = getPreset(name);
    const { deps, sent } = harness(strategy);
    const result = await syncTrade(PLAN, deps);
    assert.equal(result.outcome, 'gave-up');
    const matchWrites = sent.filter((r) => r.path.endsWith('/match')).length;
    assert.ok(matchWrites >= 1 && matchWrites <= strategy.maxAttempts, `${matchWrites} match writes`);
    assert.ok(result.durationMs <= strategy.deadlineMs + 1000, `${result.durationMs} ms`);
  });
}

test('refetch-fixed-2s is the unbounded recursion of seed thread 2, stopped after 10 tries and counted as a give-up', async () => {
  const { deps, sleeps, sent } = harness(getPreset('refetch-fixed-2s'));
  const result = await syncTrade(PLAN, deps);
  assert.equal(result.outcome, 'gave-up');
  assert.deepEqual(result.reason, { kind: 'version-conflict', stoppedBy: 'attempts', attempts: 10 });
  assert.deepEqual(sleeps, Array(9).fill(2000));
  assert.equal(sent.filter((r) => r.method === 'GET').length, 9, 're-reads before each retry');
});

test('bash-2n makes at most 5 POSTs, sleeps 2^n s after each 409 (the fifth too), never reads, and stops on any other answer', async () => {
  const { deps, sleeps, sent } = harness(getPreset('bash-2n'));
  const result = await syncTrade(PLAN, deps);
  assert.deepEqual(sleeps, [1000, 2000, 4000, 8000, 16_000]);
  assert.equal(sent.filter((r) => r.path.endsWith('/match')).length, 5);
  assert.equal(sent.filter((r) => r.method === 'GET').length, 0);
  assert.deepEqual(result.reason, { kind: 'version-conflict', stoppedBy: 'attempts', attempts: 5 });
  const unavailable = harness(getPreset('bash-2n'), { matchAnswer: () => ({ status: 503, headers: {}, body: {} }) });
  const ended = await syncTrade(PLAN, unavailable.deps);
  assert.deepEqual(
    [ended.outcome, ended.reason, unavailable.sleeps.length],
    ['gave-up', { kind: 'transient', stoppedBy: 'not-retried', attempts: 1 }, 0],
    'the loop breaks on anything but 409',
  );
});

test(
  'stale-backoff is the ServiceNow loop: 3 tries with the first version, 2/4/8 s after each 409 (the last ' +
    'too), a thrown error retried at once',
  async () => {
    const { deps, sleeps, sent } = harness(getPreset('stale-backoff'));
    const result = await syncTrade(PLAN, deps);
    assert.deepEqual(sleeps, [2000, 4000, 8000], 'the 8 s sleep after the third 409 is wasted, as in the script');
    assert.equal(result.durationMs >= 14_000, true);
    assert.deepEqual(
      sent
        .filter((r) => r.path.endsWith('/match'))
        .map((r) => (r.body as { metadata: { version: number } }).metadata.version),
      [1, 1, 1],
    );
    const thrown = harness(getPreset('stale-backoff'), {
      matchAnswer: (n) => (n === 1 ? { status: 0, headers: {}, body: undefined } : APPROVED),
    });
    const applied = await syncTrade(PLAN, thrown.deps);
    assert.equal(applied.outcome, 'applied');
    // A retry decided with 0 ms, which drive() answers without calling sleep (src/core/drive.ts).
    assert.deepEqual(
      retryDelaysMs(thrown.events),
      [0],
      'no wait after a thrown error (the core still reads before writing again)',
    );
    assert.deepEqual(thrown.sleeps, []);
  },
);

test('the re-fetching scripts of the threads retry 409s only: a 503 ends them', async () => {
  for (const name of ['refetch-fixed-2s', 'refetch-jitter-200-500', 'random-1-5s-refetch']) {
    const { deps, sleeps } = harness(getPreset(name), { matchAnswer: () => ({ status: 503, headers: {}, body: {} }) });
    const result = await syncTrade(PLAN, deps);
    assert.deepEqual(
      [result.outcome, result.reason, sleeps.length],
      ['gave-up', { kind: 'transient', stoppedBy: 'not-retried', attempts: 1 }, 0],
      name,
    );
  }
});

test('the two seed presets keep the definitions the runs were made with', () => {
  assert.deepEqual(getPreset('stale-backoff'), {
    name: 'stale-backoff',
    origin: getPreset('stale-backoff').origin,
    backoff: { kind: 'exponential', baseMs: 2000, capMs: 8000 },
    refetchOnConflict: false,
    maxAttempts: 3,
    deadlineMs: 60_000,
    honourRetryAfter: false,
    retryAtOnceOn: ['transient', 'rate-limited'],
    sleepAfterLastAttempt: true,
  });
  assert.deepEqual(getPreset('refetch-full-jitter'), {
    name: 'refetch-full-jitter',
    origin:
      'AWS "Exponential Backoff and Jitter" full jitter (base 100 ms, cap 2 s), re-reading the version after each conflict',
    backoff: { kind: 'full-jitter', baseMs: 100, capMs: 2000 },
    refetchOnConflict: true,
    maxAttempts: 6,
    deadlineMs: 60_000,
    honourRetryAfter: true,
  });
});

test('a retry budget shared by one client stops retries across its trades', async () => {
  const strategy = getPreset('retry-budget');
  const budget = createRetryBudget(GRPC_A6_BUDGET);
  const first = harness(strategy);
  const one = await syncTrade(PLAN, { ...first.deps, retryBudget: budget });
  assert.deepEqual(one.reason, { kind: 'version-conflict', stoppedBy: 'budget', attempts: 5 });
  const second = harness(strategy);
  const two = await syncTrade(PLAN, { ...second.deps, retryBudget: budget });
  // The create succeeded (+0.1), the first match failure takes the bucket to 4.1: no retry at all.
  assert.equal(second.sent.filter((r) => r.path.endsWith('/match')).length, 1);
  assert.equal(two.outcome, 'gave-up');
});

test('without an injected bucket a budgeted strategy still stops, with a bucket of its own per trade', async () => {
  const { deps, sent } = harness(getPreset('retry-budget'));
  const result = await syncTrade(PLAN, deps);
  assert.deepEqual(result.reason, { kind: 'version-conflict', stoppedBy: 'budget', attempts: 5 });
  assert.equal(sent.filter((r) => r.path.endsWith('/match')).length, 5);
});

test('rate-paced waits out the rate-limit headers before its next request; refetch-jitter-200-500 does not', async () => {
  const headers = { 'inin-ratelimit-allowed': '300', 'inin-ratelimit-count': '300', 'inin-ratelimit-reset': '7' };
  const matchAnswer = (n: number): HttpResponse => (n === 1 ? { ...STALE, headers } : APPROVED);
  const paced = harness(getPreset('rate-paced'), { matchAnswer, extraHeaders: headers });
  assert.equal((await syncTrade(PLAN, paced.deps)).outcome, 'applied');
  assert.ok(paced.sleeps.includes(7000), `sleeps ${paced.sleeps.join(', ')}`);
  const plain = harness(getPreset('refetch-jitter-200-500'), { matchAnswer, extraHeaders: headers });
  assert.equal((await syncTrade(PLAN, plain.deps)).outcome, 'applied');
  assert.ok(
    plain.sleeps.every((ms) => ms >= 200 && ms <= 500),
    `sleeps ${plain.sleeps.join(', ')}`,
  );
});

test('a 429 with Retry-After is waited out by strategies that honour it', async () => {
  const matchAnswer = (n: number): HttpResponse =>
    n === 1 ? { status: 429, headers: { 'retry-after': '3' }, body: { message: 'Rate limit exceeded' } } : APPROVED;
  const honours = harness(getPreset('full-jitter'), { matchAnswer });
  assert.equal((await syncTrade(PLAN, honours.deps)).outcome, 'applied');
  assert.deepEqual(honours.sleeps, [3000]);
  const ignores = harness(getPreset('stale-backoff'), { matchAnswer });
  await syncTrade(PLAN, ignores.deps);
  assert.deepEqual(retryDelaysMs(ignores.events), [0], 'the ServiceNow loop re-sends a non-409 failure at once');
  assert.deepEqual(ignores.sleeps, []);
  const stops = harness(getPreset('refetch-fixed-2s'), { matchAnswer });
  assert.equal(
    (await syncTrade(PLAN, stops.deps)).outcome,
    'gave-up',
    'the Python recursion returns any status but 409',
  );
  assert.deepEqual(stops.sleeps, []);
});

test('only serialized-per-schedule asks runners to partition, by schedule', () => {
  assert.equal(partitionKey(getPreset('serialized-per-schedule'), PLAN), 'schedule:sched');
  for (const name of presetNames().filter((n) => n !== 'serialized-per-schedule'))
    assert.equal(partitionKey(getPreset(name), PLAN), undefined, name);
});

test('getPreset refuses a name that is not a preset, inherited object keys included', () => {
  for (const name of ['no-such-strategy', 'toString', '__proto__', 'constructor']) {
    assert.throws(() => getPreset(name), /unknown strategy/, name);
  }
});
