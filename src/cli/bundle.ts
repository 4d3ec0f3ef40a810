/**
 * Bundle a k6 entry point with esbuild (shared/reference/k6.md "TypeScript and bundling") and check the
 * result: no import but k6's own, and none of the Node-only libraries (luxon, faker, zod).
 */
import { existsSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const FORBIDDEN_IN_K6 = [
  'node_modules/luxon',
  'node_modules/@faker-js',
  'node_modules/zod',
  'node_modules/fastify',
  'src/world',
  'src/scenario/file',
  'src/sync',
  'src/input',
  'mock-server/http',
];

/** The one k6 entry every swap scenario runs through (k6/swap-scenario.ts reads the spec from SCENARIO_SPEC). */
export const SWAP_ENTRY = 'swap-scenario';

export interface Bundle {
  path: string;
  bytes: number;
  inputs: string[];
}

export async function bundleScenario(root: string, name: string, outDir = join(root, 'dist', 'k6')): Promise<Bundle> {
  const entry = join(root, 'k6', `${name}.ts`);
  const outfile = join(outDir, `${name}.js`);
  // Loaded on use: only a clone bundles (the package ships the bundle built), and esbuild is a build tool.
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    external: ['k6', 'k6/*'],
    sourcemap: true,
    metafile: true,
    logLevel: 'silent',
    supported: { 'async-generator': false, 'for-await': false },
  });
  const inputs = Object.keys(result.metafile.inputs);
  const forbidden = inputs.filter((input) => FORBIDDEN_IN_K6.some((bad) => input.includes(bad)));
  if (forbidden.length > 0) throw new Error(`k6 bundle ${name} pulls in Node-only code: ${forbidden.join(', ')}`);
  const output =
    result.metafile.outputs[relative(process.cwd(), outfile)] ??
    Object.values(result.metafile.outputs).find((o) => o.entryPoint);
  const foreign = (output?.imports ?? []).filter((imp) => imp.external && !/^k6(\/|$)/.test(imp.path));
  if (foreign.length > 0)
    throw new Error(`k6 bundle ${name} imports modules k6 cannot load: ${foreign.map((i) => i.path).join(', ')}`);
  return { path: outfile, bytes: statSync(outfile).size, inputs };
}

/**
 * The k6 bundle a run uses: from a clone, built now from k6/ (always the sources' own); from the installed
 * package, which ships no TypeScript, the one its build made (dist/k6/, scripts/build.ts).
 */
export async function k6Bundle(root: string, name: string): Promise<Bundle> {
  if (existsSync(join(root, 'k6', `${name}.ts`))) return bundleScenario(root, name);
  const path = join(root, 'dist', 'k6', `${name}.js`);
  if (!existsSync(path)) throw new Error(`${path} is missing: this package was packed without its k6 bundle`);
  return { path, bytes: statSync(path).size, inputs: [] };
}
