/**
 * The exit-code convention (exit-codes.ts) applied to commander: a bad option, an unknown command or a
 * missing argument exits 2 with the help hint (commander's default is 1, which is "ran and failed" here);
 * --help and --version exit 0 (runCli in program.ts maps commander's errors). An error thrown by an
 * action is 2 when it is about the input, else 1.
 */
import { CommanderError, InvalidArgumentError } from 'commander';
import type { Command } from 'commander';
import { EXIT } from './exit-codes.ts';
import { ConfigFileError } from './json-file.ts';
import { LegacyExportError } from '../sync/legacy-export.ts';
import { StrategyTextError } from '../core/strategy-text.ts';
import { ScenarioFileError } from '../scenario/file/load.ts';
import { LoadNotFedError } from '../scenario/plan.ts';
import { KindNotSpelledError } from '../core/trade-kinds.ts';
import { InputFileError } from '../input/bounded-read.ts';

/** Thrown for input that cannot be used, found after parsing (e.g. an option that does not fit the scenario). */
export class BadInputError extends Error {}

export function exitCodeOf(error: unknown): number {
  if (
    error instanceof BadInputError ||
    error instanceof InputFileError ||
    error instanceof ConfigFileError ||
    error instanceof LegacyExportError ||
    error instanceof ScenarioFileError ||
    error instanceof LoadNotFedError ||
    error instanceof KindNotSpelledError ||
    error instanceof InvalidArgumentError ||
    error instanceof StrategyTextError
  )
    return EXIT.badInput;
  return EXIT.failed;
}

/**
 * Every command, added with .command() or .addCommand(), throws its usage error (or --help, --version)
 * as a CommanderError instead of exiting the process: runCli (program.ts) maps it by the convention.
 */
export function useExitCodes(command: Command): void {
  command.exitOverride((error: CommanderError) => {
    throw error;
  });
  for (const sub of command.commands) useExitCodes(sub);
}
