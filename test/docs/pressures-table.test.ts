/**
 * docs/mock-server.md "Pressures": every row names its defaults constant, and every field of that constant
 * with the value the code has (`intervalMs` 60 world-s, `weekday` 1, ...). The table must also render as
 * one table: a blank line inside it (which once split it after the DST row) leaves rows out.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_JOBS } from '../../mock-server/domain/jobs.ts';
import { DST_RECONCILIATION_DEFAULTS } from '../../mock-server/domain/pressures/dst-reconciliation.ts';
import { PUBLISH_DEFAULTS } from '../../mock-server/domain/pressures/publish.ts';
import { POST_COMMIT_DEFAULTS } from '../../mock-server/domain/pressures/post-commit.ts';
import { ADMIN_EDITS_DEFAULTS } from '../../mock-server/domain/pressures/admin-edits.ts';
import { STALE_READS_DEFAULTS } from '../../mock-server/domain/replica.ts';
import { RATE_LIMITS_DEFAULTS } from '../../mock-server/api/rate-limits.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import { page, section, tableAfter } from './support.ts';

const CONSTANTS: Readonly<Record<string, object>> = {
  DEFAULT_JOBS,
  DST_RECONCILIATION_DEFAULTS,
  PUBLISH_DEFAULTS,
  POST_COMMIT_DEFAULTS,
  ADMIN_EDITS_DEFAULTS,
  STALE_READS_DEFAULTS,
  RATE_LIMITS_DEFAULTS,
};

const MS_PER: Readonly<Record<string, number>> = { 'world-ms': 1, 'world-s': 1_000, 'world-min': 60_000, h: 3_600_000 };

/** "`field` value [unit]" pairs of a row, values in the constant's own terms (durations in ms). */
function statedValues(row: string): Map<string, unknown> {
  const values = new Map<string, unknown>();
  const pair = /`(\w+)`\s*=?\s*(\d[\d,]*(?:\.\d+)?(?::\d\d)?|true|false)(?:\s+(world-ms|world-s|world-min|h)\b)?/g;
  for (const [, field, raw, unit] of row.matchAll(pair)) {
    const value =
      raw === 'true' || raw === 'false'
        ? raw === 'true'
        : raw?.includes(':')
          ? raw
          : Number(raw?.replace(/,/g, '')) * (unit ? (MS_PER[unit] as number) : 1);
    values.set(field as string, value);
  }
  return values;
}

test('docs/mock-server.md "Pressures": one table, each row stating every default of its constant as the code has it', () => {
  const rows = tableAfter(section(page('mock-server.md'), '### Pressures'), '| pressure');
  assert.equal(rows.length, Object.keys(CONSTANTS).length, 'one row per pressure, in one table');
  for (const [name, defaults] of Object.entries(CONSTANTS)) {
    const row = rows.find((cells) => cells[1]?.includes(`\`${name}\``));
    assert.ok(row, `a row names ${name}`);
    const stated = statedValues(row[1] as string);
    for (const [field, value] of Object.entries(defaults))
      assert.deepEqual(stated.get(field), value, `${name}.${field}: the row says ${String(stated.get(field))}`);
  }
});

test('docs/mock-server.md "Pressures": what the DST row says dst-paris sets is in its file', () => {
  const row = tableAfter(section(page('mock-server.md'), '### Pressures'), '| pressure').find((cells) =>
    cells[1]?.includes('`DST_RECONCILIATION_DEFAULTS`'),
  );
  const said = /dst-paris re-saves every (\d+) world-s and holds (\d+) world-s/.exec(row?.[1] ?? '');
  assert.ok(said, 'the DST row says what dst-paris sets');
  const own = dstParis.pressures.dstReconciliation;
  assert.deepEqual([Number(said[1]) * 1000, Number(said[2]) * 1000], [own?.intervalMs, own?.holdMs]);
});
