/**
 * A scenario's tradeMix: validated by the file schema (shares in [0, 1] summing to 1, one-sided only where
 * the traded unit allows it), honoured exactly up to rounding, drawn from its own seed stream, and absent
 * from every plan of a scenario without one (those plans stay byte-for-byte as before).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScenario } from '../../src/scenario/file/load.ts';
import { getScenario } from '../../src/scenario/file/catalogue.ts';
import { goodScenarioFile, refusedScenario } from './support/scenario-file.ts';
import { generateWorld } from '../../src/world/generate.ts';
import { planScenarioSwaps } from '../../src/scenario/plan.ts';
import { kindCounts, mixKinds } from '../../src/scenario/trade-mix.ts';
import { plannedSwaps } from '../../src/cli/plan-command.ts';
import { BadInputError } from '../../src/cli/exit-policy.ts';

const good = goodScenarioFile;
const refused = refusedScenario;

test('a bad tradeMix is refused naming the field', () => {
  assert.match(
    refused((f) => {
      f['tradeMix'] = { swap: 0.5, oneSided: 0, cancel: 0.4 };
    }),
    /^my\.json: tradeMix: swap \+ oneSided \+ cancel must sum to 1/m,
  );
  assert.match(
    refused((f) => {
      f['tradeMix'] = { swap: 1.2, oneSided: 0, cancel: -0.2 };
    }),
    /^my\.json: tradeMix\.swap: /m,
  );
  assert.match(
    refused((f) => {
      f['tradeMix'] = { swap: 1, oneSided: 0, cancel: 0, refund: 0 };
    }),
    /^my\.json: tradeMix\.refund: unknown field/m,
  );
  // dst-paris's Paris Support unit keeps the default oneSided: Disallow.
  assert.match(
    refused((f) => {
      f['tradeMix'] = { swap: 0.8, oneSided: 0.2, cancel: 0 };
    }),
    /^my\.json: tradeMix\.oneSided: management unit Paris Support disallows one-sided trades/m,
  );
  const allowed = good();
  allowed['world'].businessUnits[0].managementUnits[0].shiftTrading = { oneSided: 'Allow' };
  allowed['tradeMix'] = { swap: 0.8, oneSided: 0.2, cancel: 0 };
  assert.deepEqual(parseScenario('ok.json', allowed).tradeMix, { swap: 0.8, oneSided: 0.2, cancel: 0 });
});

test('shares are honoured exactly up to rounding (largest remainder)', () => {
  assert.deepEqual(kindCounts({ swap: 0.7, oneSided: 0.1, cancel: 0.2 }, 100), {
    swap: 70,
    'one-sided': 10,
    cancel: 20,
  });
  assert.deepEqual(kindCounts({ swap: 1 / 3, oneSided: 1 / 3, cancel: 1 / 3 }, 10), {
    swap: 4,
    'one-sided': 3,
    cancel: 3,
  });
  assert.deepEqual(mixKinds(undefined), ['swap']);
  assert.deepEqual(mixKinds({ swap: 0.9, oneSided: 0, cancel: 0.1 }), ['swap', 'cancel']);
});

test('without a mix no plan has a kind; with one, kinds come from the seed and nothing else moves', () => {
  const spec = getScenario('dst-paris');
  const world = generateWorld(spec.world, 7);
  const plain = planScenarioSwaps(world, spec, 7);
  assert.ok(
    plain.every((plan) => !('kind' in plan)),
    'a scenario without tradeMix plans exactly as before',
  );
  const mixed = planScenarioSwaps(world, { ...spec, tradeMix: { swap: 0.6, oneSided: 0, cancel: 0.4 } }, 7);
  assert.deepEqual(
    mixed.map(({ kind: _kind, ...plan }) => plan),
    plain,
    'the same trades, only kinds added',
  );
  const kinds = (seed: number) =>
    planScenarioSwaps(world, { ...spec, tradeMix: { swap: 0.6, oneSided: 0, cancel: 0.4 } }, seed).map(
      (plan) => plan.kind,
    );
  assert.deepEqual(
    kinds(7),
    mixed.map((plan) => plan.kind),
    'same seed, same kinds',
  );
  assert.notDeepEqual(kinds(8), kinds(7), 'another seed deals kinds differently');
  assert.equal(
    mixed.filter((plan) => plan.kind === 'cancel').length,
    kindCounts({ swap: 0.6, oneSided: 0, cancel: 0.4 }, plain.length).cancel,
  );
});

test('plan refuses a mix: its sync input format holds swaps only (exit 2, never offers written as swaps)', () => {
  assert.throws(
    () => plannedSwaps('monday-publish-mix', 1),
    (error: Error) =>
      error instanceof BadInputError &&
      error.message.includes(
        'monday-publish-mix: plan writes the sync input format, which holds swaps only, ' +
          'and its tradeMix plans one-sided and cancel trades',
      ),
  );
  assert.equal(plannedSwaps('monday-publish', 1, 3).length, 3);
});
