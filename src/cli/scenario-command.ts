/**
 * `wfm-harness scenario list | show NAME | init`: the catalogue (scenarios/*.json) and a
 * starting file for any zone's transition. init checks what it writes through the same loader and
 * sizes the load to what the world plans, so the file it writes runs as it is.
 */
import { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { SCENARIOS, cataloguePath } from '../scenario/file/catalogue.ts';
import { loadScenarioWithNotes } from '../scenario/file/load.ts';
import type { ScenarioSpec } from '../scenario/spec.ts';
import { BadInputError } from './exit-policy.ts';
import { integer, outFile } from './options.ts';
import { SCENARIO_FILE_FLAGS, SCENARIO_FILE_HELP } from './scenario-option.ts';
import { init } from './scenario-init.ts';

function summary(spec: ScenarioSpec): string {
  const units = spec.world.businessUnits.flatMap((bu) => bu.managementUnits);
  const zones = [...new Set(units.map((u) => u.timeZone))].join(', ');
  const agents = units.reduce((sum, u) => sum + u.agents, 0);
  return (
    `${spec.name.padEnd(18)} ${spec.clock.startUtc}  ${String(agents).padStart(6)} agents  ` +
    `${spec.load.tradesPerSecond.toFixed(2)}/s x ${spec.load.durationS} s  ${zones}\n  ${spec.description}`
  );
}

/** `scenario show NAME`, `scenario show FILE` or `scenario show --scenario-file FILE`: the file and its spec. */
function shownScenario(
  scenario: string | undefined,
  scenarioFile: string | undefined,
): { file: string; spec: ScenarioSpec; notes: string[] } {
  if (scenario !== undefined && scenarioFile !== undefined)
    throw new BadInputError('give a scenario or --scenario-file, not both');
  const named = scenario === undefined ? undefined : SCENARIOS[scenario];
  const file = named ? cataloguePath(scenario as string) : (scenarioFile ?? scenario);
  if (file === undefined) throw new BadInputError(`name a scenario (${Object.keys(SCENARIOS).join(', ')}) or a file`);
  if (!named && scenarioFile === undefined && !file.endsWith('.json') && !existsSync(file))
    throw new BadInputError(`unknown scenario "${file}"; known: ${Object.keys(SCENARIOS).join(', ')}, or a file path`);
  return { file, ...loadScenarioWithNotes(file) };
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
      'print the resolved spec instead (absolute clock, plain JSON: what k6 reads from SCENARIO_SPEC), and on ' +
        'stderr every field the loader resolved, defaulted or some runs ignore',
    )
    .action((scenario: string | undefined, opts: { resolved?: boolean; scenarioFile?: string }) => {
      const { file, spec, notes } = shownScenario(scenario, opts.scenarioFile);
      if (!opts.resolved) {
        process.stdout.write(readFileSync(file, 'utf8'));
        return void process.stderr.write(`resolved clock.startUtc: ${spec.clock.startUtc}\n`);
      }
      // The spec alone on stdout (k6 reads it); what the loader resolved, defaulted or ignores on stderr.
      process.stdout.write(`${JSON.stringify(spec, null, 2)}\n`);
      process.stderr.write(`${notes.map((note) => `scenario show: ${note}`).join('\n')}\n`);
    });
  command
    .command('init')
    .description(
      "write a starting scenario file around a zone's DST transition (world in that zone, reconciliation window, a load it can feed)",
    )
    .requiredOption('--zone <zone>', 'IANA zone, e.g. Australia/Sydney')
    .option('--transition <when>', '"next" (after today) or the local date of a transition, YYYY-MM-DD', 'next')
    .option(
      '--agents <n>',
      'agents in the management unit (default 120, as the built-in fall scenarios)',
      integer('--agents', 2, 100_000),
      120,
    )
    .requiredOption('--out <file>', 'where to write the JSON file', outFile)
    .action(init);
  return command;
}
