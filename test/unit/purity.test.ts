import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

// tsconfig.pure.json already rejects Node and DOM globals (process, fetch, setTimeout) in pure code.
// Date.now() and Math.random() are ECMAScript and compile anywhere, so they are caught here.
const PURE_DIRS = ['src/contract', 'src/core', 'mock-server/domain', 'mock-server/api', 'src/scenario'];
/** Node-only folders inside a pure one: the scenario file loader (zod, node:fs) beside the pure spec and planning. */
const NODE_ONLY = ['src/scenario/file'];
const FORBIDDEN = [/\bDate\.now\s*\(/, /\bMath\.random\s*\(/, /\bnew Date\s*\(\s*\)/, /\bperformance\.now\s*\(/];

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (NODE_ONLY.includes(path.split('\\').join('/'))) return [];
    return statSync(path).isDirectory() ? tsFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

test('pure code reads no wall clock and no unseeded randomness', () => {
  const offences: string[] = [];
  for (const dir of PURE_DIRS) {
    for (const file of tsFiles(dir)) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (line.trim().startsWith('//') || line.trim().startsWith('*')) return;
          if (FORBIDDEN.some((pattern) => pattern.test(line))) offences.push(`${file}:${i + 1}: ${line.trim()}`);
        });
    }
  }
  assert.deepEqual(offences, []);
});
