import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PRESETS } from '../../src/core/strategies.ts';
import type { StrategySpec } from '../../src/core/strategies.ts';
import {
  formatStrategy,
  parseStrategy,
  resolveStrategy,
  splitStrategyList,
  StrategyTextError,
  strategyText,
} from '../../src/core/strategy-text.ts';

/** Everything but the prose origin, which says where a parsed strategy came from. */
function definition(spec: StrategySpec): Omit<StrategySpec, 'origin'> {
  const { origin: _origin, ...rest } = spec;
  return rest;
}

test("the issue's example: full jitter from scratch with its own base, cap, tries and re-read, in world ms", () => {
  const text = 'full-jitter:base=250ms,cap=4s,attempts=8,refetch';
  const spec = parseStrategy(text);
  assert.deepEqual(spec.backoff, { kind: 'full-jitter', baseMs: 250, capMs: 4000 });
  assert.equal(spec.maxAttempts, 8);
  assert.equal(spec.refetchOnConflict, true);
  assert.equal(spec.honourRetryAfter, false, 'nothing is switched on that the text does not name');
  assert.equal(spec.name, text, 'an inline strategy is named by its text');
});

test('a preset as the base keeps every other part of the preset', () => {
  const spec = parseStrategy('refetch-full-jitter:attempts=8');
  assert.deepEqual(
    definition({ ...spec, name: 'refetch-full-jitter' }),
    definition({ ...(PRESETS['refetch-full-jitter'] as StrategySpec), maxAttempts: 8 }),
  );
  const off = parseStrategy('serialized-per-schedule:no-partition,no-pacing,name=parallel');
  assert.equal(off.partitioning, undefined);
  assert.equal(off.pacing, undefined);
  assert.equal(off.name, 'parallel');
});

test('every part a preset has can be written: budget, pacing, partitioning, retryOn, retryAtOnceOn, sleepAfterLastAttempt', () => {
  const spec = parseStrategy(
    'exponential:base=1s,cap=16s,factor=3,first-exponent=1,attempts=5,deadline=2m,retry-after,budget=20/1/0.5,' +
      'gap=200ms,follow-headers,headroom=0.3,partition=schedule,retry-on=409,' +
      'retry-at-once-on=transient+rate-limited,sleep-after-last',
  );
  assert.deepEqual(spec.backoff, { kind: 'exponential', baseMs: 1000, capMs: 16_000, factor: 3, firstExponent: 1 });
  assert.equal(spec.deadlineMs, 120_000);
  assert.deepEqual(spec.retryBudget, { maxTokens: 20, failureCost: 1, successCredit: 0.5 });
  assert.deepEqual(spec.pacing, { minGapMs: 200, followRateLimitHeaders: true, headroomFraction: 0.3 });
  assert.equal(spec.partitioning, 'schedule');
  assert.deepEqual(spec.retryOn, ['version-conflict', 'locked', 'business-conflict']);
  assert.deepEqual(spec.retryAtOnceOn, ['transient', 'rate-limited']);
  assert.equal(spec.sleepAfterLastAttempt, true);
  assert.deepEqual(parseStrategy('polly-v2:median=50ms,cap=1.5s,budget').retryBudget, {
    maxTokens: 10,
    failureCost: 1,
    successCredit: 0.1,
  });
});

test('every preset prints as inline text that parses back to the same definition', () => {
  for (const preset of Object.values(PRESETS)) {
    const text = formatStrategy(preset);
    assert.deepEqual(definition(parseStrategy(text)), definition(preset), text);
  }
});

test('a printed inline strategy prints the same text again, and odd names survive', () => {
  for (const text of [
    'uniform:min=1s,max=5s,attempts=6,deadline=1m,refetch,retry-on=409',
    'none:attempts=1,deadline=1m',
  ]) {
    assert.equal(formatStrategy(parseStrategy(text)), text);
  }
  const named = parseStrategy('fixed:delay=2s,name=ours%2C v2%3A final');
  assert.equal(named.name, 'ours, v2: final');
  assert.deepEqual(definition(parseStrategy(formatStrategy(named))), definition(named));
});

test('a bad field is refused naming the field and the text', () => {
  const cases: Array<[string, string]> = [
    ['full-jitter:base=250', 'base'],
    ['full-jitter:cap=4x', 'cap'],
    ['full-jitter:attempts=0', 'attempts'],
    ['full-jitter:attempts=2.5', 'attempts'],
    ['full-jitter:delay=1s', 'delay'],
    ['full-jitter:base=5s,cap=1s', 'cap'],
    ['uniform:min=2s,max=1s', 'max'],
    ['fixed:refetch=yes', 'refetch'],
    ['fixed:partition=agent', 'partition'],
    ['fixed:retry-on=409+teapot', 'retry-on'],
    ['fixed:attempts=3,attempts=4', 'attempts'],
    ['fixed:deadline', 'deadline'],
    ['gold-plated:attempts=3', 'base'],
    ['fixed:budget=10/1', 'budget'],
  ];
  for (const [text, field] of cases) {
    assert.throws(
      () => parseStrategy(text),
      (error: unknown) => {
        assert.ok(error instanceof StrategyTextError, text);
        assert.equal(error.field, field, text);
        assert.match(error.message, new RegExp(`strategy "${text.replace(/[.+]/g, '\\$&')}": ${field}:`));
        return true;
      },
    );
  }
});

test('a preset name resolves to the preset itself; an unknown name is refused', () => {
  assert.equal(resolveStrategy('rate-paced'), PRESETS['rate-paced']);
  assert.equal(strategyText(PRESETS['rate-paced'] as StrategySpec), 'rate-paced');
  assert.throws(() => resolveStrategy('rate-pace'), StrategyTextError);
});

test("a list splits on the commas between strategies, not on an inline strategy's own commas", () => {
  assert.deepEqual(
    splitStrategyList('no-retry,full-jitter:base=250ms,cap=4s,refetch,stale-backoff,refetch-full-jitter:attempts=8'),
    ['no-retry', 'full-jitter:base=250ms,cap=4s,refetch', 'stale-backoff', 'refetch-full-jitter:attempts=8'],
  );
  assert.deepEqual(splitStrategyList('fixed:delay=1s;uniform:min=1s'), ['fixed:delay=1s', 'uniform:min=1s']);
});
