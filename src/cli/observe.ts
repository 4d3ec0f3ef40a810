/**
 * `wfm-harness observe -- COMMAND`: start the mock on a free 127.0.0.1 port with the scenario's world,
 * clock, pressures, faults and OAuth clients; write the scenario's planned swaps (sync input format); run
 * COMMAND with the WFM_* variables (docs/observe.md "The variables"); stop it at the timeout; read the
 * mock's truth through its control API as `report --from-server` would; write the run directory.
 */
import { clientsOf } from '../scenario/clients.ts';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildServer } from '../../mock-server/http/server.ts';
import type { OAuthClient } from '../../mock-server/api/auth.ts';
import type { ScenarioSpec } from '../scenario/spec.ts';
import type { Thresholds } from '../scenario/thresholds.ts';
import { arrivalCount } from '../scenario/load-shape.ts';
import { mockFromScenario } from '../world/mock-from-scenario.ts';
import { readServerTruth } from '../observe/read-server.ts';
import { observedRun } from '../observe/observed-run.ts';
import type { ObservedRun } from '../observe/observed-run.ts';
import type { StrategyResult } from '../report/results.ts';
import { swapScenario } from '../sim/experiments/index.ts';
import { getDialect } from '../core/dialects/index.ts';
import { formatSwaps, plannedSwaps } from './plan-command.ts';
import { runClient } from './observe-client.ts';
import type { ClientRun } from './observe-client.ts';
import { gitCommit } from './git.ts';
import { scenarioHash } from '../scenario/file/content-hash.ts';
import type { RunResults } from '../report/results.ts';

/** World seconds a client gets past the scenario's load before --timeout stops it (the default timeout's grace). */
export const OBSERVE_GRACE_S = 60;

export const OBSERVE_PROFILES = ['genesys', 'compat'] as const;
export type ObserveProfile = (typeof OBSERVE_PROFILES)[number];

/** The core's dialect a profile's presets run through in the simulator (--compare-presets). */
const PRESET_DIALECT: Readonly<Record<ObserveProfile, string>> = { genesys: 'genesys-legacy', compat: 'compat' };

export interface ObserveOptions {
  root: string;
  scenario: ScenarioSpec;
  seed: number;
  /** World ms per real ms (default 1: an outside client waits in real time). */
  speed: number;
  profile: ObserveProfile;
  dir: string;
  /** World seconds before the client is stopped. */
  timeoutS: number;
  command: readonly string[];
  label: string;
  thresholds: Thresholds;
  /** A run from --scenario-file: the file and its SHA-256 (results.json records it for the baseline). */
  scenarioFile?: RunResults['scenarioFile'];
  /** Presets (or inline strategies) the simulator runs on the same scenario and seed, as rows beside the client's. */
  presets?: readonly string[];
  log: (line: string) => void;
}

export interface ObserveOutcome {
  run: ObservedRun;
  client: ClientRun;
}

/** The client's OAuth client, and the harness admin observe reads the control API with (never given to the client). */
function oauthClients(): { client: OAuthClient; admin: OAuthClient } {
  const secret = () => randomBytes(18).toString('base64url');
  return {
    client: {
      clientId: 'observe-client',
      clientSecret: secret(),
      scopes: ['workforce-management'],
      tokenTtlS: 86_400,
    },
    admin: {
      clientId: 'observe-admin',
      clientSecret: secret(),
      scopes: ['workforce-management'],
      tokenTtlS: 86_400,
      harnessAdmin: true,
    },
  };
}

export function runIdFor(scenario: string, seed: number, startedAt: Date): string {
  return `${startedAt.toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}-observe-${scenario}-seed${seed}`;
}

async function presetRows(options: ObserveOptions): Promise<StrategyResult[]> {
  if (!options.presets || options.presets.length === 0) return [];
  options.log(
    `observe: the simulator runs ${options.presets.join(', ')} on ${options.scenario.name}, seed ${options.seed}`,
  );
  const outcome = await swapScenario(options.scenario).run({
    strategies: options.presets,
    seed: options.seed,
    dialect: getDialect(PRESET_DIALECT[options.profile]).name,
  });
  return outcome.strategies.map((row) => ({ ...row, origin: `simulator preset: ${row.origin}` }));
}

export async function observe(options: ObserveOptions): Promise<ObserveOutcome> {
  const { scenario, seed, speed, dir, log } = options;
  const startedAt = new Date();
  const commit = gitCommit(options.root);
  mkdirSync(dir, { recursive: true });
  const planFile = join(dir, 'plan.json');
  const swaps = plannedSwaps(scenario, seed, arrivalCount(scenario.load));
  writeFileSync(planFile, formatSwaps(swaps, 'json'));
  const { client, admin } = oauthClients();
  // The tokens (logins of the one OAuth client) the load spreads its requests over: load.clients
  // (src/scenario/clients.ts); the mock's per-token rate limit counts each apart.
  const tokens = clientsOf(scenario.load);
  const { app, harness } = await buildServer({
    ...mockFromScenario(scenario, seed),
    seed,
    quiet: false,
    speed,
    clients: [client, admin],
    label: scenario.name,
    setupHash: scenarioHash(scenario, scenario.faults),
  });
  if (scenario.faults) harness.faults.set(scenario.faults);
  let baseUrl: string;
  let clientRun: ClientRun;
  let truth;
  try {
    baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    log(
      `observe: scenario=${scenario.name} seed=${seed} commit=${commit} speed=${speed} profile=${options.profile}; ` +
        `mock ${baseUrl}; ${swaps.length} planned swaps in ${planFile}; timeout ${options.timeoutS} world-s ` +
        `(${(options.timeoutS / speed).toFixed(0)} real s)`,
    );
    log(`observe: running ${options.command.join(' ')}`);
    clientRun = await runClient({
      command: options.command,
      env: {
        WFM_BASE_URL: baseUrl,
        WFM_CLIENT_ID: client.clientId,
        WFM_CLIENT_SECRET: client.clientSecret,
        WFM_SPEED: String(speed),
        WFM_WORLD_START: scenario.clock.startUtc,
        WFM_PLAN_FILE: planFile,
        WFM_PROFILE: options.profile,
        WFM_SEED: String(seed),
        WFM_SCENARIO: scenario.name,
        WFM_CLIENTS: String(tokens),
      },
      timeoutRealMs: (options.timeoutS * 1000) / speed,
      logPath: join(dir, 'client.log'),
      out: process.stdout,
      err: process.stderr,
      onTimeout: () =>
        log(`observe: the client is still running at --timeout ${options.timeoutS} world-s: stopping it`),
    });
    truth = await readServerTruth({ baseUrl, clientId: admin.clientId, clientSecret: admin.clientSecret });
  } finally {
    await app.close();
  }
  const presets = await presetRows(options);
  const run = observedRun({
    truth,
    label: options.label,
    origin: `observed: ${options.command.join(' ')}`,
    runId: runIdFor(scenario.name, seed, startedAt),
    gitCommit: commit,
    startedAt: startedAt.toISOString(),
    nodeVersion: process.version,
    thresholds: options.thresholds,
    ...(options.scenarioFile ? { scenarioFile: options.scenarioFile } : {}),
    observe: {
      source: 'observe',
      profile: options.profile,
      client: {
        command: [...options.command],
        exitCode: clientRun.exitCode,
        signal: clientRun.signal,
        timedOut: clientRun.timedOut,
        realSeconds: clientRun.realSeconds,
      },
      ...(presets.length > 0 ? { presetsFromSimulator: true } : {}),
      tokens,
    },
    presets,
  });
  return { run, client: clientRun };
}
