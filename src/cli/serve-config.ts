/**
 * `wfm-harness serve --config wfm-mock.json`: the file's schema (zod, strict: an unknown key is an
 * error, not a silently ignored typo), and how file, flags and scenario combine into server options.
 * Precedence: flag > file > scenario default. Every error names the file and the field path.
 */
import { z } from 'zod';
import { ConfigFileError, fieldPath, loadJsonWith, parseJsonWith } from './json-file.ts';
import { oauthClients } from '../../mock-server/api/auth.ts';
import type { OAuthClient } from '../../mock-server/api/auth.ts';
import { faultConfig } from '../../mock-server/api/faults.ts';
import type { FaultConfig } from '../../mock-server/api/faults.ts';
import { DST_RECONCILIATION_DEFAULTS } from '../../mock-server/domain/pressures/dst-reconciliation.ts';
import { DEFAULT_JOBS } from '../../mock-server/domain/jobs.ts';
import type { ServerOptions } from '../../mock-server/http/server.ts';
import { SCENARIOS } from '../scenario/file/catalogue.ts';
import type { ScenarioSpec } from '../scenario/file/catalogue.ts';

import { optionalPressures, pressuresOverride } from '../scenario/file/pressure-schema.ts';
import type { OptionalPressure, PressuresOverride } from '../scenario/file/pressure-schema.ts';
import { mockFromScenario } from '../world/mock-from-scenario.ts';
import { scenarioHash } from '../scenario/file/content-hash.ts';

export const serveConfig = z
  .object({
    host: z.string().min(1).optional(),
    port: z.number().int().min(0).max(65535).optional(),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .optional(),
    scenario: z
      .string()
      .refine((name) => SCENARIOS[name] !== undefined, {
        message: `must be one of: ${Object.keys(SCENARIOS).join(', ')}`,
      })
      .optional(),
    quiet: z.boolean().optional(),
    clock: z
      .object({
        startUtc: z.iso.datetime({ offset: true }).optional(),
        speed: z.number().positive().max(1_000_000).optional(),
      })
      .strict()
      .optional(),
    clients: oauthClients.optional(),
    pressures: pressuresOverride.optional(),
    faults: faultConfig.optional(),
  })
  .strict();

export type ServeConfig = z.output<typeof serveConfig>;

export interface ServeFlags {
  host?: string;
  port?: number;
  seed?: number;
  scenario?: string;
  quiet?: boolean;
  /** --speed: the world clock's speed, over the file's clock.speed. */
  speed?: number;
  /** pino level of the request log (default warn: a k6 run does not flood the terminal). */
  logLevel?: LogLevel;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface ServeSettings {
  host: string;
  port: number;
  seed: number;
  scenarioName: string;
  quiet: boolean;
  /** The scenario with the file's clock and pressure overrides applied. */
  scenario: ScenarioSpec;
  clients: OAuthClient[];
  faults: FaultConfig | undefined;
  logLevel: LogLevel;
}

export const SERVE_DEFAULTS = {
  host: '127.0.0.1',
  port: 4010,
  seed: 1,
  scenario: 'dst-paris',
  quiet: false,
  logLevel: 'warn',
} as const;

/** A bad config file (json-file.ts): `message` is ready to print (file, field path, what is wrong). */
export { ConfigFileError as ServeConfigError, fieldPath };

export function parseServeConfig(file: string, raw: unknown): ServeConfig {
  return parseJsonWith(serveConfig, file, raw);
}

export function loadServeConfig(file: string): ServeConfig {
  return loadJsonWith(serveConfig, file);
}

function mergePressures(
  file: string,
  base: ScenarioSpec['pressures'],
  override: PressuresOverride | undefined,
): ScenarioSpec['pressures'] {
  if (!override) return base;
  const merged: ScenarioSpec['pressures'] = { ...base };
  if (override.dstReconciliation === null) merged.dstReconciliation = null;
  else if (override.dstReconciliation) {
    const dst = { ...(base.dstReconciliation ?? DST_RECONCILIATION_DEFAULTS), ...override.dstReconciliation };
    // Checked after merging: the file may set only holdMs against the scenario's intervalMs.
    if (dst.holdMs > dst.intervalMs)
      throw new ConfigFileError(
        `${file}: pressures.dstReconciliation.holdMs: must be <= intervalMs (${dst.holdMs} > ${dst.intervalMs})`,
      );
    merged.dstReconciliation = dst;
  }
  if (override.jobs) merged.jobs = { ...(base.jobs ?? DEFAULT_JOBS), ...override.jobs };
  for (const key of Object.keys(optionalPressures) as OptionalPressure[]) {
    const value = override[key];
    // null: off; an object: on, its fields over the scenario's (the domain's defaults fill the rest).
    if (value !== undefined)
      (merged as Record<OptionalPressure, unknown>)[key] = value === null ? null : { ...(base[key] ?? {}), ...value };
  }
  return merged;
}

/** File and flags → what the server runs with. Throws ServeConfigError for a combination that cannot run. */
export function resolveServe(
  file: string,
  config: ServeConfig,
  flags: ServeFlags,
  scenarios: Readonly<Record<string, ScenarioSpec>> = SCENARIOS,
): ServeSettings {
  const scenarioName = flags.scenario ?? config.scenario ?? SERVE_DEFAULTS.scenario;
  const base = scenarios[scenarioName];
  if (!base) throw new ConfigFileError(`${file}: scenario: unknown scenario "${scenarioName}"`);
  const scenario: ScenarioSpec = {
    ...base,
    clock: { ...base.clock, ...config.clock, ...(flags.speed === undefined ? {} : { speed: flags.speed }) },
    pressures: mergePressures(file, base.pressures, config.pressures),
  };
  return {
    host: flags.host ?? config.host ?? SERVE_DEFAULTS.host,
    port: flags.port ?? config.port ?? SERVE_DEFAULTS.port,
    seed: flags.seed ?? config.seed ?? SERVE_DEFAULTS.seed,
    scenarioName,
    quiet: flags.quiet ?? config.quiet ?? SERVE_DEFAULTS.quiet,
    scenario,
    clients: config.clients ?? [],
    faults: config.faults,
    logLevel: flags.logLevel ?? SERVE_DEFAULTS.logLevel,
  };
}

export function serverOptionsOf(settings: ServeSettings): ServerOptions {
  return {
    ...mockFromScenario(settings.scenario, settings.seed),
    seed: settings.seed,
    quiet: settings.quiet,
    clients: settings.clients,
    logger: settings.logLevel === 'silent' ? false : { level: settings.logLevel },
    // GET /__harness/run names the scenario and its hash, so `report --from-server` labels its report with
    // them and can gate it on a baseline entry; a quiet server runs no scenario's pressures: no hash.
    label: settings.scenarioName,
    ...(settings.quiet ? {} : { setupHash: scenarioHash(settings.scenario, settings.faults) }),
  };
}
