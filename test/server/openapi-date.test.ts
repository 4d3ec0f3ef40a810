/**
 * The OpenAPI document's date patterns are exactly what the server accepts (issue 21 item 6): it published
 * \d{4}-\d{2}-\d{2}, which lets 0000-00-00 through, while the server refused it. Every date schema in the
 * document (the weekDateId path parameter, the job and business-unit bodies' weekDate, and the answers'
 * dates, which are real dates too) is compared, over every month 00..13 and day 00..32 of years chosen
 * for the leap rules, with the server's own validator and with an oracle that knows nothing of either
 * (Date.UTC).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildServer } from '../../mock-server/http/server.ts';
import { weekDateParam } from '../../mock-server/api/schemas.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import { mockFromScenario } from '../../src/world/mock-from-scenario.ts';

/** Leap rules: divisible by 4, by 100 and not 400, by 400 (0000 included), and common years. */
const YEARS = ['0000', '0004', '0100', '0400', '1900', '2000', '2024', '2027', '2100', '9996', '9999'];
const pad = (n: number) => String(n).padStart(2, '0');
const CANDIDATES = [
  ...YEARS.flatMap((y) => Array.from({ length: 14 * 33 }, (_, i) => `${y}-${pad(Math.floor(i / 33))}-${pad(i % 33)}`)),
  '2027-1-01',
  '20270101',
  ' 2027-01-01',
  '2027-01-01 ',
  '2027-01-01T00:00',
  '２０２７-01-01',
];

/** Independent of both: does Date.UTC put this day in this month of this year? */
function realDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const at = new Date(Date.UTC(2000, mo - 1, d));
  at.setUTCFullYear(y);
  return mo >= 1 && mo <= 12 && at.getUTCFullYear() === y && at.getUTCMonth() === mo - 1 && at.getUTCDate() === d;
}

test('every date pattern in the OpenAPI document accepts exactly what the server does', async () => {
  const { app } = await buildServer({ ...mockFromScenario(dstParis, 1), seed: 1, quiet: true });
  const doc = (await app.inject({ method: 'GET', url: '/api/docs/openapi.json' })).json();
  await app.close();
  // Each date schema is its patterns, all of which must match.
  const dates: Array<{ where: string; patterns: RegExp[] }> = [];
  const walk = (node: unknown, where: string): void => {
    if (typeof node !== 'object' || node === null) return;
    const n = node as { pattern?: string; allOf?: Array<{ pattern?: string }> };
    const patterns = [n.pattern, ...(n.allOf ?? []).map((part) => part.pattern)].filter(
      (p): p is string => typeof p === 'string',
    );
    // A date, not a date-time (whose pattern has its T).
    if (patterns.some((p) => p.includes('\\d{4}') && !p.includes('T')))
      return void dates.push({ where, patterns: patterns.map((p) => new RegExp(p, 'u')) });
    for (const [key, value] of Object.entries(node)) walk(value, `${where}/${key}`);
  };
  walk(doc, '');
  assert.ok(dates.length >= 10, `found ${dates.length} date schemas`);
  assert.ok(
    dates.some((d) => d.where.includes('{weekDateId}')),
    'the weekDateId parameter is among them',
  );
  const wrong: string[] = [];
  for (const text of CANDIDATES) {
    const truth = realDate(text);
    if (weekDateParam.safeParse(text).success !== truth) wrong.push(`validator ${text}`);
    for (const date of dates)
      if (date.patterns.every((p) => p.test(text)) !== truth) wrong.push(`${date.where} ${text}`);
  }
  assert.deepEqual(wrong.slice(0, 10), []);
  assert.equal(realDate('0000-00-00'), false);
  assert.equal(realDate('0000-02-29'), true, '0000 is a leap year (divisible by 400)');
});

test('the server refuses 0000-00-00 and takes 2028-02-29 as a date', async () => {
  const { app } = await buildServer({ ...mockFromScenario(dstParis, 1), seed: 1, quiet: true });
  const token = (
    await app.inject({
      method: 'POST',
      url: '/oauth/token',
      payload: 'grant_type=client_credentials&client_id=a&client_secret=b',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
  ).json().access_token as string;
  const mu = '/api/v2/workforcemanagement/managementunits/x/weeks';
  const read = (date: string) =>
    app.inject({ method: 'GET', url: `${mu}/${date}/shifttrades`, headers: { authorization: `Bearer ${token}` } });
  const refused = await read('0000-00-00');
  assert.equal(refused.statusCode, 400);
  assert.match(refused.json().message, /weekDateId is not a real calendar date/);
  // A real date goes through to the route, which lists no trades for a week and unit it holds none of.
  assert.equal((await read('2028-02-29')).statusCode, 200);
  await app.close();
});
