/** `wfm-harness bundle`: the one k6 entry every swap scenario runs through, bundled by esbuild into dist/k6, with its size. */
import { Command } from 'commander';
import { SWAP_ENTRY, k6Bundle } from './bundle.ts';

export function bundleCommand(root: string): Command {
  return new Command('bundle')
    .description(
      'bundle the k6 entry every swap scenario runs through (k6/swap-scenario.ts) with esbuild into dist/k6 and print its size',
    )
    .action(async () => {
      const bundle = await k6Bundle(root, SWAP_ENTRY);
      process.stdout.write(
        `${bundle.path}: ${bundle.bytes} bytes (${(bundle.bytes / 1024).toFixed(1)} KiB), ${bundle.inputs.length} inputs\n`,
      );
    });
}
