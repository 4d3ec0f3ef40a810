/**
 * The `wfm-harness` program, built fresh for each run: main.ts runs it for the process, and tests run
 * the same parse, actions and exit-code convention in-process (a process start through tsx costs about
 * 2 CPU-s; docs/architecture.md "Test tiers"). Output goes to process.stdout and process.stderr.
 */
import { Command, CommanderError } from 'commander';
import { PACKAGE_ROOT } from '../package-root.ts';
import { COMMANDS } from './commands.ts';
import { exitCodeOf, useExitCodes } from './exit-policy.ts';
import { EXIT } from './exit-codes.ts';
import { versionText } from './version-text.ts';

/** The package's own folder (package.json, scenarios/, dist/): from a clone or from the built CLI alike. */
export const ROOT = PACKAGE_ROOT;

export function buildProgram(root: string = ROOT): Command {
  const program = new Command('wfm-harness')
    .description('Measure 409 Conflict storms and retry strategies for Genesys Cloud WFM shift trades')
    .showHelpAfterError()
    .version(versionText(root), '-V, --version', 'print the version and git commit');
  // Every command takes the program's settings (help after a usage error), as .command() would give it.
  for (const make of COMMANDS) program.addCommand(make(root).copyInheritedSettings(program));
  useExitCodes(program);
  return program;
}

/**
 * Runs `wfm-harness <args>` and resolves with its exit code (docs/cli.md "Exit codes"): a usage error
 * is 2 (commander's own message already written), an error thrown by an action is named on stderr and
 * mapped by exitCodeOf, otherwise what the command set in process.exitCode (0 when it set none).
 * process.exitCode is left as it was found, so runs can follow one another in one process.
 */
export async function runCli(args: readonly string[], root: string = ROOT): Promise<number> {
  const before = process.exitCode;
  process.exitCode = undefined;
  try {
    await buildProgram(root).parseAsync([...args], { from: 'user' });
    return Number(process.exitCode ?? EXIT.passed);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.passed : EXIT.badInput;
    process.stderr.write(`wfm-harness: ${(error as Error).message}\n`);
    return exitCodeOf(error);
  } finally {
    process.exitCode = before;
  }
}
