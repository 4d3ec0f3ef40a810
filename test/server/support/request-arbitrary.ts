/**
 * fast-check arbitraries for requests to the mock: real routes with known or unknown ids, random paths,
 * odd methods, good, bad and missing tokens and content types, and bodies that are valid, mutated
 * (dropped, retyped and unknown fields, broken metadata.version), malformed JSON, random bytes or too large.
 */
import fc from 'fast-check';
import { ROUTES } from '../../../mock-server/api/routes.ts';
import type { RouteDef } from '../../../mock-server/api/routes.ts';
import { schemaArbitrary } from './schema-arbitrary.ts';

export interface KnownIds {
  token: string;
  managementUnitId: string;
  weekDate: string;
  scheduleId: string;
  tradeIds: string[];
  agentIds: string[];
  shiftIds: string[];
  businessUnitId?: string;
}

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** Real ms the test clock moves before this request (the world runs at the scenario's speed). */
  realMsStep: number;
}

type Target =
  'create' | 'patch' | 'match' | 'list-week' | 'list-agent' | 'clock' | 'oauth' | 'control' | 'random' | 'any-route';

const printable = (maxLength: number) => fc.stringMatching(new RegExp(`^[\\x20-\\x7e]{0,${maxLength}}$`));

const weirdSegment = fc.oneof(
  fc.webSegment(),
  fc.string({ maxLength: 24 }).map(encodeURIComponent),
  fc.string({ maxLength: 12, unit: 'grapheme' }),
  fc.constantFrom(
    '%',
    '%E0%A4%A',
    '%00',
    '%2F',
    '..',
    '.',
    '',
    '__proto__',
    'constructor',
    'mine',
    'null',
    '-1',
    'a'.repeat(150),
    '2027-13-45',
    '2027-03-22T00:00',
  ),
);

function pick<T>(known: readonly T[], other: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return known.length === 0
    ? other
    : fc.oneof({ arbitrary: fc.constantFrom(...known), weight: 4 }, { arbitrary: other, weight: 1 });
}

/**
 * light-my-request parses the URL with WHATWG URL, which cannot carry an empty path or a raw backslash
 * ('/\\' reads as a host); those are sent on a real socket in client-errors.test.ts instead.
 */
function injectable(path: string): string {
  const escaped = path.replaceAll('\\', '%5C');
  return escaped.startsWith('/') ? escaped : `/${escaped}`;
}

function pathFor(target: Target, ids: KnownIds): fc.Arbitrary<string> {
  const mu = pick([ids.managementUnitId], fc.oneof(fc.uuid(), weirdSegment));
  const week = pick([ids.weekDate], fc.oneof(fc.constantFrom('2027-03-29', '2026-01-05'), weirdSegment));
  const trade = pick(ids.tradeIds, fc.oneof(fc.uuid(), weirdSegment));
  const agent = pick(ids.agentIds, fc.oneof(fc.uuid(), weirdSegment));
  const base = fc
    .tuple(mu, week)
    .map(([m, w]) => `/api/v2/workforcemanagement/managementunits/${m}/weeks/${w}/shifttrades`);
  switch (target) {
    case 'create':
    case 'list-week':
      return base;
    case 'patch':
      return fc.tuple(base, trade).map(([b, t]) => `${b}/${t}`);
    case 'match':
      return fc.tuple(base, trade).map(([b, t]) => `${b}/${t}/match`);
    case 'list-agent':
      return fc
        .tuple(mu, agent)
        .map(([m, a]) => `/api/v2/workforcemanagement/managementunits/${m}/agents/${a}/shifttrades`);
    case 'clock':
      return fc.constant('/__harness/clock');
    case 'oauth':
      return fc.constant('/oauth/token');
    case 'control':
      // Not /__harness/reset: it would wipe the audit the test checks afterwards.
      return fc.constantFrom('/__harness/world', '/__harness/audit', '/metrics', '/__harness/clock/', '/__harness');
    case 'any-route':
      throw new Error('any-route paths come from routeRequest()');
    case 'random':
      return fc
        .oneof(
          fc.webPath(),
          fc.array(weirdSegment, { maxLength: 8 }).map((segments) => `/${segments.join('/')}`),
          printable(60).map((s) => `/${s.replace(/[?#\s]/g, '')}`),
        )
        .map(injectable);
  }
}

/**
 * Stands for the trade's version at send time (the test replaces it): the fuzz plays a client that read
 * the trade first, so writes get accepted and the audit has something to check.
 */
export const CURRENT_VERSION = '$current-version';

const version = fc.oneof(
  { arbitrary: fc.constant(CURRENT_VERSION), weight: 6 },
  { arbitrary: fc.integer({ min: 0, max: 8 }), weight: 3 },
  { arbitrary: fc.jsonValue(), weight: 1 },
  { arbitrary: fc.constantFrom(-1, 1.5, '1', 2 ** 53, 1e308, null), weight: 1 },
);

function validBody(target: Target, ids: KnownIds): fc.Arbitrary<unknown> {
  const shift = pick(ids.shiftIds, fc.oneof(fc.uuid(), fc.string()));
  const agent = pick(ids.agentIds, fc.oneof(fc.uuid(), fc.string()));
  const schedule = pick([ids.scheduleId], fc.oneof(fc.uuid(), fc.string()));
  switch (target) {
    case 'create':
      return fc.record(
        {
          scheduleId: schedule,
          initiatingShiftId: shift,
          receivingUserId: agent,
          expiration: fc.constantFrom('2027-04-01T00:00:00Z', 'tomorrow'),
        },
        { requiredKeys: ['scheduleId', 'initiatingShiftId'] },
      );
    case 'patch':
      return fc.record(
        { receivingUserId: fc.record({ value: fc.option(agent) }), metadata: fc.record({ version }) },
        { requiredKeys: ['metadata'] },
      );
    case 'match':
      return fc.record({ receivingScheduleId: schedule, receivingShiftId: shift, metadata: fc.record({ version }) });
    case 'clock':
      return fc.record(
        {
          worldTime: fc.oneof(
            fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
            fc.constantFrom(
              '2027-03-28T01:00:00Z',
              '2027-02-30T00:00:00Z',
              '+275760-09-13T00:00:00.000Z',
              '9999-12-31T23:59:59Z',
              'now',
            ),
          ),
          speed: fc.oneof(fc.double(), fc.constantFrom(0, -1, 1, 60, 1e6, 1e7)),
        },
        { requiredKeys: [] },
      );
    default:
      return fc.jsonValue({ maxDepth: 3 });
  }
}

/** Drop a field, retype one, add an unknown one, or break metadata — or leave the body as it is. */
function mutate(body: unknown): fc.Arbitrary<unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return fc.constant(body);
  const record = body as Record<string, unknown>;
  const keys = Object.keys(record);
  const withKeys =
    keys.length === 0
      ? []
      : [
          fc.constantFrom(...keys).map((key) => Object.fromEntries(Object.entries(record).filter(([k]) => k !== key))),
          fc
            .tuple(fc.constantFrom(...keys), fc.jsonValue({ maxDepth: 2 }))
            .map(([key, value]) => ({ ...record, [key]: value })),
        ];
  return fc.oneof(
    { arbitrary: fc.constant(record), weight: 4 },
    ...withKeys.map((arbitrary) => ({ arbitrary, weight: 1 })),
    {
      arbitrary: fc
        .tuple(fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue({ maxDepth: 1 }))
        .map(([key, value]) => ({ ...record, [key]: value })),
      weight: 1,
    },
    { arbitrary: fc.constant({ ...record, metadata: {} }), weight: 1 },
    { arbitrary: fc.constant({ ...record, metadata: { version: 1, extra: true } }), weight: 1 },
  );
}

function bodyFor(target: Target, ids: KnownIds, bodyLimitBytes: number): fc.Arbitrary<string | Buffer | undefined> {
  const oauthForm = fc
    .tuple(fc.constantFrom('client_credentials', 'password', ''), printable(10), printable(10))
    .map(([grant, id, secret]) => `grant_type=${grant}&client_id=${id}&client_secret=${secret}`);
  return bodyFrom(validBody(target, ids), oauthForm, target === 'oauth', bodyLimitBytes);
}

/** A valid body (mutated), or a form, or malformed, random, oversized, hostile or no body at all. */
function bodyFrom(
  valid: fc.Arbitrary<unknown>,
  form: fc.Arbitrary<string>,
  useForm: boolean,
  bodyLimitBytes: number,
): fc.Arbitrary<string | Buffer | undefined> {
  const json = valid.chain(mutate).map((value) => JSON.stringify(value) ?? 'null');
  return fc.oneof(
    { arbitrary: useForm ? form : json, weight: 8 },
    { arbitrary: fc.json({ maxDepth: 3 }), weight: 1 },
    {
      arbitrary: fc
        .tuple(json, fc.nat(), fc.constantFrom('', '}', '{', ',', '"', 'garbage', '\u0000'))
        .map(([text, cut, tail]) => text.slice(0, cut % (text.length + 1)) + tail),
      weight: 2,
    },
    { arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)), weight: 1 },
    {
      arbitrary: fc
        .integer({ min: bodyLimitBytes + 1, max: bodyLimitBytes * 3 })
        .map((n) => JSON.stringify({ metadata: { version: 1 }, pad: 'x'.repeat(n) })),
      weight: 1,
    },
    {
      arbitrary: fc.constantFrom(
        '{"__proto__":{"polluted":true}}',
        '{"constructor":{"prototype":{"polluted":true}}}',
        '[]',
        'null',
        '""',
        '{"metadata":{"version":1}',
        '1e999',
      ),
      weight: 1,
    },
    { arbitrary: fc.constant(undefined), weight: 2 },
  );
}

function headersFor(ids: KnownIds): fc.Arbitrary<Record<string, string>> {
  const authorization = fc.oneof(
    { arbitrary: fc.constant(`Bearer ${ids.token}`), weight: 8 },
    {
      arbitrary: fc.constantFrom(
        `bearer   ${ids.token}`,
        'Bearer',
        `Bearer ${ids.token}x`,
        `Basic ${Buffer.from('a:b').toString('base64')}`,
        'Basic !!!',
        `Token ${ids.token}`,
      ),
      weight: 2,
    },
    { arbitrary: printable(40), weight: 1 },
    { arbitrary: fc.constant(undefined), weight: 2 },
  );
  const contentType = fc.oneof(
    { arbitrary: fc.constant('application/json'), weight: 8 },
    {
      arbitrary: fc.constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/json; charset=utf-8',
        'application/json; charset=latin1',
        'multipart/form-data; boundary=x',
        'application/xml',
        'application/vnd.api+json',
        '*/*',
      ),
      weight: 2,
    },
    { arbitrary: printable(30), weight: 1 },
    { arbitrary: fc.constant(undefined), weight: 2 },
  );
  return fc
    .record({ authorization, contentType, accept: fc.option(fc.constantFrom('application/json', 'text/html', '*/*')) })
    .map(({ authorization: a, contentType: c, accept }) => {
      const headers: Record<string, string> = {};
      if (a !== undefined) headers['authorization'] = a;
      if (c !== undefined) headers['content-type'] = c;
      if (accept !== null) headers['accept'] = accept;
      return headers;
    });
}

const METHOD_OF: Record<Target, readonly string[]> = {
  create: ['POST'],
  patch: ['PATCH'],
  match: ['POST'],
  'list-week': ['GET', 'HEAD'],
  'list-agent': ['GET'],
  clock: ['PUT', 'GET'],
  oauth: ['POST'],
  control: ['GET'],
  random: ['GET', 'POST'],
  'any-route': [],
};

/** A path parameter: a known id of its kind (by name) most of the time, else an unknown or odd one. */
function paramFor(name: string, ids: KnownIds): fc.Arbitrary<string> {
  const known: Record<string, readonly string[]> = {
    managementUnitId: [ids.managementUnitId],
    weekDateId: [ids.weekDate],
    tradeId: ids.tradeIds,
    agentId: ids.agentIds,
    scheduleId: [ids.scheduleId],
    businessUnitId: ids.businessUnitId ? [ids.businessUnitId] : [],
  };
  return pick(known[name] ?? [], fc.oneof(fc.uuid(), weirdSegment));
}

/**
 * Any route of the table (job, discovery, search, state/bulk, compat... as well as the legacy ones), its
 * parameters filled, its body drawn from its own zod schema and then mutated.
 */
function routeRequest(
  ids: KnownIds,
  bodyLimitBytes: number,
): fc.Arbitrary<{ method: string; path: string; body: fc.Arbitrary<string | Buffer | undefined> }> {
  return fc.constantFrom(...ROUTES).chain((route: RouteDef) => {
    const names = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1] ?? '');
    return fc.tuple(...names.map((name) => paramFor(name, ids))).map((values) => {
      let path = route.url;
      names.forEach((name, i) => {
        path = path.replace(`:${name}`, encodeURIComponent(values[i] ?? ''));
      });
      const valid = route.body ? schemaArbitrary(route.body, ids, version) : fc.constant({});
      return {
        method: route.method,
        path,
        body: bodyFrom(valid, fc.constant('') as fc.Arbitrary<string>, false, bodyLimitBytes),
      };
    });
  });
}

const queryArbitrary = fc.oneof(
  { arbitrary: fc.constant(''), weight: 6 },
  {
    arbitrary: fc.constantFrom(
      '?forceAsync=true',
      '?forceAsync=true',
      '?forceAsync=maybe',
      '?__proto__[x]=1&a=%ZZ',
      '?a=1&a=2',
      '?',
    ),
    weight: 2,
  },
  { arbitrary: printable(20).map((s) => `?${encodeURI(s)}`), weight: 1 },
);

export function requestArbitrary(
  ids: KnownIds,
  options: { methods: readonly string[]; bodyLimitBytes: number },
): fc.Arbitrary<FuzzRequest> {
  const target = fc.constantFrom<Target>(
    'create',
    'patch',
    'patch',
    'match',
    'match',
    'list-week',
    'list-agent',
    'clock',
    'oauth',
    'control',
    'random',
    'random',
    ...Array.from({ length: 12 }, () => 'any-route' as const),
  );
  return target.chain((t) => {
    if (t === 'any-route') {
      return routeRequest(ids, options.bodyLimitBytes).chain(({ method: routeMethod, path, body }) =>
        fc
          .record({
            method: fc.oneof(
              { arbitrary: fc.constant(routeMethod), weight: 8 },
              { arbitrary: fc.constantFrom(...options.methods), weight: 1 },
            ),
            query: queryArbitrary,
            headers: headersFor(ids),
            body,
            realMsStep: fc.integer({ min: 0, max: 50 }),
          })
          .map(({ method: m, query: q, headers, body: b, realMsStep }) => ({
            method: m,
            url: `${path}${q}`,
            headers,
            realMsStep,
            ...(b === undefined ? {} : { body: b }),
          })),
      );
    }
    const method = fc.oneof(
      { arbitrary: fc.constantFrom(...METHOD_OF[t]), weight: 6 },
      { arbitrary: fc.constantFrom(...options.methods), weight: 1 },
    );
    return fc
      .record({
        method,
        path: pathFor(t, ids),
        query: queryArbitrary,
        headers: headersFor(ids),
        body: bodyFor(t, ids, options.bodyLimitBytes),
        realMsStep: fc.integer({ min: 0, max: 50 }),
      })
      .map(({ method: m, path, query: q, headers, body, realMsStep }) => ({
        method: m,
        url: `${path}${q}`,
        headers,
        realMsStep,
        ...(body === undefined ? {} : { body }),
      }));
  });
}
