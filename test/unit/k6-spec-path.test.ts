/** k6 by hand (issue 17): a relative SCENARIO_SPEC is read from the directory k6 runs in, not next to the bundle. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { specFile } from '../../k6/lib/spec-path.ts';

test('a relative SCENARIO_SPEC resolves against PWD; an absolute one is kept; none is refused with its name', () => {
  assert.equal(specFile('spec.json', '/work/repo'), '/work/repo/spec.json');
  assert.equal(specFile('./out/spec.json', '/work/repo/'), '/work/repo/out/spec.json');
  assert.equal(specFile('/tmp/spec.json', '/work/repo'), '/tmp/spec.json');
  assert.throws(() => specFile(undefined, '/work/repo'), /SCENARIO_SPEC is required/);
  assert.throws(() => specFile('spec.json', undefined), /SCENARIO_SPEC=spec.json is relative .*\(PWD is not set\)/);
});
