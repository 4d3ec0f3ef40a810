/**
 * `wfm-harness serve [--config file] [flags]` and `wfm-harness openapi --out file.json`. A bad config
 * file exits with code 2 and a message naming the file and the field, before anything is started.
 */
import type { AddressInfo } from 'node:net';
import { Command, Option } from 'commander';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildServer } from '../../mock-server/http/server.ts';
import { OPENAPI_URL } from '../../mock-server/http/docs.ts';
import { SCENARIOS, getScenario } from '../scenario/file/catalogue.ts';
import { gitCommit } from './git.ts';
import { integer, outFile, speedOption } from './options.ts';
import {
  LOG_LEVELS,
  SERVE_DEFAULTS,
  ServeConfigError,
  loadServeConfig,
  resolveServe,
  serverOptionsOf,
} from './serve-config.ts';
import type { ServeConfig, ServeFlags } from './serve-config.ts';
import { EXIT } from './exit-codes.ts';
import { scenarioFileOf, withScenarioOption } from './scenario-option.ts';
import { mockFromScenario } from '../world/mock-from-scenario.ts';

/** Exit code of a config file that cannot be used (as for a bad option: docs/cli.md "Exit codes"). */
export const BAD_CONFIG_EXIT = EXIT.badInput;

export function serveCommand(root: string): Command {
  return withScenarioOption(
    new Command('serve').description(
      'start the mock WFM server (flags override the --config file, which overrides the scenario)',
    ),
    { what: 'the world and pressures', fallback: SERVE_DEFAULTS.scenario },
  )
    .option(
      '--config <file>',
      'JSON config: host, port, seed, scenario, quiet, clock, clients, pressures, faults (docs/cli.md "serve")',
    )
    .option('--port <n>', `port (default ${SERVE_DEFAULTS.port})`, integer('--port', 0, 65535))
    .option('--host <host>', `address to bind (default ${SERVE_DEFAULTS.host})`)
    .option('--seed <n>', `world seed (default ${SERVE_DEFAULTS.seed})`, integer('--seed', 0, 2 ** 32 - 1))
    .option(
      '--no-pressures',
      'same world with every lock-window pressure, every fault and the network latency off (the jobs delay stays)',
    )
    .option('--quiet', 'old name of --no-pressures (it silences pressures, not output: see --log-level)')
    .option(
      '--speed <x>',
      "world ms per real ms (default: the scenario's clock speed); clients must wait world ms / speed",
      speedOption,
    )
    .addOption(
      new Option('--log-level <level>', 'request log level (pino)')
        .choices(LOG_LEVELS)
        .default(SERVE_DEFAULTS.logLevel),
    )
    .action(
      async (
        opts: Omit<ServeFlags, 'quiet'> & {
          config?: string;
          quiet?: boolean;
          pressures?: boolean;
          scenarioFile?: string;
        },
        command: Command,
      ) => {
        const fromFile = scenarioFileOf(opts, command);
        const { config: file, quiet, pressures, scenarioFile: _scenarioFile, ...rest } = opts;
        const flags: ServeFlags = {
          ...rest,
          ...(quiet === true || pressures === false ? { quiet: true } : {}),
          ...(fromFile ? { scenario: fromFile.name } : {}),
        };
        const refuse = (message: string) => {
          process.stderr.write(`wfm-harness serve: ${message}\n`);
          process.exitCode = BAD_CONFIG_EXIT;
        };
        let settings;
        let config: ServeConfig = {};
        try {
          if (file !== undefined) config = loadServeConfig(file);
          settings = resolveServe(
            file ?? '(flags)',
            config,
            flags,
            fromFile ? { ...SCENARIOS, [fromFile.name]: fromFile } : SCENARIOS,
          );
          // The scenario file's faults unless the --config file names its own.
          if (settings.faults === undefined && fromFile?.faults) settings = { ...settings, faults: fromFile.faults };
        } catch (error) {
          if (!(error instanceof ServeConfigError)) throw error;
          return refuse(error.message);
        }
        let built;
        try {
          built = await buildServer(serverOptionsOf(settings));
        } catch (error) {
          // What only the world can check (a management unit or week named in a pressure that the world lacks):
          // the domain's message starts with the pressure's name.
          if (config.pressures === undefined || !(error instanceof Error)) throw error;
          return refuse(`${file}: pressures.${error.message}`);
        }
        const { app, harness } = built;
        // --quiet means a calm server: faults from the file stay off too (docs/cli.md "serve").
        const faultsApplied = settings.faults !== undefined && !settings.quiet;
        if (faultsApplied && settings.faults) harness.faults.set(settings.faults);
        try {
          await app.listen({ host: settings.host, port: settings.port });
        } catch (error) {
          // A host that is no address of this machine, or a port in use, is a bad option: exit 2.
          const problem = listenProblem(error, settings.host, settings.port);
          if (problem === undefined) throw error;
          await app.close();
          return refuse(problem);
        }
        const address = boundAddress(app.server.address(), settings.host);
        if (!isLoopback(settings.host)) {
          process.stderr.write(
            `warning: --host ${settings.host} binds ${address}, reachable from other ` +
              `machines${
                settings.clients.length > 0
                  ? ''
                  : ': with no OAuth clients configured every route, the ' +
                    '/__harness control routes included, answers without a token'
              }\n`,
          );
        }
        const clock = harness.clock.state();
        process.stderr.write(
          `mock WFM listening on ${address} (scenario ${settings.scenarioName}, seed ${settings.seed}, ` +
            `commit ${gitCommit(root)}${settings.quiet ? ', quiet' : ''}` +
            `${
              settings.clients.length > 0 ? `, ${settings.clients.length} OAuth client(s)` : ', any OAuth ' + 'client'
            }${faultsApplied ? ', faults on' : ''}); ` +
            `world clock ${new Date(clock.worldMs).toISOString()} at ${clock.speed}x; docs ${address}/api/docs\n`,
        );
      },
    );
}

/** Why --host/--port cannot be listened on, for the errors that mean a bad option; else undefined. */
export function listenProblem(error: unknown, host: string, port: number): string | undefined {
  const code = (error as NodeJS.ErrnoException).code;
  const message = (error as Error).message;
  if (code === 'EADDRINUSE')
    return `--port ${port}: ${host}:${port} is in use (give another port, or 0 for a free one)`;
  if (code === 'EACCES') return `--port ${port}: not allowed to listen on ${host}:${port} (${message})`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EADDRNOTAVAIL' || code === 'EAI_NONAME')
    return `--host ${host}: not an address of this machine (${message})`;
  return undefined;
}

/** Loopback names and addresses: the only hosts serve binds without a warning. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** The address really bound (Fastify's listen() answers with a loopback URL even for 0.0.0.0). */
export function boundAddress(bound: string | AddressInfo | null, host: string): string {
  if (!bound || typeof bound === 'string') return `http://${host}`;
  return `http://${bound.family === 'IPv6' ? `[${bound.address}]` : bound.address}:${bound.port}`;
}

export function openApiCommand(): Command {
  return new Command('openapi')
    .description("write the mock's OpenAPI 3.1 document (the same one GET /api/docs/openapi.json serves)")
    .requiredOption('--out <file>', 'where to write it (JSON)', outFile)
    .action(async (opts: { out: string }) => {
      // Built by a real (not listening) server so routes registered outside the table are listed too.
      const { app } = await buildServer({
        ...mockFromScenario(getScenario(SERVE_DEFAULTS.scenario), SERVE_DEFAULTS.seed),
        seed: SERVE_DEFAULTS.seed,
        quiet: true,
      });
      const response = await app.inject({ method: 'GET', url: OPENAPI_URL });
      await app.close();
      const document = JSON.parse(response.body) as { paths: Record<string, unknown> };
      const out = resolve(opts.out);
      writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
      process.stdout.write(`${out}: ${Object.keys(document.paths).length} paths\n`);
    });
}
