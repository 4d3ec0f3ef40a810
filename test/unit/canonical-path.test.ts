/** One spelling per path (mock-server/http/canonical-path.ts): what is canonical, and why the rest is not. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nonCanonicalReason } from '../../mock-server/http/canonical-path.ts';

test('canonical targets pass: plain paths, escapes of reserved or non-ASCII characters, any query', () => {
  for (const target of [
    '/__harness/clock',
    '/api/v2/workforcemanagement/managementunits/%20x%C3%A9%2A/agents',
    '/api/v2/x?name=%2F..%2F&y=//z',
    '/x.y/z..w/.hidden',
    '/',
  ])
    assert.equal(nonCanonicalReason(target), undefined, target);
});

test('every second spelling is refused with its reason', () => {
  const cases: [string, RegExp][] = [
    ['http://x/__harness/audit', /origin-form/],
    ['*', /origin-form/],
    ['/%5F%5Fharness/reset', /"%5F" encodes "_"/],
    ['/__harness/%63lock', /"%63" encodes "c"/],
    ['/%2e%2e/__harness', /"%2e" encodes "."/],
    ['/__harness%2Freset', /encoded slash/],
    ['/__harness%5cclock', /encoded backslash/],
    ['/__harness/../x', /dot-segment ".."/],
    ['/./__harness/clock', /dot-segment "."/],
    ['/__harness/..', /dot-segment ".."/],
    ['//__harness/clock', /\/\//],
    ['/__harness\\clock', /backslash/],
    ['/__harness/clock#x', /fragment/],
    ['/x/%C3%a9', /lower case/],
    ['/x/%G1', /malformed/],
    ['/x/\u00e9', /printable ASCII/],
    ['/x/a b', /printable ASCII/],
  ];
  for (const [target, reason] of cases) assert.match(nonCanonicalReason(target) ?? 'canonical', reason, target);
});
