/**
 * Bodies for any route of the table, drawn from the route's own zod schema: mostly valid (so requests
 * reach the handlers, the version checks and the jobs), with the ids a field's name asks for taken from
 * the world (`scheduleId`, `receivingShiftId`, `userId`, `id` under `initiatingShift`...), versions as
 * CURRENT_VERSION or a guess, dates from the world's weeks. The fuzz then mutates them (request-arbitrary.ts).
 * Covers the zod types the route schemas use; anything else becomes an arbitrary JSON value.
 */
import fc from 'fast-check';
import type { z } from 'zod';
import type { KnownIds } from './request-arbitrary.ts';

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  entries?: Record<string, string | number>;
  values?: unknown[];
  in?: z.ZodType;
  checks?: Array<{ _zod: { def: { check: string; format?: string; pattern?: RegExp } } }>;
  format?: string;
  pattern?: RegExp;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

function knownString(
  path: readonly string[],
  ids: KnownIds,
  format: string | undefined,
): fc.Arbitrary<string> | undefined {
  // A list's elements are named by the list: receivingShiftIds → receivingShiftId.
  const field = (path.at(-1) ?? '').replace(/Ids$/, 'Id');
  const parent = path.at(-2) ?? '';
  const oneOf = (known: readonly string[]) =>
    known.length > 0
      ? fc.oneof({ arbitrary: fc.constantFrom(...known), weight: 5 }, { arbitrary: fc.uuid(), weight: 1 })
      : fc.uuid();
  if (format === 'datetime')
    return fc.constantFrom(
      `${ids.weekDate}T09:00:00Z`,
      '2027-03-28T02:30:00+01:00',
      '2027-12-31T00:00:00.000Z',
      '1970-01-01T00:00:00Z',
    );
  if (/weekDate/i.test(field)) return fc.constantFrom(ids.weekDate, ids.weekDate, '2027-03-29', '2026-01-05');
  if (/^(initiatingShiftId|receivingShiftId|shiftId)$/.test(field) || (field === 'id' && /shift/i.test(parent)))
    return oneOf(ids.shiftIds);
  if (/scheduleId/i.test(field) || (field === 'id' && /schedule/i.test(parent))) return oneOf([ids.scheduleId]);
  if (/userId|agentId/i.test(field) || (field === 'id' && /user|agent/i.test(parent))) return oneOf(ids.agentIds);
  // state/bulk's entities are trades.
  if (/tradeId|trade_id/i.test(field) || (field === 'id' && /trade|entities/i.test(parent))) return oneOf(ids.tradeIds);
  if (/managementUnitId/i.test(field)) return oneOf([ids.managementUnitId]);
  if (/businessUnitId/i.test(field)) return oneOf(ids.businessUnitId ? [ids.businessUnitId] : []);
  return undefined;
}

/** An arbitrary for one zod schema at a path of field names. */
export function schemaArbitrary(
  schema: z.ZodType,
  ids: KnownIds,
  version: fc.Arbitrary<unknown>,
  path: readonly string[] = [],
  depth = 0,
): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  const field = path.at(-1) ?? '';
  if (depth > 6) return fc.constant(null);
  switch (def.type) {
    case 'object': {
      const shape = def.shape ?? {};
      const entries = Object.entries(shape).map(
        ([key, child]) => [key, schemaArbitrary(child, ids, version, [...path, key], depth + 1)] as const,
      );
      const required = Object.keys(shape).filter(
        (key) => !['optional', 'default'].includes(defOf(shape[key] as z.ZodType).type),
      );
      return fc.record(Object.fromEntries(entries), { requiredKeys: required });
    }
    case 'optional':
    case 'default':
    case 'readonly':
    case 'catch':
      return def.innerType ? schemaArbitrary(def.innerType, ids, version, path, depth + 1) : fc.constant(undefined);
    case 'nullable':
      return def.innerType
        ? fc.option(schemaArbitrary(def.innerType, ids, version, path, depth + 1), { freq: 4 })
        : fc.constant(null);
    case 'pipe':
      return def.in ? schemaArbitrary(def.in, ids, version, path, depth + 1) : fc.jsonValue();
    case 'array':
      return def.element
        ? fc.array(schemaArbitrary(def.element, ids, version, path, depth + 1), { maxLength: 4 })
        : fc.array(fc.jsonValue(), { maxLength: 3 });
    case 'union':
      return def.options && def.options.length > 0
        ? fc.oneof(...def.options.map((option) => schemaArbitrary(option, ids, version, path, depth + 1)))
        : fc.jsonValue();
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries ?? { none: 'none' }));
    case 'literal':
      return fc.constantFrom(...(def.values ?? [null]));
    case 'boolean':
      return fc.boolean();
    case 'number':
    case 'int':
      return field === 'version' ? version : fc.oneof(fc.integer({ min: 0, max: 100 }), fc.constantFrom(-1, 0.5, 1e9));
    case 'string': {
      const format = def.format ?? def.checks?.map((check) => check._zod.def.format).find((f) => f !== undefined);
      return (
        knownString(path, ids, format) ??
        fc.oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.constantFrom('', 'x'.repeat(300)))
      );
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}
