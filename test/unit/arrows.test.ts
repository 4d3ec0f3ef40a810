import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';

// DESIGN "Shape and dependency direction": arrows point one way. The compiler accepts any import, so
// a domain file importing the Fastify server, or the mock taking its wire strings from the client it
// tests, type-checks; this test reads every file's imports and names each one that crosses a rule.

const ROOTS = ['src', 'mock-server', 'k6', 'bin'];

interface Import {
  file: string;
  /** Repo-relative path of a relative specifier, or the bare specifier of a package ('zod', 'node:fs'). */
  target: string;
  typeOnly: boolean;
  line: number;
}

interface Rule {
  name: string;
  appliesTo: (file: string) => boolean;
  forbids: (target: string) => boolean;
  /** Type-only imports vanish at runtime; a rule about runtimes lets them through. */
  typesAllowed?: boolean;
}

const under =
  (...dirs: string[]) =>
  (path: string) =>
    dirs.some((dir) => path === dir || path.startsWith(`${dir}/`));
const isPackage = (target: string) =>
  !target.includes('/') || !ROOTS.concat('test').some((root) => target.startsWith(`${root}/`));

const RULES: Rule[] = [
  {
    name: 'mock-server/domain ↛ mock-server/api, mock-server/http',
    appliesTo: under('mock-server/domain'),
    forbids: under('mock-server/api', 'mock-server/http'),
  },
  {
    name: 'mock-server/api ↛ mock-server/http',
    appliesTo: under('mock-server/api'),
    forbids: under('mock-server/http'),
  },
  {
    // No package either: the core runs in k6, where only k6's own modules load, and in the simulator.
    name: 'src/core ↛ anything outside src/core and src/contract (no package, no Node builtin)',
    appliesTo: under('src/core'),
    forbids: (target) => isPackage(target) || !under('src/core', 'src/contract')(target),
  },
  {
    name: 'src/contract ↛ anything',
    appliesTo: under('src/contract'),
    forbids: (target) => !under('src/contract')(target),
  },
  {
    name: 'mock-server ↛ src/ except src/contract',
    appliesTo: under('mock-server'),
    forbids: (target) => under('src')(target) && !under('src/contract')(target),
  },
  {
    name: 'nothing imports src/cli but src/cli, bin/ and tests',
    appliesTo: (file) => !under('src/cli', 'bin')(file),
    forbids: under('src/cli'),
  },
  {
    // Reports read results files: types of what they hold, and the zod schemas that validate them
    // (the fault settings a result records are the mock's own schema), and the vocabulary results are
    // written in (the failure causes' labels), but no code that runs a test.
    name:
      'src/report ↛ runtime code (types only, plus src/contract, src/scenario, the fault-settings schema and ' +
      'the failure-cause labels)',
    appliesTo: under('src/report'),
    forbids: (target) =>
      !isPackage(target) &&
      !under(
        'src/report',
        'src/contract',
        'src/scenario',
        'mock-server/api/faults.ts',
        'src/core/failure-cause.ts',
      )(target),
    typesAllowed: true,
  },
  {
    // Observe judges a client from the server's truth alone (DESIGN "Judging any client"): the control API's
    // answers, never the mock's objects, the client's core or the simulator.
    name: 'src/observe ↛ runtime code outside src/observe, src/report and src/contract',
    appliesTo: under('src/observe'),
    forbids: (target) => !isPackage(target) && !under('src/observe', 'src/report', 'src/contract')(target),
    typesAllowed: true,
  },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(ts|js)$/.test(name) ? [path] : [];
  });
}

// Static imports and re-exports (default, named over several lines, namespace), side-effect imports
// and dynamic imports of a string literal. Each pattern starts at a line start or a dynamic call, so
// a `from '…'` inside a comment or string is not taken for an import.
const STATIC =
  /^\s*(import|export)\s+(type\s+)?(?:[\w$]+\s*,\s*)?(?:\{[^}]*\}|\*(?:\s+as\s+[\w$]+)?|[\w$]+)\s*from\s*['"]([^'"]+)['"]/gm;
const SIDE_EFFECT = /^\s*import\s*['"]([^'"]+)['"]/gm;
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function resolveTarget(file: string, specifier: string): string {
  return specifier.startsWith('.') ? posix.normalize(posix.join(dirname(file), specifier)) : specifier;
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

function importsOf(file: string, text: string): Import[] {
  const found: Import[] = [];
  const add = (specifier: string, typeOnly: boolean, index: number) =>
    found.push({ file, target: resolveTarget(file, specifier), typeOnly, line: lineOf(text, index) });
  for (const match of text.matchAll(STATIC)) add(match[3] as string, match[2] !== undefined, match.index);
  for (const match of text.matchAll(SIDE_EFFECT)) add(match[1] as string, false, match.index);
  for (const match of text.matchAll(DYNAMIC)) add(match[1] as string, false, match.index);
  return found;
}

function violations(imports: Import[]): string[] {
  return imports.flatMap((item) =>
    RULES.filter(
      (rule) => rule.appliesTo(item.file) && rule.forbids(item.target) && !(rule.typesAllowed && item.typeOnly),
    ).map(
      (rule) =>
        `${item.file}:${item.line} imports ${item.target}${item.typeOnly ? ' (type only)' : ''}: breaks "${rule.name}"`,
    ),
  );
}

function allImports(): Import[] {
  return ROOTS.flatMap((root) => sourceFiles(root)).flatMap((file) =>
    importsOf(file.split('\\').join('/'), readFileSync(file, 'utf8')),
  );
}

test('every import follows the arrows of DESIGN "Shape and dependency direction"', () => {
  const broken = violations(allImports());
  assert.equal(broken.length, 0, `forbidden imports:\n${broken.join('\n')}`);
});

test('the import reader sees multi-line, type-only, re-exported, side-effect and dynamic imports', () => {
  const text = [
    'import type { A,',
    "  B } from '../http/server.ts';",
    "export { c } from './c.ts';",
    "export * from 'zod';",
    "import 'node:fs';",
    "const m = await import('../../src/cli/main.ts');",
    "// a comment that says: nothing from '../http/x.ts'",
  ].join('\n');
  const seen = importsOf('mock-server/domain/x.ts', text).map(
    ({ target, typeOnly, line }) => `${line} ${target}${typeOnly ? ' type' : ''}`,
  );
  assert.deepEqual(
    seen.sort(),
    [
      '1 mock-server/http/server.ts type',
      '3 mock-server/domain/c.ts',
      '4 zod',
      '5 node:fs',
      '6 src/cli/main.ts',
    ].sort(),
  );
});

test('src/core may import no package and no Node builtin, type-only or not, but src/core and src/contract', () => {
  const core = (specifier: string, typeOnly = false) =>
    violations(importsOf('src/core/retry-loop.ts', `import ${typeOnly ? 'type ' : ''}{ x } from '${specifier}';\n`));
  const rule = 'src/core ↛ anything outside src/core and src/contract (no package, no Node builtin)';
  for (const [specifier, typeOnly] of [
    ['zod', false],
    ['luxon', true],
    ['@faker-js/faker', false],
    ['node:fs', false],
    ['../world/dst.ts', false],
  ] as const)
    assert.deepEqual(
      core(specifier, typeOnly).map((line) => line.endsWith(`breaks "${rule}"`)),
      [true],
      `${specifier}${typeOnly ? ' (type only)' : ''}`,
    );
  assert.deepEqual(core('./backoff.ts'), []);
  assert.deepEqual(core('../contract/rng.ts'), []);
});

test('a forbidden import is named with its file, target and rule', () => {
  const broken = violations(
    importsOf('mock-server/domain/trade.ts', "import { buildServer } from '../http/server.ts';\n"),
  );
  assert.deepEqual(broken, [
    'mock-server/domain/trade.ts:1 imports mock-server/http/server.ts: breaks "mock-server/domain ↛ mock-server/api, mock-server/http"',
  ]);
});

/**
 * Runtime import circles between files (DESIGN: "No runtime import circles between files"). Type-only
 * imports vanish at runtime and are left out. Each circle is found as a strongly connected component of
 * the graph of runtime imports between repo files (Tarjan), named by its files in import order.
 */
function runtimeCircles(imports: Import[]): string[][] {
  const edges = new Map<string, string[]>();
  for (const item of imports) {
    if (item.typeOnly || isPackage(item.target)) continue;
    edges.set(item.file, [...(edges.get(item.file) ?? []), item.target]);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, index.size);
    low.set(file, index.get(file) as number);
    stack.push(file);
    onStack.add(file);
    for (const next of edges.get(file) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file) as number, low.get(next) as number));
      } else if (onStack.has(next)) low.set(file, Math.min(low.get(file) as number, index.get(next) as number));
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop() as string;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    const selfLoop = (edges.get(file) ?? []).includes(file);
    if (component.length > 1 || selfLoop) circles.push(component.reverse());
  };
  for (const file of [...edges.keys()].sort()) if (!index.has(file)) visit(file);
  return circles;
}

test('no runtime import circle between files (type-only imports aside)', () => {
  const circles = runtimeCircles(allImports());
  assert.deepEqual(
    circles.map((files) => files.join(' → ')),
    [],
  );
});

test('the circle finder names a runtime circle and lets a type-only one pass', () => {
  const at = (file: string, target: string, typeOnly = false): Import => ({ file, target, typeOnly, line: 1 });
  const circle = [
    at('src/sim/engine.ts', 'src/sim/actor.ts'),
    at('src/sim/actor.ts', 'src/sim/engine.ts'),
    at('src/sim/actor.ts', 'zod'),
  ];
  assert.deepEqual(
    runtimeCircles(circle).map((files) => [...files].sort()),
    [['src/sim/actor.ts', 'src/sim/engine.ts']],
  );
  assert.deepEqual(runtimeCircles([at('src/a.ts', 'src/b.ts'), at('src/b.ts', 'src/a.ts', true)]), []);
});
