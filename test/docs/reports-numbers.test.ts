/**
 * docs/reports.md "The baseline gate": the example is what the command it shows prints, against the
 * committed baseline's dst-paris entry with stale-backoff's `applied` raised by one and its p95 set to the
 * example's baseline value (the commit shown as "…"). So the run's own numbers, the metric count, the
 * scenario hash and the layout are checked; only that one doctored cell is taken from the page.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baselineFile } from '../../src/report/baseline.ts';
import { cli } from '../support/cli.ts';
import { ROOT, page, section } from './support.ts';

test('docs/reports.md: the doctored-baseline example is what its command prints', async () => {
  const block = /```\n\$ npx wfm-harness (.+)\n(baseline doctored\.json[\s\S]*?)\n```/.exec(
    section(page('reports.md'), '### The baseline gate'),
  );
  assert.ok(block?.[1] && block[2], 'the example, with its command, is on the page');
  const documented = block[2];
  const p95Row = /\| stale-backoff \| timeToOutcomeMs\.p95 \| ([\d.]+) \|/.exec(documented);
  assert.ok(p95Row?.[1], 'the example shows the doctored p95');
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
          strategies: {
            ...entry.strategies,
            'stale-backoff': {
              ...metrics,
              applied: (metrics['applied'] ?? 0) + 1,
              'timeToOutcomeMs.p95': Number(p95Row[1]),
            },
          },
        },
      ],
    };
    writeFileSync(join(dir, 'doctored.json'), JSON.stringify(doctored));
    const args = block[1].split(' ').map((arg) => (arg === 'doctored.json' ? join(dir, 'doctored.json') : arg));
    const run = await cli(...args, '--out', join(dir, 'run'));
    assert.equal(run.status, 1, run.stderr);
    const printed = run.stdout
      .slice(run.stdout.indexOf('baseline '))
      .replace(join(dir, 'doctored.json'), 'doctored.json')
      .replace(/, commit [^)]*\):/, ', commit …):')
      .trim();
    assert.equal(printed.split('\n').slice(0, documented.split('\n').length).join('\n'), documented);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('docs/reports.md "The verdict": dst-paris at 2,000 agents and 15 trades/s on one client opens with the token', async () => {
  const quoted = /on one client\s+\(`sim --strategy ([^`]+)`, seed 1\) opens with it: "([^"]+)"/.exec(
    page('reports.md'),
  );
  assert.ok(quoted?.[1] && quoted[2], 'the page quotes the verdict of the scaled dst-paris');
  const file = JSON.parse(readFileSync(join(ROOT, 'scenarios', 'dst-paris.json'), 'utf8'));
  file.world.businessUnits[0].managementUnits[0].agents = 2000;
  file.load = { ...file.load, tradesPerSecond: 15, maxVUs: 400 };
  const dir = mkdtempSync(join(tmpdir(), 'wfm-docs-token-'));
  try {
    writeFileSync(join(dir, 'busy.json'), JSON.stringify(file));
    const run = await cli('sim', '--scenario-file', join(dir, 'busy.json'), '--strategy', quoted[1], '--out', dir);
    assert.equal(run.status, 0, run.stderr);
    const verdict = readFileSync(join(dir, 'report.md'), 'utf8').replace(/\s+/g, ' ');
    assert.match(verdict, /\*\*The token decided this run, not the retry strategies\*\*/);
    assert.ok(verdict.includes(quoted[2].replace(/\s+/g, ' ')), `report.md says: ${quoted[2]}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('docs/reports.md "The verdict": the sim --seeds 1-5 example is the paragraph that run prints', async () => {
  const example = /\(`npx wfm-harness sim --scenario dst-paris --seeds 1-5`\):\n\n```\n(.+)\n```/.exec(
    page('reports.md'),
  );
  assert.ok(example?.[1], 'the page shows the verdict of sim --seeds 1-5');
  const dir = mkdtempSync(join(tmpdir(), 'wfm-docs-seeds-'));
  try {
    const run = await cli('sim', '--scenario', 'dst-paris', '--seeds', '1-5', '--out', dir);
    assert.equal(run.status, 0, run.stderr);
    const printed = run.stdout.split('\n').find((line) => line.startsWith('**'));
    // The page elides the rule, which "The verdict" states above it.
    const shown = printed?.replace(/Rule: fewest trades not applied.*?ranges that overlap are tied\. /, 'Rule: … ');
    assert.equal(example[1], shown);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
