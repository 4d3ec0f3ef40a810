/** `wfm-harness`: the command line. Every command validates its options before anything runs. */
import { runCli } from './program.ts';

process.exitCode = await runCli(process.argv.slice(2));
