/** `wfm-harness`: the command line. Every command validates its options before anything runs. */
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMMANDS } from './commands.ts';
import { exitCodeOf, useExitCodes } from './exit-policy.ts';
import { gitCommit } from './git.ts';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

const packageVersion = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const program = new Command('wfm-harness')
  .description('Measure 409 Conflict storms and retry strategies for Genesys Cloud WFM shift trades')
  .showHelpAfterError()
  .version(
    `wfm-harness ${packageVersion} (commit ${gitCommit(ROOT)})`,
    '-V, --version',
    'print the version and git commit',
  );

// Every command takes the program's settings (help after a usage error), as .command() would give it.
for (const make of COMMANDS) program.addCommand(make(ROOT).copyInheritedSettings(program));

useExitCodes(program);
program.parseAsync(process.argv).catch((error: Error) => {
  process.stderr.write(`wfm-harness: ${error.message}\n`);
  process.exitCode = exitCodeOf(error);
});
