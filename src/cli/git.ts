import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Written by scripts/build.ts into the package: the commit the built CLI was made from. */
export const BUILD_INFO = join('dist', 'build-info.json');

/**
 * The commit a run was made from, with "-dirty" when the work tree has changes; "unknown" outside git.
 * An installed package has no .git of its own (and may sit inside someone else's repository, whose commit
 * is not ours): it reports the commit its build recorded.
 */
export function gitCommit(cwd: string): string {
  if (!existsSync(join(cwd, '.git'))) {
    try {
      return (JSON.parse(readFileSync(join(cwd, BUILD_INFO), 'utf8')) as { commit?: string }).commit ?? 'unknown';
    } catch {
      return 'unknown';
    }
  }
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd,
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .toString()
      .trim();
    return dirty ? `${commit}-dirty` : commit;
  } catch {
    return 'unknown';
  }
}
