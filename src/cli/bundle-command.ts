/** `wfm-harness bundle`: the k6 entry points bundled by esbuild into dist/k6, with their sizes. */
import { Command } from 'commander';
import { SCENARIOS } from '../scenarios/index.ts';
import { bundleScenario } from './bundle.ts';
import { scenarioIn } from './options.ts';

export function bundleCommand(root: string): Command {
  return new Command('bundle')
    .description('bundle the k6 scenarios with esbuild into dist/k6 and print their sizes')
    .option('--scenario <name>', 'one scenario (default all)', scenarioIn(SCENARIOS))
    .action(async (opts: { scenario?: string }) => {
      for (const name of opts.scenario ? [opts.scenario] : Object.keys(SCENARIOS)) {
        const bundle = await bundleScenario(root, name);
        process.stdout.write(`${bundle.path}: ${bundle.bytes} bytes (${(bundle.bytes / 1024).toFixed(1)} KiB), ${bundle.inputs.length} inputs\n`);
      }
    });
}
