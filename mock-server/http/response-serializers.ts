/**
 * The API routes' 2xx answers are serialised through the response schema each route declares
 * (mock-server/api/response-schemas.ts), which Fastify compiles once into a serialiser
 * (fast-json-stringify) in place of JSON.stringify per answer. The declared schemas are open
 * (passthrough), and so are these: a field a schema does not name is still written. Errors (4xx, 5xx)
 * keep JSON.stringify: the compat profile's 409 body is not an ErrorBody, and an ErrorBody nests itself.
 * test/server/response-fuzz.test.ts checks, over its whole corpus, that every compiled answer parses to
 * exactly what JSON.stringify gives: no field dropped or coerced.
 */
import { z } from 'zod';
import type { RouteDef } from '../api/routes.ts';
import { RESPONSE_SCHEMAS } from '../api/response-schemas.ts';

type JsonSchema = Record<string, unknown>;

/** One JSON Schema per declared zod schema, for every server built in this process (a pure function of it). */
const converted = new WeakMap<z.ZodType, JsonSchema>();

function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  let json = converted.get(schema);
  if (json === undefined) {
    // The output side: what the mock writes. Anything JSON Schema cannot say becomes {} (any value).
    const { $schema: _draft, ...rest } = z.toJSONSchema(schema, {
      target: 'draft-7',
      io: 'output',
      unrepresentable: 'any',
    }) as JsonSchema;
    json = rest;
    converted.set(schema, json);
  }
  return json;
}

/** The route's `schema.response` for Fastify: its declared answer for every 2xx status, or none. */
export function responseSchemaOf(route: RouteDef): { '2xx': JsonSchema } | undefined {
  const declared = RESPONSE_SCHEMAS[`${route.method} ${route.url}`];
  return declared ? { '2xx': jsonSchemaOf(declared.schema) } : undefined;
}
