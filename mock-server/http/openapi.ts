/**
 * The mock's OpenAPI 3.1 document, generated from the one route table (mock-server/api/routes.ts) and
 * its zod body schemas, so a route added to the table is documented without further work. The routes
 * outside the table (OAuth, the control API under /__harness, /metrics, the docs) come from what the
 * Fastify server actually registered; those listed in openapi-known.ts get a summary and body schema.
 */
import { z } from 'zod';
import { ROUTES } from '../api/routes.ts';
import type { RouteDef } from '../api/routes.ts';
import { SCOPE_READONLY, SCOPE_WRITE } from '../api/auth.ts';
import { weekDateParam } from '../api/schemas.ts';
import { KNOWN_OTHER_ROUTES, errorBodySchema } from './openapi-known.ts';
import { tokenResponse } from './control-responses.ts';
import { RESPONSE_SCHEMAS } from '../api/response-schemas.ts';
import { compatConflictBody } from '../api/response-schemas-compat.ts';

export type JsonSchema = Record<string, unknown>;

export interface Operation {
  operationId: string;
  summary: string;
  tags: string[];
  parameters?: JsonSchema[];
  requestBody?: { required: true; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, JsonSchema>;
  security: Record<string, string[]>[];
  'x-wfm-write'?: boolean;
}

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, JsonSchema>;
    responses: Record<string, JsonSchema>;
    securitySchemes: Record<string, JsonSchema>;
  };
}

/** A route registered outside the table (Fastify's onRoute sees each one). */
export interface OtherRoute {
  method: string;
  url: string;
}

const OAUTH_URL = '/oauth/token';
const ERROR_REF = { $ref: '#/components/schemas/ErrorBody' };
const ERROR_RESPONSE = { $ref: '#/components/responses/ErrorBody' };
const COMPAT_CONFLICT_REF = { $ref: '#/components/schemas/CompatConflictBody' };
const GENESYS_PREFIX = /^\/api\/v2\/(workforcemanagement\/)?/;

/** find-my-way syntax → OpenAPI: ':id' → '{id}', ':id(^\\d+)' → '{id}', '*' → '{wildcard}', '::' → ':'. */
export function openApiPath(url: string): string {
  return url
    .replace(/::/g, '\u0000')
    .replace(/:([A-Za-z0-9_]+)(\([^)]*\))?/g, '{$1}')
    .replace(/\*/g, '{wildcard}')
    .replace(/\u0000/g, ':');
}

function pathParams(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? '');
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** 'POST /api/v2/workforcemanagement/managementunits/{m}/weeks/{w}/shifttrades' → 'postManagementunitsWeeksShifttrades'. */
function operationIdOf(method: string, path: string): string {
  const segments = path.replace(GENESYS_PREFIX, '/').split('/').filter(Boolean);
  const words = segments
    .filter((s) => !s.startsWith('{'))
    .map((s) => capital(s.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())));
  const last = segments.at(-1);
  if (last?.startsWith('{')) words.push(`By${capital(last.slice(1, -1))}`);
  return method.toLowerCase() + words.join('');
}

function jsonBody(ref: string): Operation['requestBody'] {
  return { required: true, content: { 'application/json': { schema: { $ref: ref } } } };
}

function parametersOf(path: string): JsonSchema[] | undefined {
  const names = pathParams(path);
  if (names.length === 0) return undefined;
  return names.map((name) => ({
    name,
    in: 'path',
    required: true,
    schema: name === 'weekDateId' ? component(z.toJSONSchema(weekDateParam) as JsonSchema) : { type: 'string' },
  }));
}

function profileOf(route: RouteDef): 'genesys' | 'compat' {
  return route.profile ?? (route.url.startsWith('/api/v2/') ? 'genesys' : 'compat');
}

function securityOf(route: RouteDef): Operation['security'] {
  if (!route.auth) return [];
  return route.write ? [{ oauth2: [SCOPE_WRITE] }] : [{ oauth2: [SCOPE_WRITE] }, { oauth2: [SCOPE_READONLY] }];
}

function errorResponses(statuses: number[]): Record<string, JsonSchema> {
  return Object.fromEntries(statuses.map((status) => [String(status), ERROR_RESPONSE]));
}

function tableOperation(
  route: RouteDef,
  path: string,
  operationId: string,
  bodyRef: string | undefined,
  responseRef?: string,
): Operation {
  const statuses = [400, ...(route.auth ? [401, 403] : []), 404, ...(route.write ? [409] : []), 429];
  const operation: Operation = {
    operationId,
    summary: route.summary ?? `${route.method} ${path.replace(GENESYS_PREFIX, '/')}`,
    tags: route.tags ?? [profileOf(route)],
    responses: {
      '2XX': responseRef
        ? { description: 'Success', content: { 'application/json': { schema: { $ref: responseRef } } } }
        : { description: 'Success' },
      ...errorResponses(statuses),
      default: ERROR_RESPONSE,
    },
    security: securityOf(route),
    'x-wfm-write': route.write,
  };
  const parameters = parametersOf(path);
  if (parameters) operation.parameters = parameters;
  if (bodyRef) operation.requestBody = jsonBody(bodyRef);
  if (profileOf(route) === 'compat') compatExtras(route, operation);
  // Every job POST and state/bulk read ?forceAsync (job-routes.ts, legacy-review-routes.ts): true answers Processing.
  if (route.method === 'POST' && /\/(jobs|state\/bulk)$/.test(route.url)) {
    operation.parameters = [
      ...(operation.parameters ?? []),
      {
        name: 'forceAsync',
        in: 'query',
        required: false,
        schema: { type: 'boolean' },
        description: 'true: answer Processing (202 for jobs) and run later',
      },
    ];
  }
  return operation;
}

/**
 * What the compat routes add to a table operation: their 409 body (COMPAT_CONFLICT_REF: errors[] holds the
 * thread's {message, code}, not ErrorBodies), the PUTs' required If-Match (428 without it), and the swap
 * lookup's required initiator_shift_id query parameter.
 */
function compatExtras(route: RouteDef, operation: Operation): void {
  if (route.write)
    operation.responses['409'] = {
      description: "SHIFT_TRADE_CONFLICT: an ErrorBody whose errors[] holds the thread's {message, code}",
      content: { 'application/json': { schema: COMPAT_CONFLICT_REF } },
    };
  const extra: JsonSchema[] = [];
  if (route.method === 'PUT') {
    extra.push({
      name: 'If-Match',
      in: 'header',
      required: true,
      schema: { type: 'string' },
      description: "The trade's ETag (its version, quoted)",
    });
    operation.responses['428'] = ERROR_RESPONSE;
  }
  if (route.method === 'GET' && !route.url.includes(':'))
    extra.push({ name: 'initiator_shift_id', in: 'query', required: true, schema: { type: 'string', minLength: 1 } });
  if (extra.length > 0) operation.parameters = [...(operation.parameters ?? []), ...extra];
}

function oauthOperation(tokenRef: string): Operation {
  const form = {
    type: 'object',
    required: ['grant_type'],
    properties: {
      grant_type: { const: 'client_credentials' },
      client_id: { type: 'string' },
      client_secret: { type: 'string' },
      scope: { type: 'string', description: `Space-separated: ${SCOPE_WRITE} and/or ${SCOPE_READONLY}` },
    },
  };
  return {
    operationId: 'postOauthToken',
    summary: 'Client-credentials grant (Basic auth or client_id/client_secret form fields)',
    tags: ['oauth'],
    requestBody: { required: true, content: { 'application/x-www-form-urlencoded': { schema: form } } },
    responses: {
      '200': { description: 'A bearer token', content: { 'application/json': { schema: { $ref: tokenRef } } } },
      ...errorResponses([400, 401]),
    },
    security: [{ basic: [] }, {}],
  };
}

/** Strip what zod adds for a standalone schema: the document is the root, not each component. */
function component(schema: JsonSchema): JsonSchema {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}

export interface OpenApiOptions {
  routes?: readonly RouteDef[];
  /** Routes outside the table; default: every entry of KNOWN_OTHER_ROUTES plus POST /oauth/token. */
  otherRoutes?: readonly OtherRoute[];
  version?: string;
}

export function openApiDocument(options: OpenApiOptions = {}): OpenApiDocument {
  const routes = options.routes ?? ROUTES;
  const others = options.otherRoutes ?? [
    { method: 'POST', url: OAUTH_URL },
    ...Object.keys(KNOWN_OTHER_ROUTES).map((key) => ({
      method: key.split(' ')[0] ?? '',
      url: key.split(' ')[1] ?? '',
    })),
  ];
  const registry = z.registry<{ id: string }>();
  registry.add(errorBodySchema, { id: 'ErrorBody' });
  registry.add(compatConflictBody, { id: 'CompatConflictBody' });
  const bodyNames = new Map<z.ZodType, string>();
  const usedIds = new Set<string>();
  const unique = (id: string) => {
    let candidate = id;
    for (let n = 2; usedIds.has(candidate); n++) candidate = `${id}${n}`;
    usedIds.add(candidate);
    return candidate;
  };
  const nameBody = (schema: z.ZodType, name: string): string => {
    let known = bodyNames.get(schema);
    if (known === undefined) {
      known = unique(name);
      bodyNames.set(schema, known);
      registry.add(schema, { id: known });
    }
    return `#/components/schemas/${known}`;
  };
  const paths: OpenApiDocument['paths'] = {};
  const put = (path: string, method: string, operation: Operation) => {
    (paths[path] ??= {})[method.toLowerCase()] = operation;
  };
  const tableKeys = new Set<string>();
  for (const route of routes) {
    const path = openApiPath(route.url);
    const operationId = unique(operationIdOf(route.method, path));
    tableKeys.add(`${route.method} ${route.url}`);
    const response = RESPONSE_SCHEMAS[`${route.method} ${route.url}`];
    put(
      path,
      route.method,
      tableOperation(
        route,
        path,
        operationId,
        route.body ? nameBody(route.body, `${capital(operationId)}Body`) : undefined,
        response ? nameBody(response.schema, response.name) : undefined,
      ),
    );
  }
  for (const other of others) {
    const key = `${other.method} ${other.url}`;
    if (tableKeys.has(key) || other.method === 'HEAD') continue;
    if (key === `POST ${OAUTH_URL}`) {
      put(OAUTH_URL, 'POST', oauthOperation(nameBody(tokenResponse, 'OAuthToken')));
      continue;
    }
    const path = openApiPath(other.url);
    const known = KNOWN_OTHER_ROUTES[key];
    const operationId = unique(operationIdOf(other.method, path));
    const ok = known?.response
      ? {
          description: 'OK',
          content: {
            'application/json': { schema: { $ref: nameBody(known.response, `${capital(operationId)}Response`) } },
          },
        }
      : { description: 'OK' };
    const operation: Operation = {
      operationId,
      summary: known?.summary ?? `${key} (harness route without a description)`,
      tags: known?.tags ?? ['harness'],
      responses: { '200': ok, ...errorResponses([400]) },
      security: [],
    };
    const parameters = parametersOf(path);
    if (parameters) operation.parameters = parameters;
    if (known?.body) operation.requestBody = jsonBody(nameBody(known.body, `${capital(operation.operationId)}Body`));
    put(path, other.method, operation);
  }
  // Request bodies are what a client sends: the input side of transforms; anything JSON Schema cannot say becomes {}.
  const generated = z.toJSONSchema(registry, {
    uri: (id) => `#/components/schemas/${id}`,
    io: 'input',
    unrepresentable: 'any',
  });
  const schemas = Object.fromEntries(
    Object.entries(generated.schemas).map(([id, schema]) => [id, component(schema as JsonSchema)]),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'wfm-conflict-harness mock WFM server',
      version: options.version ?? '0.0.0',
      description:
        "A mock of the Genesys Cloud WFM shift-trade API (genesys profile) and of the seed threads' endpoints " +
        '(compat profile), plus the harness control API. Every error is a Genesys ErrorBody.',
    },
    paths,
    components: {
      schemas,
      responses: {
        ErrorBody: {
          description: 'A Genesys ErrorBody; contextId equals the ININ-Correlation-Id header',
          content: { 'application/json': { schema: ERROR_REF } },
        },
      },
      securitySchemes: {
        oauth2: {
          type: 'oauth2',
          flows: {
            clientCredentials: {
              tokenUrl: OAUTH_URL,
              scopes: { [SCOPE_WRITE]: 'Read and write WFM data', [SCOPE_READONLY]: 'Read WFM data only' },
            },
          },
        },
        basic: { type: 'http', scheme: 'basic', description: 'client_id:client_secret, for /oauth/token only' },
      },
    },
  };
}
