/**
 * The fast paths the simulator's hot loop goes through must answer exactly what the slow ones answer:
 * - route-kit's `handle` validates with z.compile(schema): for every body schema of the route table (and
 *   the week-date parameter), on generated bodies, valid or not, the compiled schema accepts exactly what
 *   the runtime schema accepts, with the same parsed value (same keys in the same order) and, when it
 *   refuses, the same issues;
 * - views.ts formats instants without a Date per answer: the same string as Date#toISOString;
 * - the seeded Rng keeps its state in a typed array: the same draws as mulberry32 written plainly.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { z } from 'zod';
import { ROUTES } from '../../mock-server/api/routes.ts';
import * as schemas from '../../mock-server/api/schemas.ts';
import { isoFromMs } from '../../mock-server/api/views.ts';
import { createRng } from '../../src/contract/rng.ts';

type Schema = z.ZodType;

/** The zod definition of a schema node (zod 4 keeps it on _zod.def). */
function defOf(schema: Schema): Record<string, unknown> & { type: string } {
  return (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
}

const STRINGS = fc.constantFrom(
  '',
  'a',
  'x'.repeat(300),
  '2027-03-22',
  '2027-3-22',
  'next-week',
  '2027-03-22T01:00:00Z',
  '2027-03-22T01:00:00.123+01:00',
  '2027-02-29T00:00:00Z',
  '2027-03-22T25:00:00Z',
  '2027-03-22 01:00:00Z',
  'Unmatched',
  'Approved',
  'writes',
  'all',
  'PATCH /api/v2/x',
  'GET nowhere',
  '00000000-0000-4000-a000-000000000000',
  ' ',
  '\u00e9',
);
const DATETIMES = fc.oneof(
  fc
    .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2090-01-01T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  fc
    .tuple(
      fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2050-01-01T00:00:00Z'), noInvalidDate: true }),
      fc.constantFrom('+01:00', '-05:30', '+14:00', '+24:00', 'z'),
    )
    .map(([d, offset]) => d.toISOString().replace('Z', offset)),
  STRINGS,
);
const NUMBERS = fc.oneof(
  { arbitrary: fc.integer({ min: -3, max: 300 }), weight: 6 },
  {
    arbitrary: fc.constantFrom(
      0,
      -0,
      1,
      0.5,
      -1,
      1e6,
      1_000_001,
      60_000,
      60_001,
      Number.MAX_SAFE_INTEGER,
      Number.MAX_SAFE_INTEGER + 2,
      Number.NaN,
      Infinity,
      -Infinity,
    ),
    weight: 2,
  },
  { arbitrary: fc.double(), weight: 1 },
);
/** Anything JSON could carry, for the wrong-type branches. */
const JUNK = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(undefined, null, [], {}, '', 0, true));

/**
 * Values shaped like the schema, a node now and then replaced by junk, object keys sometimes left out or
 * joined by unknown ones: many bodies come out valid, many are refused in one place or several.
 */
function arbitraryFor(schema: Schema, depth = 0): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  const shaped = ((): fc.Arbitrary<unknown> => {
    switch (def.type) {
      case 'object': {
        const shape = def['shape'] as Record<string, Schema>;
        const keys = Object.keys(shape);
        const fields = Object.fromEntries(keys.map((key) => [key, arbitraryFor(shape[key] as Schema, depth + 1)]));
        return fc
          .tuple(
            fc.record(fields),
            fc.dictionary(fc.constantFrom('extra', 'id', 'version', 'value', keys[0] ?? 'k'), JUNK, {
              minKeys: 1,
              maxKeys: 2,
            }),
            fc.integer({ min: 0, max: 19 }),
          )
          .map(([record, extra, mode]) => {
            const body: Record<string, unknown> = {};
            // Mostly an absent key for undefined; sometimes the key present with undefined as its value.
            for (const [key, value] of Object.entries(record)) if (value !== undefined || mode === 0) body[key] = value;
            return mode === 1 ? { ...body, ...extra } : mode === 2 ? { ...extra, ...body } : body;
          });
      }
      case 'string': {
        if (def['format'] === 'datetime') return DATETIMES;
        const checks = (def['checks'] as Array<{ _zod: { def: { pattern?: unknown } } }> | undefined) ?? [];
        // The last pattern: a date checks its shape, then the calendar (schemas.ts calendarDate), and strings
        // matching the calendar's pattern are mostly valid, where the shape's are mostly refused.
        const pattern = checks
          .map((check) => check._zod.def.pattern)
          .filter((p): p is RegExp => p instanceof RegExp)
          .at(-1);
        return pattern
          ? fc.oneof({ arbitrary: fc.stringMatching(pattern), weight: 4 }, { arbitrary: STRINGS, weight: 1 })
          : STRINGS;
      }
      case 'number':
        return NUMBERS;
      case 'boolean':
        return fc.boolean();
      case 'enum':
        return fc.oneof(
          { arbitrary: fc.constantFrom(...Object.values(def['entries'] as Record<string, unknown>)), weight: 5 },
          { arbitrary: STRINGS, weight: 1 },
        );
      case 'literal':
        return fc.constantFrom(...(def['values'] as unknown[]));
      case 'array':
        return fc.array(arbitraryFor(def['element'] as Schema, depth + 1), {
          minLength: depth > 2 ? 0 : 1,
          maxLength: depth > 2 ? 1 : 3,
        });
      case 'optional':
      case 'default':
      case 'prefault':
        return fc.oneof(
          { arbitrary: arbitraryFor(def['innerType'] as Schema, depth), weight: 3 },
          { arbitrary: fc.constant(undefined), weight: 2 },
        );
      case 'nullable':
        return fc.oneof(
          { arbitrary: arbitraryFor(def['innerType'] as Schema, depth), weight: 3 },
          { arbitrary: fc.constant(null), weight: 1 },
        );
      case 'readonly':
      case 'nonoptional':
        return arbitraryFor(def['innerType'] as Schema, depth);
      case 'union':
        return fc.oneof(...(def['options'] as Schema[]).map((option) => arbitraryFor(option, depth)));
      case 'pipe':
        return arbitraryFor(def['in'] as Schema, depth);
      default:
        return JUNK;
    }
  })();
  return fc.oneof({ arbitrary: shaped, weight: 40 }, { arbitrary: JUNK, weight: 1 });
}

function bodySchemas(): Array<[string, Schema]> {
  const seen = new Set<Schema>();
  const named: Array<[string, Schema]> = [];
  const add = (name: string, schema: unknown): void => {
    if (!(schema instanceof z.ZodType) || seen.has(schema)) return;
    seen.add(schema);
    named.push([name, schema]);
  };
  for (const route of ROUTES) add(`${route.method} ${route.url}`, route.body);
  for (const [name, schema] of Object.entries(schemas)) add(name, schema);
  return named;
}

function sameAnswer(schema: Schema, fast: Schema, input: unknown): void {
  const slow = schema.safeParse(input);
  const quick = fast.safeParse(input);
  assert.equal(
    quick.success,
    slow.success,
    `accepts ${JSON.stringify(input)}: compiled ${quick.success}, zod ${slow.success}`,
  );
  if (slow.success && quick.success) {
    assert.deepStrictEqual(quick.data, slow.data);
    assert.equal(JSON.stringify(quick.data), JSON.stringify(slow.data), 'same keys in the same order');
    if (input !== null && typeof input === 'object')
      assert.notEqual(quick.data, input, 'a fresh value, never the input itself');
  } else {
    assert.deepStrictEqual(quick.error?.issues, slow.error?.issues);
  }
}

test('every body schema of the route table accepts and refuses exactly as zod does when compiled', () => {
  const named = bodySchemas();
  assert.ok(named.length >= 5, `found ${named.length} body schemas`);
  for (const [name, schema] of named) {
    const fast = z.compile(schema);
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(arbitraryFor(schema), (input) => {
        sameAnswer(schema, fast, input);
        if (schema.safeParse(input).success) accepted++;
        else refused++;
      }),
      { seed: 11, numRuns: 1500 },
    );
    // The generator must exercise both answers, or the comparison proves little.
    assert.ok(accepted >= 25 && refused >= 25, `${name}: ${accepted} accepted, ${refused} refused`);
  }
});

test('the week-date parameter check accepts and refuses exactly as zod does when compiled', () => {
  const fast = z.compile(schemas.weekDateParam);
  const dates = fc
    .tuple(fc.integer({ min: -1, max: 12000 }), fc.integer({ min: -1, max: 120 }), fc.integer({ min: -1, max: 120 }))
    .map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
  fc.assert(
    fc.property(fc.oneof(dates, fc.string({ maxLength: 12 }), STRINGS, JUNK), (input) =>
      sameAnswer(schemas.weekDateParam, fast, input),
    ),
    { seed: 12, numRuns: 3000 },
  );
});

test('isoFromMs formats every instant exactly as Date#toISOString, fractional and far-off ones included', () => {
  const instants = fc.oneof(
    fc.integer({ min: -62_167_219_200_100, max: 253_402_300_800_100 }),
    fc.double({ min: -8.64e15, max: 8.64e15, noNaN: true }),
    fc.double({ min: 1.7e12, max: 1.9e12, noNaN: true }),
    fc.constantFrom(
      0,
      -0,
      -1,
      -0.5,
      0.5,
      999.9999,
      -62_167_219_200_000,
      -62_167_219_200_000.5,
      253_402_300_799_999.9,
      253_402_300_800_000,
      1_805_000_000_000,
    ),
  );
  fc.assert(
    fc.property(instants, (ms) => {
      assert.equal(isoFromMs(ms), new Date(ms).toISOString(), String(ms));
      assert.equal(isoFromMs(ms), new Date(ms).toISOString(), `${ms}, asked twice`);
    }),
    { seed: 13, numRuns: 50_000 },
  );
});

test('createRng draws exactly the plain mulberry32 sequence for any seed', () => {
  const plain = (seed: number): (() => number) => {
    let state = seed >>> 0;
    return () => {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  };
  fc.assert(
    fc.property(fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 2 ** 32, 2 ** 53, Number.NaN)), (seed) => {
      const rng = createRng(seed);
      const reference = plain(seed);
      for (let i = 0; i < 200; i++) assert.equal(rng.next(), reference(), `seed ${seed}, draw ${i}`);
    }),
    { seed: 14, numRuns: 500 },
  );
});
