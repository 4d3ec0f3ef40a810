/**
 * `wfm-harness scenario list | show NAME | init`: the catalogue (scenarios/*.json) and a
 * starting file for any zone's transition. init checks what it writes through the same loader and
 * sizes the load to what the world plans, so the file it writes runs as it is.
 */
import { Command } from 'commander';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { SCENARIOS, cataloguePath } from '../scenario/file/catalogue.ts';
import { findTransitions, isZone } from '../world/dst.ts';
import { loadScenarioFile } from '../scenario/file/load.ts';
import { formatScenarioJson } from '../scenario/file/json-layout.ts';
import { generateWorld } from '../world/generate.ts';
import { planScenarioSwaps } from '../scenario/plan.ts';
import type { ScenarioSpec } from '../scenario/spec.ts';
import { BadInputError } from './exit-policy.ts';
import { integer } from './options.ts';
import { SCENARIO_FILE_FLAGS, SCENARIO_FILE_HELP } from './scenario-option.ts';

const DAY_MS = 86_400_000;

function summary(spec: ScenarioSpec): string {
  const units = spec.world.businessUnits.flatMap((bu) => bu.managementUnits);
  const zones = [...new Set(units.map((u) => u.timeZone))].join(', ');
  const agents = units.reduce((sum, u) => sum + u.agents, 0);
  return (
    `${spec.name.padEnd(18)} ${spec.clock.startUtc}  ${String(agents).padStart(6)} agents  ` +
    `${spec.load.tradesPerSecond.toFixed(2)}/s x ${spec.load.durationS} s  ${zones}\n  ${spec.description}`
  );
}

/** The transition init writes around: the next one after now, or the one on a named local date. */
function transitionFor(zone: string, transition: string, nowMs: number): DateTime {
  const fromMs = transition === 'next' ? nowMs : DateTime.fromISO(transition, { zone }).toMillis() - DAY_MS;
  if (Number.isNaN(fromMs)) throw new BadInputError(`--transition must be "next" or YYYY-MM-DD, got "${transition}"`);
  const found = findTransitions(zone, fromMs, fromMs + (transition === 'next' ? 366 : 3) * DAY_MS).find(
    (t) =>
      transition === 'next' || DateTime.fromISO(t.atUtc).minus({ minutes: 1 }).setZone(zone).toISODate() === transition,
  );
  if (!found)
    throw new BadInputError(
      `${zone} has no DST transition ${transition === 'next' ? 'within a year' : `on ${transition}`}`,
    );
  return DateTime.fromISO(found.atUtc).setZone(zone);
}

export function initialScenario(
  zone: string,
  transition: string,
  agents: number,
  nowMs: number,
): Record<string, unknown> {
  if (!isZone(zone)) throw new BadInputError(`--zone "${zone}" is not an IANA time zone (e.g. Australia/Sydney)`);
  const at = transitionFor(zone, transition, nowMs);
  const city = zone.split('/').pop()?.replaceAll('_', ' ') ?? zone;
  return {
    name: `dst-${city.toLowerCase().replaceAll(' ', '-')}-${at.toISODate()}`,
    description: `Swaps during the DST reconciliation window of the ${zone} transition of ${at.toISODate()}`,
    world: {
      weekDate: at.startOf('week').toISODate(),
      weeks: 2,
      workDaysPerAgent: 5,
      shiftHours: 8,
      businessUnits: [
        {
          name: `${city} Business Unit`,
          timeZone: zone,
          managementUnits: [{ name: `${city} Support`, timeZone: zone, agents }],
        },
      ],
    },
    trades: { managementUnit: `${city} Support` },
    clock: {
      relativeTo: { zone, transition: transition === 'next' ? 'next' : transition, offsetMinutes: -2 },
      speed: 10,
    },
    network: { roundTripMs: { medianMs: 60, p99Ms: 250 } },
    pressures: {
      dstReconciliation: { beforeMs: 1_800_000, afterMs: 5_400_000, intervalMs: 10_000, holdMs: 1_000 },
      staleReads: {},
    },
    load: { tradesPerSecond: 0.5, durationS: 160, preAllocatedVUs: 10, maxVUs: 40 },
  };
}

function init(opts: { zone: string; transition: string; agents: number; out: string }): void {
  const file = initialScenario(opts.zone, opts.transition, opts.agents, Date.now());
  writeFileSync(opts.out, `${formatScenarioJson(file)}\n`);
  const spec = loadScenarioFile(opts.out);
  const planned = planScenarioSwaps(generateWorld(spec.world, 1), spec).length;
  // A load the world can feed (seed 1; other seeds plan about as many): at most 80% of the planned swaps.
  const durationS = Math.min(160, Math.floor((planned * 0.8) / spec.load.tradesPerSecond));
  if (durationS < 1)
    throw new BadInputError(
      `${opts.zone}: ${opts.agents} agents plan ${planned} swaps around the transition; try more --agents`,
    );
  writeFileSync(opts.out, `${formatScenarioJson({ ...file, load: { ...(file['load'] as object), durationS } })}\n`);
  process.stderr.write(
    `scenario init: ${opts.out}: ${spec.name}, clock ${spec.clock.startUtc} (2 min before the ` +
      `transition), ${planned} swaps planned (seed 1), load 0.5/s x ${durationS} world-s\n`,
  );
}

/** `scenario show NAME`, `scenario show FILE` or `scenario show --scenario-file FILE`: the file and its spec. */
function shownScenario(
  scenario: string | undefined,
  scenarioFile: string | undefined,
): { file: string; spec: ScenarioSpec } {
  if (scenario !== undefined && scenarioFile !== undefined)
    throw new BadInputError('give a scenario or --scenario-file, not both');
  const named = scenario === undefined ? undefined : SCENARIOS[scenario];
  if (named) return { file: cataloguePath(scenario as string), spec: named };
  const file = scenarioFile ?? scenario;
  if (file === undefined) throw new BadInputError(`name a scenario (${Object.keys(SCENARIOS).join(', ')}) or a file`);
  if (scenarioFile === undefined && !file.endsWith('.json') && !existsSync(file))
    throw new BadInputError(`unknown scenario "${file}"; known: ${Object.keys(SCENARIOS).join(', ')}, or a file path`);
  return { file, spec: loadScenarioFile(file) };
}

export function scenarioCommand(): Command {
  const command = new Command('scenario').description(
    'the scenario catalogue (scenarios/) and starting files for your own',
  );
  command
    .command('list')
    .description('every built-in scenario: name, resolved start, agents, load, zones')
    .action(() => {
      process.stdout.write(`${Object.values(SCENARIOS).map(summary).join('\n')}\n`);
    });
  command
    .command('show')
    .argument('[scenario]', 'a catalogue scenario, or a scenario file (a path ending in .json)')
    .option(SCENARIO_FILE_FLAGS, SCENARIO_FILE_HELP)
    .description("print a scenario file (the catalogue's or yours) and its resolved start")
    .option(
      '--resolved',
      'print the resolved spec instead (absolute clock, plain JSON): what k6 reads from SCENARIO_SPEC (docs/k6.md "Run k6 yourself")',
    )
    .action((scenario: string | undefined, opts: { resolved?: boolean; scenarioFile?: string }) => {
      const { file, spec } = shownScenario(scenario, opts.scenarioFile);
      if (opts.resolved) return void process.stdout.write(`${JSON.stringify(spec, null, 2)}\n`);
      process.stdout.write(readFileSync(file, 'utf8'));
      process.stderr.write(`resolved clock.startUtc: ${spec.clock.startUtc}\n`);
    });
  command
    .command('init')
    .description(
      "write a starting scenario file around a zone's DST transition (world in that zone, reconciliation window, a load it can feed)",
    )
    .requiredOption('--zone <zone>', 'IANA zone, e.g. Australia/Sydney')
    .option('--transition <when>', '"next" (after today) or the local date of a transition, YYYY-MM-DD', 'next')
    .option('--agents <n>', 'agents in the management unit', integer('--agents', 2, 100_000), 50)
    .requiredOption('--out <file>', 'where to write the JSON file')
    .action(init);
  return command;
}
