/**
 * `wfm-harness`: the command line. Every command validates its options before anything runs.
 * `--version` answers before any command module loads (their libraries take most of a start-up); every
 * other use runs the program (program.ts, which loads the command list src/cli/commands.ts): the same
 * program tests run in their own process. In the built CLI that program is a separate chunk.
 */
import { PACKAGE_ROOT } from '../package-root.ts';
import { versionText } from './version-text.ts';

const args = process.argv.slice(2);

if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${versionText(PACKAGE_ROOT)}\n`);
} else {
  const { runCli } = await import('./program.ts');
  process.exitCode = await runCli(args, PACKAGE_ROOT);
}
