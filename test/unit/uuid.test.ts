import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uuidFrom } from '../../mock-server/domain/build-store.ts';
import { createRng } from '../../src/contract/rng.ts';
import type { Rng } from '../../src/contract/rng.ts';

/** The form uuidFrom had before it was concatenated from tables: the draws' hex, sliced, version and variant set. */
function slicedUuid(rng: Rng): string {
  let hex = '';
  for (let i = 0; i < 4; i++)
    hex += Math.floor(rng.next() * 0x1_0000_0000)
      .toString(16)
      .padStart(8, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

test('uuidFrom: the same ids as the sliced form, draw for draw, over many seeds', () => {
  for (const seed of [0, 1, 42, 0xffffffff, 123456789]) {
    const lean = createRng(seed);
    const sliced = createRng(seed);
    for (let i = 0; i < 50_000; i++) assert.equal(uuidFrom(lean), slicedUuid(sliced), `seed ${seed}, draw ${i}`);
  }
});

test('uuidFrom: v4 shape, and the ids of seed 42 as they always were', () => {
  const rng = createRng(42);
  assert.deepEqual(
    [uuidFrom(rng), uuidFrom(rng), uuidFrom(rng)],
    [
      '99e1ef7c-72c3-4b8a-aa3b-32c0ab73b0ad',
      '2cc09a8a-86ce-44d3-a5f2-45149fef4401',
      'dd8fbf1e-78e9-4541-affb-0079e1ce9b93',
    ],
  );
  for (let i = 0; i < 1000; i++)
    assert.match(uuidFrom(rng), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
});
