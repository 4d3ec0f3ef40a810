/**
 * The k6 scenarios' one configuration, read once from k6's __ENV (docs/k6.md "Run k6 yourself"). Every
 * variable is listed here with its default and unit; a malformed value, or an unknown variable spelled
 * with the WFM_ prefix (a typo such as WFM_STRATEGIE), is refused with a message naming it, before any
 * request. Each variable may also be spelled WFM_<NAME> (for shells where BASE_URL or SEED already
 * mean something else). Hand-written parsing: zod stays out of k6 bundles. Pure: no k6 import, so Node
 * tests read it too.
 *
 * Time (DESIGN "Time: one axis"): RATE and DURATION_S are WORLD time; SPEED converts to real time.
 */
import { DEFAULT_DIALECT, DIALECTS } from '../../src/core/dialects/index.ts';
import { resolveStrategy } from '../../src/core/strategy-text.ts';
import type { ScenarioSpec } from '../../src/scenario/spec.ts';
import { parseThresholds } from '../../src/scenario/thresholds.ts';
import type { Thresholds } from '../../src/scenario/thresholds.ts';

export interface K6Config {
  baseUrl: string;
  strategy: string;
  dialect: string;
  seed: number;
  /** World ms per real ms. */
  speed: number;
  /** Trades started per world-second. */
  ratePerWorldS: number;
  /** World seconds of load. */
  durationS: number;
  maxVus: number;
  partitionVus: number;
  /** OAuth clients (tokens) the load is spread over. */
  clients: number;
  summaryPath: string | undefined;
  clientId: string;
  clientSecret: string;
  /** Before scoping to the strategy (src/scenario/thresholds.ts). */
  thresholds: Thresholds;
  /** setup() resets the mock's world and clock (false: one instance of a distributed run, see docs/k6.md). */
  reset: boolean;
}

export interface K6Variable {
  name: string;
  /** The default as the docs/k6.md states it. */
  fallback: string;
  unit: string;
  meaning: string;
}

/** Every variable the scenarios read; the docs/k6.md table is written from this list (test/unit/k6-config.test.ts keeps them equal). */
export const K6_VARIABLES: readonly K6Variable[] = [
  {
    name: 'SCENARIO_SPEC',
    fallback: '(required)',
    unit: 'file path',
    meaning:
      'the resolved scenario JSON: compare writes it into the run directory; by hand, `wfm-harness scenario show ' +
      'NAME --resolved`; a relative path is read from the directory k6 runs in (k6/lib/spec-path.ts)',
  },
  {
    name: 'BASE_URL',
    fallback: '(required)',
    unit: 'URL',
    meaning: 'the mock (or a WFM API) the VUs call, e.g. http://127.0.0.1:4010',
  },
  {
    name: 'STRATEGY',
    fallback: 'refetch-full-jitter',
    unit: 'preset name or inline strategy',
    meaning: 'the retry strategy every VU uses (docs/strategies.md "Retry strategies", "Your own strategies")',
  },
  {
    name: 'DIALECT',
    fallback: DEFAULT_DIALECT,
    unit: 'dialect name',
    meaning: `API family: ${Object.keys(DIALECTS).join(', ')}`,
  },
  {
    name: 'SEED',
    fallback: '1',
    unit: 'integer',
    meaning: "seeds the clients' jitter, one stream per trade; serve the mock with the same --seed",
  },
  {
    name: 'SPEED',
    fallback: "the scenario's clock speed",
    unit: 'world ms per real ms',
    meaning: "must equal the mock's --speed; converts every world duration to real time",
  },
  {
    name: 'RATE',
    fallback: "the scenario's",
    unit: 'trades per WORLD second',
    meaning: 'arrival rate (decimals allowed)',
  },
  { name: 'DURATION_S', fallback: "the scenario's", unit: 'WORLD seconds', meaning: 'how long trades keep arriving' },
  { name: 'MAX_VUS', fallback: "the scenario's", unit: 'VUs', meaning: 'ceiling of the arrival-rate executor' },
  {
    name: 'PARTITION_VUS',
    fallback: '4',
    unit: 'VUs',
    meaning: 'workers of a partitioning strategy (one partition on one VU)',
  },
  {
    name: 'CLIENTS',
    fallback: "the scenario's load.clients (1)",
    unit: 'OAuth clients',
    meaning:
      'tokens the load is spread over: setup() logs in this many times and trade i uses token i mod CLIENTS ' +
      '(docs/scenarios.md "Clients and tokens")',
  },
  { name: 'CLIENT_ID', fallback: 'wfm-harness', unit: 'text', meaning: 'OAuth client id (serve --config "clients")' },
  { name: 'CLIENT_SECRET', fallback: 'local-secret', unit: 'text', meaning: 'OAuth client secret' },
  {
    name: 'THRESHOLDS',
    fallback: "the scenario's",
    unit: 'JSON {metric: [expr]}',
    meaning: 'replaces the scenario\'s k6 thresholds (docs/k6.md "Thresholds")',
  },
  {
    name: 'RESET',
    fallback: 'true',
    unit: 'true or false',
    meaning:
      "setup() resets the mock's world and clock as the load starts; false when running one of several k6 " +
      'instances (docs/k6.md "Distributed runs")',
  },
  {
    name: 'SUMMARY_PATH',
    fallback: '(none)',
    unit: 'file path',
    meaning: "where handleSummary writes k6's summary as JSON for the report",
  },
];

const PREFIX = 'WFM_';

function lookup(env: Record<string, string | undefined>, name: string): string | undefined {
  const plain = env[name];
  const prefixed = env[PREFIX + name];
  if (plain !== undefined && prefixed !== undefined && plain !== prefixed) {
    throw new Error(`${name}="${plain}" and ${PREFIX}${name}="${prefixed}" disagree: set one`);
  }
  const value = prefixed ?? plain;
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function positive(env: Record<string, string | undefined>, name: string, fallback: number, unit: string): number {
  const raw = lookup(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a number above 0 (${unit}), got "${raw}"`);
  return value;
}

function wholeAtLeast(env: Record<string, string | undefined>, name: string, fallback: number, min: number): number {
  const raw = lookup(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number ≥ ${min}, got "${raw}"`);
  return value;
}

function oneOf(
  env: Record<string, string | undefined>,
  name: string,
  fallback: string,
  allowed: readonly string[],
): string {
  const value = lookup(env, name) ?? fallback;
  if (!allowed.includes(value)) throw new Error(`${name}="${value}" is not one of: ${allowed.join(', ')}`);
  return value;
}

function bool(env: Record<string, string | undefined>, name: string, fallback: boolean): boolean {
  const raw = lookup(env, name);
  if (raw === undefined) return fallback;
  if (raw !== 'true' && raw !== 'false') throw new Error(`${name} must be true or false, got "${raw}"`);
  return raw === 'true';
}

function refuseUnknown(env: Record<string, string | undefined>): void {
  const known = new Set(K6_VARIABLES.map((v) => PREFIX + v.name));
  const unknown = Object.keys(env).filter((key) => key.startsWith(PREFIX) && !known.has(key));
  if (unknown.length > 0)
    throw new Error(
      `unknown variable(s) ${unknown.join(', ')}; the scenarios ` +
        `read ${K6_VARIABLES.map((v) => v.name).join(', ')} (each also as ${PREFIX}<NAME>)`,
    );
}

function thresholdsFrom(env: Record<string, string | undefined>, spec: ScenarioSpec): Thresholds {
  const raw = lookup(env, 'THRESHOLDS');
  if (raw === undefined) return spec.thresholds ?? {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new Error(`THRESHOLDS is not JSON: ${(error as Error).message}`);
  }
  return parseThresholds(parsed, 'THRESHOLDS');
}

/** STRATEGY: a preset name or an inline strategy, parsed here so a bad one is named before any request. */
function strategyText(env: Record<string, string | undefined>): string {
  const text = lookup(env, 'STRATEGY') ?? 'refetch-full-jitter';
  try {
    resolveStrategy(text);
  } catch (error) {
    throw new Error(`STRATEGY: ${(error as Error).message}`);
  }
  return text;
}

/** The run's configuration from k6's environment, over the scenario's defaults; throws a message naming the variable. */
export function readK6Config(env: Record<string, string | undefined>, spec: ScenarioSpec): K6Config {
  refuseUnknown(env);
  const baseUrl = lookup(env, 'BASE_URL');
  if (baseUrl === undefined)
    throw new Error(
      "BASE_URL is required: the mock's address, e.g. BASE_URL=http://127.0.0.1:4010 (wfm-harness serve prints it)",
    );
  if (!/^https?:\/\/[^/]+/.test(baseUrl)) throw new Error(`BASE_URL must be an http(s) URL, got "${baseUrl}"`);
  return {
    baseUrl: baseUrl.replace(/\/+$/, ''),
    strategy: strategyText(env),
    dialect: oneOf(env, 'DIALECT', DEFAULT_DIALECT, Object.keys(DIALECTS)),
    seed: wholeAtLeast(env, 'SEED', 1, 0),
    speed: positive(env, 'SPEED', spec.clock.speed, 'world ms per real ms'),
    ratePerWorldS: positive(env, 'RATE', spec.load.tradesPerSecond, 'trades per world second'),
    durationS: positive(env, 'DURATION_S', spec.load.durationS, 'world seconds'),
    maxVus: wholeAtLeast(env, 'MAX_VUS', spec.load.maxVUs, 1),
    partitionVus: wholeAtLeast(env, 'PARTITION_VUS', 4, 1),
    clients: wholeAtLeast(env, 'CLIENTS', spec.load.clients ?? 1, 1),
    summaryPath: lookup(env, 'SUMMARY_PATH'),
    clientId: lookup(env, 'CLIENT_ID') ?? 'wfm-harness',
    clientSecret: lookup(env, 'CLIENT_SECRET') ?? 'local-secret',
    thresholds: thresholdsFrom(env, spec),
    reset: bool(env, 'RESET', true),
  };
}
