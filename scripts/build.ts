/**
 * `npm run build` (and `npm pack`'s prepack): the CLI as plain JavaScript in dist/, so an installed
 * package runs without tsx and starts fast.
 * - dist/cli.js: src/cli/main.ts, ESM for Node; the command list and the libraries each command loads
 *   are split into chunks (dist/*.js) loaded on use, so `--version` loads none of them. Packages stay
 *   external: npm installs them as the package's dependencies.
 * - dist/sweep-worker.js: the simulator's worker thread (src/sim/sweep-pool.ts starts it beside itself).
 * - dist/k6/swap-scenario.js: the k6 entry, bundled and checked exactly as `compare` does from a clone.
 * - dist/build-info.json: the version and the commit it was built from (`--version` and results.json
 *   of an installed package report it).
 * Every JavaScript file sits directly in dist/: src/package-root.ts finds the package one folder up.
 */
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleScenario, SWAP_ENTRY } from '../src/cli/bundle.ts';
import { BUILD_INFO, gitCommit } from '../src/cli/git.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');
const started = performance.now();

rmSync(DIST, { recursive: true, force: true });
mkdirSync(DIST, { recursive: true });
const result = await build({
  entryPoints: { cli: join(ROOT, 'src/cli/main.ts'), 'sweep-worker': join(ROOT, 'src/sim/sweep-worker.ts') },
  outdir: DIST,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  chunkNames: 'chunk-[hash]',
  metafile: true,
  logLevel: 'warning',
});
const k6 = await bundleScenario(ROOT, SWAP_ENTRY, join(DIST, 'k6'));
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
writeFileSync(join(ROOT, BUILD_INFO), `${JSON.stringify({ version, commit: gitCommit(ROOT) }, null, 2)}\n`);
const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
process.stdout.write(
  `build: dist/ ${Object.keys(result.metafile.outputs).length} files, ${(bytes / 1024).toFixed(0)} KiB; ` +
    `k6 bundle ${(k6.bytes / 1024).toFixed(1)} KiB; ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
);
