/**
 * `wfm-harness`: the command line. Every command validates its options before anything runs.
 * `--version` answers before any command module loads (their libraries take most of a start-up); every
 * other use loads the command list (src/cli/commands.ts). In the built CLI that list is a separate chunk.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gitCommit } from './git.ts';
import { PACKAGE_ROOT } from '../package-root.ts';

const ROOT = PACKAGE_ROOT;

const packageVersion = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const versionText = `wfm-harness ${packageVersion} (commit ${gitCommit(ROOT)})`;
const args = process.argv.slice(2);

if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${versionText}\n`);
} else {
  const [{ Command }, { COMMANDS }, { exitCodeOf, useExitCodes }] = await Promise.all([
    import('commander'),
    import('./commands.ts'),
    import('./exit-policy.ts'),
  ]);
  const program = new Command('wfm-harness')
    .description('Measure 409 Conflict storms and retry strategies for Genesys Cloud WFM shift trades')
    .showHelpAfterError()
    .version(versionText, '-V, --version', 'print the version and git commit');

  // Every command takes the program's settings (help after a usage error), as .command() would give it.
  for (const make of COMMANDS) program.addCommand(make(ROOT).copyInheritedSettings(program));

  useExitCodes(program);
  program.parseAsync(process.argv).catch((error: Error) => {
    process.stderr.write(`wfm-harness: ${error.message}\n`);
    process.exitCode = exitCodeOf(error);
  });
}
