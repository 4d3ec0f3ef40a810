/**
 * Find the k6 to run: K6_BIN, else k6 on PATH, else a cached build, else build the pinned version with
 * Go into the user's cache. The build goes through a throwaway module that requires k6, because
 * `go install go.k6.io/k6/v2@v2.2.0` needs the module's version list, which some proxies do not serve.
 */
import { execFile, spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { BadInputError } from './exit-policy.ts';

/** The one place the k6 version is pinned. */
export const K6_VERSION = 'v2.2.0';
export const K6_MODULE = 'go.k6.io/k6/v2';

export type K6Source = 'K6_BIN' | 'PATH' | 'cache' | 'built';

export interface FoundK6 {
  path: string;
  source: K6Source;
}

export interface FindK6Options {
  env?: NodeJS.ProcessEnv;
  /** Build into the cache when no k6 is found (default true). */
  build?: boolean;
  log?: (line: string) => void;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (existsSync(candidate) && isExecutable(candidate)) return candidate;
  }
  return undefined;
}

export function k6CacheDir(env: NodeJS.ProcessEnv): string {
  const base = env['XDG_CACHE_HOME'] || join(env['HOME'] || homedir(), '.cache');
  return join(base, 'wfm-conflict-harness', 'k6', K6_VERSION);
}

export const NO_K6_HELP = [
  `No k6 found and no Go toolchain to build it. Provide k6 in one of these ways:`,
  `  - set K6_BIN=/path/to/k6`,
  `  - put k6 (${K6_VERSION} recommended) on PATH: https://grafana.com/docs/k6/latest/set-up/install-k6/`,
  `  - install Go >= 1.25 and run \`wfm-harness k6 path\` again: it builds ${K6_MODULE}@${K6_VERSION} once into the cache`,
].join('\n');

export async function findK6(options: FindK6Options = {}): Promise<FoundK6> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const fromEnv = env['K6_BIN'];
  if (fromEnv) {
    // A bad K6_BIN is bad input (exit 2): nothing has run yet.
    if (!isExecutable(fromEnv)) throw new BadInputError(`K6_BIN=${fromEnv} is not an executable file`);
    return { path: fromEnv, source: 'K6_BIN' };
  }
  const fromPath = onPath('k6', env);
  if (fromPath) return { path: fromPath, source: 'PATH' };
  const cached = join(k6CacheDir(env), 'k6');
  if (isExecutable(cached)) return { path: cached, source: 'cache' };
  if (options.build === false) throw new Error(`no k6 found (K6_BIN, PATH, ${cached})`);
  const go = onPath('go', env);
  if (!go) throw new Error(NO_K6_HELP);
  await buildK6(go, cached, env, log);
  return { path: cached, source: 'built' };
}

async function buildK6(go: string, target: string, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'wfm-k6-build-'));
  log(`k6: none found; building ${K6_MODULE}@${K6_VERSION} with ${go} into ${target}`);
  log(
    'k6: the first build downloads modules and compiles for a few minutes (about 1.5 min on 2 cores here); later runs reuse it',
  );
  try {
    writeFileSync(
      join(work, 'go.mod'),
      `module wfm-harness-k6-build\n\ngo 1.25.0\n\nrequire ${K6_MODULE} ${K6_VERSION}\n`,
    );
    writeFileSync(join(work, 'tools.go'), `package main\n\nimport _ "${K6_MODULE}"\n`);
    const partial = join(work, 'k6');
    const started = Date.now();
    await run(go, ['build', '-mod=mod', '-trimpath', '-o', partial, K6_MODULE], work, {
      ...env,
      CGO_ENABLED: '0',
      GOFLAGS: '-mod=mod',
    });
    mkdirSync(join(target, '..'), { recursive: true });
    renameSync(partial, target);
    log(`k6: built ${target} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`)),
    );
  });
}

export async function k6Version(path: string): Promise<string> {
  const { stdout } = await promisify(execFile)(path, ['version']);
  return stdout.trim().split('\n')[0] ?? 'unknown';
}
