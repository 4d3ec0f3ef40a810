/**
 * One scenario option, every command (issue 17): a command that takes a scenario (an option --scenario, or
 * an argument named "scenario") takes --scenario-file as well, through the one shared definition
 * (src/cli/scenario-option.ts). The walk covers every command registered in src/cli/commands.ts and their
 * subcommands, so a new command (observe) is held to it the day it is registered.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { COMMANDS } from '../../src/cli/commands.ts';
import { SCENARIO_FILE_HELP } from '../../src/cli/scenario-option.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Every command and subcommand, by its full name ("scenario show"). */
function walk(command: Command, prefix = ''): Array<{ name: string; command: Command }> {
  const name = `${prefix}${command.name()}`;
  return [{ name, command }, ...command.commands.flatMap((sub) => walk(sub, `${name} `))];
}

const ALL = COMMANDS.flatMap((make) => walk(make(ROOT)));
const takesScenario = (c: Command) =>
  c.options.some((o) => o.long === '--scenario') || c.registeredArguments.some((a) => a.name() === 'scenario');
const fileOption = (c: Command) => c.options.find((o) => o.long === '--scenario-file');

test('every command that takes a scenario takes --scenario-file, from the one shared definition', () => {
  const withScenario = ALL.filter(({ command }) => takesScenario(command));
  const missing = withScenario.filter(({ command }) => !fileOption(command)).map(({ name }) => name);
  assert.deepEqual(missing, [], 'commands that take a scenario but not a file');
  for (const { name, command } of withScenario)
    assert.equal(fileOption(command)?.description, SCENARIO_FILE_HELP, `${name}: the shared --scenario-file`);
  // The walk is not vacuous: the commands the issue names are among them.
  const names = withScenario.map(({ name }) => name);
  for (const expected of [
    'sim',
    'compare',
    'serve',
    'plan',
    'tune',
    'capacity',
    'observe',
    'scenario show',
    'baseline update',
  ])
    assert.ok(names.includes(expected), `${expected} takes a scenario (found: ${names.join(', ')})`);
});
