/**
 * docs/reports.md "The baseline gate": the example diff is what `sim` prints against the committed
 * baseline's dst-paris entry with stale-backoff's `applied` raised by one (the commit shown as "…").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baselineFile } from '../../src/report/baseline.ts';
import { cli } from '../support/cli.ts';
import { ROOT, page, section } from './support.ts';

test('docs/reports.md: the doctored-baseline example is what sim prints', async () => {
  const baseline = baselineFile.parse(JSON.parse(readFileSync(join(ROOT, 'reports', 'baseline.json'), 'utf8')));
  const entry = baseline.entries.find((e) => e.scenario === 'dst-paris' && e.strategies['stale-backoff']);
  assert.ok(entry, 'reports/baseline.json has dst-paris with stale-backoff');
  const metrics = entry.strategies['stale-backoff'] as Record<string, number>;
  const dir = mkdtempSync(join(tmpdir(), 'wfm-docs-gate-'));
  try {
    const doctored = {
      ...baseline,
      entries: [
        {
          ...entry,
          strategies: { ...entry.strategies, 'stale-backoff': { ...metrics, applied: (metrics['applied'] ?? 0) + 1 } },
        },
      ],
    };
    writeFileSync(join(dir, 'doctored.json'), JSON.stringify(doctored));
    const run = await cli(...entry.command, '--out', join(dir, 'run'), '--baseline', join(dir, 'doctored.json'));
    assert.equal(run.status, 1, run.stderr);
    const printed = run.stdout
      .slice(run.stdout.indexOf('baseline '))
      .replace(/^(baseline \S+) \(([^)]*), commit [^)]*\)/, '$1 ($2, commit …)')
      .replace(join(dir, 'doctored.json'), 'doctored.json')
      .trim();
    const documented = /```\n(baseline doctored\.json[\s\S]*?)\n```/.exec(
      section(page('reports.md'), '### The baseline gate'),
    )?.[1];
    assert.ok(documented, 'the example is on the page');
    assert.equal(documented, printed.split('\n').slice(0, documented.split('\n').length).join('\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
