#!/usr/bin/env node
// The installed package runs its build (dist/cli.js: no tsx, a fast start). A clone runs the build only
// while it is newer than every source file (`npm run build`), else the TypeScript sources through tsx,
// so an edit is never hidden behind a stale build. WFM_HARNESS_SOURCE=1 forces the sources.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = join(root, 'dist', 'cli.js');

/** The newest modification time under the folders the build is made from. */
function newestSourceMs() {
  let newest = statSync(join(root, 'package.json')).mtimeMs;
  for (const dir of ['src', 'mock-server', 'k6']) {
    const base = join(root, dir);
    if (!existsSync(base)) continue;
    for (const entry of readdirSync(base, { recursive: true, withFileTypes: true }))
      if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
  }
  return newest;
}

const isClone = existsSync(join(root, 'src'));
const useBuild =
  existsSync(built) &&
  (!isClone || (process.env.WFM_HARNESS_SOURCE !== '1' && statSync(built).mtimeMs >= newestSourceMs()));
if (useBuild) {
  await import(new URL('../dist/cli.js', import.meta.url).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
