/** `wfm-harness k6`: the k6 binary every command uses (found, or built with Go at the pinned version). */
import { Command } from 'commander';
import { findK6, k6Version, K6_VERSION } from './k6-binary.ts';

export function k6Command(): Command {
  const k6 = new Command('k6').description(`find or build k6 (${K6_VERSION} is the pinned build)`);
  k6.command('path')
    .description(
      'print the k6 binary every command uses: K6_BIN, else k6 on PATH, else the cached build, else build it with Go',
    )
    .action(async () => {
      const found = await findK6();
      process.stderr.write(`k6 (${found.source}): ${await k6Version(found.path)}\n`);
      process.stdout.write(`${found.path}\n`);
    });
  return k6;
}
