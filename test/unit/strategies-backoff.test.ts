import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BACKOFF_KINDS, pollyFormula, startBackoff } from '../../src/core/backoff.ts';
import type { BackoffSpec } from '../../src/core/backoff.ts';
import { createRng } from '../../src/contract/rng.ts';

const SPECS: Record<BackoffSpec['kind'], BackoffSpec> = {
  none: { kind: 'none' },
  fixed: { kind: 'fixed', delayMs: 2000 },
  uniform: { kind: 'uniform', minMs: 200, maxMs: 500 },
  exponential: { kind: 'exponential', baseMs: 5, capMs: 2000, firstExponent: 1 },
  'full-jitter': { kind: 'full-jitter', baseMs: 5, capMs: 2000, firstExponent: 1 },
  'equal-jitter': { kind: 'equal-jitter', baseMs: 5, capMs: 2000, firstExponent: 1 },
  'decorrelated-jitter': { kind: 'decorrelated-jitter', baseMs: 5, capMs: 2000 },
  'polly-v2': { kind: 'polly-v2', medianFirstDelayMs: 100, capMs: 10_000 },
};

function delays(spec: BackoffSpec, seed: number, count = 10): number[] {
  const rng = createRng(seed);
  const backoff = startBackoff(spec);
  return Array.from({ length: count }, () => backoff.next(rng));
}

// Exact sequences produced by this code for seed 7 (mulberry32). They pin every formula: a change in a
// formula, in the order of random draws or in rounding changes every replayed simulation.
const SEED_7: Record<BackoffSpec['kind'], number[]> = {
  none: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  fixed: [2000, 2000, 2000, 2000, 2000, 2000, 2000, 2000, 2000, 2000],
  uniform: [204, 219, 493, 410, 356, 322, 340, 272, 366, 419],
  exponential: [10, 20, 40, 80, 160, 320, 640, 1280, 2000, 2000],
  'full-jitter': [0, 1, 39, 56, 83, 130, 298, 307, 1107, 1460],
  'equal-jitter': [5, 11, 40, 68, 122, 225, 469, 794, 1553, 1730],
  'decorrelated-jitter': [5, 6, 17, 36, 59, 75, 108, 81, 137, 302],
  'polly-v2': [15, 129, 417, 366, 713, 1387, 3288, 4482, 10000, 10000],
};

for (const kind of BACKOFF_KINDS) {
  test(`${kind} backoff replays its exact delay sequence for seed 7`, () => {
    assert.deepEqual(delays(SPECS[kind], 7), SEED_7[kind]);
    assert.deepEqual(delays(SPECS[kind], 7), delays(SPECS[kind], 7));
  });
}

test('exponential doubles from base * 2^firstExponent and stops at the cap', () => {
  assert.deepEqual(delays({ kind: 'exponential', baseMs: 100, capMs: 1000 }, 1, 6), [100, 200, 400, 800, 1000, 1000]);
  assert.deepEqual(delays({ kind: 'exponential', baseMs: 100, capMs: 1000, factor: 3 }, 1, 4), [100, 300, 900, 1000]);
});

test('full and equal jitter stay inside their published ranges for any seed', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
      const full = delays(SPECS['full-jitter'], seed, 12);
      const equal = delays(SPECS['equal-jitter'], seed, 12);
      for (let n = 0; n < 12; n++) {
        const expo = Math.min(2000, 5 * 2 ** (n + 1));
        assert.ok(full[n]! >= 0 && full[n]! <= expo, `full ${n}: ${full[n]}`);
        assert.ok(equal[n]! >= Math.floor(expo / 2) && equal[n]! <= expo, `equal ${n}: ${equal[n]}`);
      }
    }),
    { seed: 1, numRuns: 200 },
  );
});

test('decorrelated jitter draws from [base, 3 * previous] and never passes the cap', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
      const sequence = delays({ kind: 'decorrelated-jitter', baseMs: 5, capMs: 300 }, seed, 20);
      let previous = 5;
      for (const delayMs of sequence) {
        assert.ok(delayMs >= 5 && delayMs <= Math.min(300, 3 * previous + 2), `${delayMs} after ${previous}`);
        previous = Math.max(delayMs, 5);
      }
    }),
    { seed: 2, numRuns: 200 },
  );
});

test('polly v2 is the difference of 2^t * tanh(sqrt(4t)) with t = attempt + U(0,1), scaled by median / 1.4', () => {
  const rng = createRng(11);
  const draws = Array.from({ length: 5 }, () => rng.next());
  let previous = 0;
  const expected = draws.map((u, attempt) => {
    const next = pollyFormula(attempt + u);
    const delayMs = Math.round(Math.min(60_000, ((next - previous) / 1.4) * 250));
    previous = next;
    return delayMs;
  });
  assert.deepEqual(delays({ kind: 'polly-v2', medianFirstDelayMs: 250, capMs: 60_000 }, 11, 5), expected);
});

test('polly v2 medians double from the third retry on, near the median first delay before that', () => {
  const columns: number[][] = [[], [], [], [], []];
  for (let seed = 0; seed < 4000; seed++)
    delays({ kind: 'polly-v2', medianFirstDelayMs: 1000, capMs: 1e9 }, seed, 5).forEach((d, n) => columns[n]!.push(d));
  const medians = columns.map((c) => c.sort((a, b) => a - b)[c.length >> 1]!);
  assert.ok(medians[0]! > 800 && medians[0]! < 1200, `first median ${medians[0]}`);
  assert.ok(medians[1]! > 900 && medians[1]! < 1400, `second median ${medians[1]}`);
  for (let n = 2; n < 5; n++) {
    const ratio = medians[n]! / medians[n - 1]!;
    assert.ok(
      ratio > (n === 2 ? 1.6 : 1.85) && ratio < 2.15,
      `median ${n}/${n - 1} = ${ratio.toFixed(2)} (${medians.join(', ')})`,
    );
  }
});

test('polly v2 never returns more than its cap, even when the formula overflows', () => {
  const sequence = delays({ kind: 'polly-v2', medianFirstDelayMs: 1000, capMs: 30_000 }, 3, 1100);
  assert.ok(
    sequence.every((d) => d >= 0 && d <= 30_000),
    'all delays within [0, cap]',
  );
  assert.equal(sequence.at(-1), 30_000);
});
