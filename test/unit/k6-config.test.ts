import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { K6_VARIABLES, readK6Config } from '../../k6/lib/config.ts';
import { textSummary } from '../../k6/lib/text-summary.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';

const BASE = { BASE_URL: 'http://127.0.0.1:4010/' };

test('defaults come from the scenario; every variable may be spelled WFM_<NAME>', () => {
  const config = readK6Config({ ...BASE, PATH: '/bin', HOME: '/root' }, dstParis);
  assert.equal(config.baseUrl, 'http://127.0.0.1:4010');
  assert.equal(config.speed, dstParis.clock.speed);
  assert.equal(config.ratePerWorldS, dstParis.load.tradesPerSecond);
  assert.equal(config.durationS, dstParis.load.durationS);
  assert.equal(config.maxVus, dstParis.load.maxVUs);
  assert.deepEqual(
    [config.strategy, config.seed, config.partitionVus, config.clientId, config.clientSecret],
    ['refetch-full-jitter', 1, 4, 'wfm-harness', 'local-secret'],
  );
  assert.deepEqual(config.thresholds, dstParis.thresholds);
  const prefixed = readK6Config(
    {
      WFM_BASE_URL: 'http://h:1',
      WFM_SPEED: '2.5',
      WFM_CLIENT_ID: 'etl',
      CLIENT_SECRET: 's3',
      THRESHOLDS: '{"wfm_trades":["count>0"]}',
    },
    dstParis,
  );
  assert.deepEqual(
    [prefixed.baseUrl, prefixed.speed, prefixed.clientId, prefixed.clientSecret],
    ['http://h:1', 2.5, 'etl', 's3'],
  );
  assert.deepEqual(prefixed.thresholds, { wfm_trades: ['count>0'] });
});

test('malformed or unknown values are refused with a message naming the variable', () => {
  const refused: Array<[Record<string, string>, RegExp]> = [
    [{}, /BASE_URL is required/],
    [{ BASE_URL: 'localhost:4010' }, /BASE_URL must be an http\(s\) URL/],
    [{ ...BASE, SPEED: '0' }, /SPEED must be a number above 0 \(world ms per real ms\), got "0"/],
    [{ ...BASE, RATE: 'fast' }, /RATE must be a number above 0/],
    [{ ...BASE, SEED: '1.5' }, /SEED must be a whole number/],
    [{ ...BASE, MAX_VUS: '0' }, /MAX_VUS must be a whole number ≥ 1/],
    [{ ...BASE, STRATEGY: 'nope' }, /STRATEGY: unknown strategy nope; known: .*refetch-full-jitter/],
    [{ ...BASE, DIALECT: 'soap' }, /DIALECT="soap" is not one of/],
    [{ ...BASE, WFM_STRATEGIE: 'no-retry' }, /unknown variable\(s\) WFM_STRATEGIE/],
    [{ ...BASE, SEED: '1', WFM_SEED: '2' }, /SEED="1" and WFM_SEED="2" disagree/],
    [{ ...BASE, THRESHOLDS: '{oops' }, /THRESHOLDS is not JSON/],
    [{ ...BASE, RESET: 'no' }, /RESET must be true or false, got "no"/],
    [{ ...BASE, THRESHOLDS: '{"wfm_trades":[]}' }, /THRESHOLDS: thresholds\["wfm_trades"\] must be a non-empty list/],
  ];
  for (const [env, message] of refused) assert.throws(() => readK6Config(env, dstParis), message, JSON.stringify(env));
});

test('the "Run k6 yourself" table of docs/k6.md lists every variable the scenarios read', () => {
  const page = readFileSync(resolve(import.meta.dirname, '../../docs/k6.md'), 'utf8');
  const start = page.indexOf('## Run k6 yourself');
  assert.ok(start >= 0, 'docs/k6.md has a "Run k6 yourself" section');
  const section = page.slice(start);
  for (const variable of K6_VARIABLES)
    assert.match(section, new RegExp(`\\| \`${variable.name}\` \\|`), `${variable.name} in the docs/k6.md table`);
});

test('the text summary names the strategy it ran (never "undefined") and marks a crossed threshold', () => {
  const text = textSummary(
    {
      metrics: {
        wfm_trades: { values: { count: 4 } },
        wfm_trades_applied: { values: { count: 3 } },
        wfm_failed_other_429_token: { values: { count: 1 } },
        wfm_time_to_outcome: { values: { count: 4, med: 120, 'p(95)': 900, 'p(99)': 990, max: 1000 } },
        'wfm_trade_success{strategy:no-retry}': {
          type: 'rate',
          values: { rate: 0.75, passes: 3, fails: 1 },
          thresholds: { 'rate>0.9': { ok: false } },
        },
      },
      state: { testRunDurationMs: 2500 },
    },
    { strategy: 'no-retry', dialect: 'genesys-legacy' },
  );
  assert.match(text, /strategy=no-retry dialect=genesys-legacy, 2.5 real s/);
  assert.match(text, /trades 4: applied 3 \(75.0%\)/);
  assert.match(text, /\n {4}failed otherwise by cause: 429 token 1\n/);
  assert.match(text, /time to outcome \(world ms\): p50 120 {2}p95 900/);
  assert.match(
    text,
    /thresholds: 1 FAILED \(k6 exits 99\)\n {4}✗ wfm_trade_success\{strategy:no-retry\} rate>0.9 \(rate 0.75\)/,
  );
  assert.doesNotMatch(text, /undefined/);
  // A threshold on a metric without samples (setup failed, nothing ran) passes in k6: say so, not "rate 0".
  const empty = textSummary(
    {
      metrics: {
        'wfm_trade_success{strategy:x}': {
          type: 'rate',
          values: { rate: 0, passes: 0, fails: 0 },
          thresholds: { 'rate>0.9': { ok: true } },
        },
      },
    },
    { strategy: 'x', dialect: 'd' },
  );
  assert.match(empty, /✓ wfm_trade_success\{strategy:x\} rate>0.9 \(no samples: k6 passes it\)/);
});
