/** What `wfm-harness --version` prints: the package version and the git commit the code comes from. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gitCommit } from './git.ts';

export function versionText(root: string): string {
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  return `wfm-harness ${version} (commit ${gitCommit(root)})`;
}
