import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { buildServer } from '../../mock-server/http/server.ts';
import { ROUTES } from '../../mock-server/api/routes.ts';
import type { RouteDef } from '../../mock-server/api/routes.ts';
import { openApiDocument, openApiPath } from '../../mock-server/http/openapi.ts';
import type { OpenApiDocument } from '../../mock-server/http/openapi.ts';
import { escapeHtml } from '../../mock-server/http/docs.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import { mockFromScenario } from '../../src/world/mock-from-scenario.ts';

async function served(): Promise<{ document: OpenApiDocument; html: string; htmlHeaders: Record<string, unknown> }> {
  const { app } = await buildServer({ ...mockFromScenario(dstParis, 1), seed: 1, quiet: true });
  const json = await app.inject({ method: 'GET', url: '/api/docs/openapi.json' });
  assert.equal(json.statusCode, 200);
  assert.match(String(json.headers['content-type']), /^application\/json/);
  const html = await app.inject({ method: 'GET', url: '/api/docs' });
  assert.equal(html.statusCode, 200);
  assert.match(String(html.headers['content-type']), /^text\/html/);
  await app.close();
  return { document: JSON.parse(json.body) as OpenApiDocument, html: html.body, htmlHeaders: html.headers };
}

/** Every `$ref` anywhere in the document. */
function refs(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refs(item, found);
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string') found.push(inner);
      else refs(inner, found);
    }
  }
  return found;
}

function resolvePointer(document: unknown, ref: string): unknown {
  assert.ok(ref.startsWith('#/'), `local ref: ${ref}`);
  return ref
    .slice(2)
    .split('/')
    .reduce<unknown>(
      (node, key) =>
        node && typeof node === 'object'
          ? (node as Record<string, unknown>)[key.replaceAll('~1', '/').replaceAll('~0', '~')]
          : undefined,
      document,
    );
}

test('every route of the table is in the served document with its method, path, scopes and body schema', async () => {
  const { document } = await served();
  assert.equal(document.openapi, '3.1.0');
  assert.ok(ROUTES.length > 0);
  for (const route of ROUTES) {
    const path = openApiPath(route.url);
    const operation = document.paths[path]?.[route.method.toLowerCase()];
    assert.ok(operation, `${route.method} ${path} is documented`);
    assert.equal(operation['x-wfm-write'], route.write);
    // Every API route says what it does (the fallback summary is only "METHOD path").
    assert.ok(route.summary && operation.summary === route.summary, `${route.method} ${path} has a summary of its own`);
    assert.ok(route.tags && route.tags.length > 0, `${route.method} ${path} is tagged`);
    for (const name of path.matchAll(/\{([^}]+)\}/g))
      assert.ok(
        operation.parameters?.some((p) => p['name'] === name[1] && p['in'] === 'path'),
        `${path}: parameter ${name[1]}`,
      );
    if (route.auth) {
      const scopes = operation.security.flatMap((requirement) => requirement['oauth2'] ?? []);
      assert.deepEqual(
        scopes,
        route.write ? ['workforce-management'] : ['workforce-management', 'workforce-management:readonly'],
      );
    }
    if (route.body) {
      const ref = operation.requestBody?.content['application/json']?.schema['$ref'];
      assert.equal(typeof ref, 'string', `${route.method} ${path} has a body schema`);
      const component = resolvePointer(document, ref as string) as Record<string, unknown>;
      const expected = z.toJSONSchema(route.body, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
      assert.equal(component['type'], expected['type'], `${route.method} ${path} body type`);
      assert.deepEqual(
        Object.keys((component['properties'] ?? {}) as object).sort(),
        Object.keys((expected['properties'] ?? {}) as object).sort(),
        `${route.method} ${path} body fields`,
      );
    } else {
      assert.equal(operation.requestBody, undefined);
    }
  }
});

test('the routes outside the table are documented: OAuth, control API, /metrics, the docs', async () => {
  const { document } = await served();
  for (const [path, method] of [
    ['/oauth/token', 'post'],
    ['/__harness/world', 'get'],
    ['/__harness/reset', 'post'],
    ['/__harness/clock', 'put'],
    ['/__harness/audit', 'get'],
    ['/__harness/faults', 'put'],
    ['/metrics', 'get'],
    ['/api/docs', 'get'],
    ['/api/docs/openapi.json', 'get'],
  ] as const) {
    assert.ok(document.paths[path]?.[method], `${method} ${path}`);
  }
  assert.ok(document.paths['/__harness/clock']?.['put']?.requestBody, 'PUT /__harness/clock has its body schema');
  assert.equal(
    Object.values(document.paths)
      .flatMap((ops) => Object.keys(ops))
      .filter((m) => m === 'head').length,
    0,
    'HEAD twins are left out',
  );
  const ids = Object.values(document.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
  assert.equal(new Set(ids).size, ids.length, 'operationIds are unique');
});

test('the document is plain JSON (round-trips) and every $ref resolves, ErrorBody included', async () => {
  // The in-memory document: an undefined field, a function or NaN would not survive the round trip.
  const built = openApiDocument();
  assert.deepEqual(JSON.parse(JSON.stringify(built)), built);
  const { document } = await served();
  const errorBody = document.components.schemas['ErrorBody'] as {
    required: string[];
    properties: Record<string, unknown>;
  };
  assert.deepEqual([...errorBody.required].sort(), ['code', 'contextId', 'details', 'errors', 'message', 'status']);
  const all = refs(document);
  assert.ok(all.includes('#/components/schemas/ErrorBody'));
  for (const ref of all) assert.notEqual(resolvePointer(document, ref), undefined, `${ref} resolves`);
  for (const schema of Object.values(document.components.schemas)) assert.equal(schema['$schema'], undefined);
});

test('the HTML page lists every path, fetches nothing and runs no script', async () => {
  const { document, html, htmlHeaders } = await served();
  for (const path of Object.keys(document.paths))
    assert.ok(html.includes(`<code>${escapeHtml(path)}</code>`), `${path} is on the page`);
  for (const name of Object.keys(document.components.schemas))
    assert.ok(html.includes(`id="schema-${name}"`), `schema ${name} is on the page`);
  assert.doesNotMatch(html, /<script|<link|<img|<iframe|@import|(src|href)\s*=\s*"(https?:)?\/\//i);
  assert.match(String(htmlHeaders['content-security-policy']), /default-src 'none'/);
});

test('a route added to the table appears with its summary, tags, profile, params and body', () => {
  const extra: RouteDef = {
    method: 'PUT',
    url: '/api/v2/wfm/scheduling/shifts/:shiftId(^[a-z0-9-]+$)',
    auth: true,
    write: true,
    body: z.object({ status: z.enum(['a', 'b']), note: z.string().optional() }).strict(),
    summary: 'Update a shift (seed-thread endpoint)',
    profile: 'compat',
    handler: () => ({ status: 200 }),
  };
  const document = openApiDocument({ routes: [...ROUTES, extra], otherRoutes: [] });
  const operation = document.paths['/api/v2/wfm/scheduling/shifts/{shiftId}']?.['put'];
  assert.ok(operation);
  assert.equal(operation.summary, 'Update a shift (seed-thread endpoint)');
  assert.deepEqual(operation.tags, ['compat']);
  // A compat PUT: its path parameter, then the If-Match every compat PUT requires (428 without it).
  assert.deepEqual(
    operation.parameters?.map((p) => p['name']),
    ['shiftId', 'If-Match'],
  );
  assert.ok(
    operation.responses['428'] && operation.responses['409'],
    'the compat write declares its 428 and its own 409 body',
  );
  const component = resolvePointer(
    document,
    String(operation.requestBody?.content['application/json']?.schema['$ref']),
  ) as { properties: Record<string, unknown>; additionalProperties: unknown };
  assert.deepEqual(Object.keys(component.properties), ['status', 'note']);
  assert.equal(component.additionalProperties, false, 'strict zod → additionalProperties false');
});

test('every job POST and state/bulk declares its optional forceAsync query parameter', () => {
  const document = openApiDocument();
  const posts = ROUTES.filter((route) => route.method === 'POST' && /\/(jobs|state\/bulk)$/.test(route.url));
  assert.ok(posts.length >= 10);
  for (const route of posts) {
    const parameters = document.paths[openApiPath(route.url)]?.['post']?.parameters ?? [];
    assert.ok(
      parameters.some((p) => p['name'] === 'forceAsync' && p['in'] === 'query' && p['required'] === false),
      route.url,
    );
  }
});

test('find-my-way paths convert to OpenAPI templates', () => {
  assert.equal(openApiPath('/a/:id/b/:weekDateId'), '/a/{id}/b/{weekDateId}');
  assert.equal(openApiPath('/a/:id(^\\d+)/c'), '/a/{id}/c');
  assert.equal(openApiPath('/files/*'), '/files/{wildcard}');
  assert.equal(openApiPath('/x::y'), '/x:y');
});
