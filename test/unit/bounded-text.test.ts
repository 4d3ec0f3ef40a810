/**
 * What the mock keeps of a request's text is bounded in bytes (mock-server/api/bounded-text.ts): the request
 * journal's per-entry cap and its truncation mark, UTF-8 kept whole, and the legacy-id tally's bound.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KEPT_TEXT_MAX_BYTES, boundedText } from '../../mock-server/api/bounded-text.ts';
import { JOURNAL_VALUE_MAX_BYTES, RequestJournal } from '../../mock-server/http/request-journal.ts';
import { TradeTally, auditSummary } from '../../mock-server/domain/audit.ts';
import type { AuditedBook } from '../../mock-server/domain/audit.ts';

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
const MARK = /\.\.\.\[\+(\d+) bytes #[0-9a-f]{8}\]$/;

test('a value within the cap is kept as it is', () => {
  for (const value of ['swap-0001', 'x'.repeat(KEPT_TEXT_MAX_BYTES), '\u2603'.repeat(85)])
    assert.equal(boundedText(value), value);
});

test('an oversized value keeps its start and a mark with the bytes cut, within the cap', () => {
  const value = `swap-${'x'.repeat(15_355)}`;
  const kept = boundedText(value);
  assert.ok(bytes(kept) <= KEPT_TEXT_MAX_BYTES, `${bytes(kept)} bytes`);
  const mark = MARK.exec(kept);
  assert.ok(mark, kept);
  const prefix = kept.slice(0, kept.length - (mark[0]?.length ?? 0));
  assert.ok(value.startsWith(prefix) && prefix.startsWith('swap-x'));
  assert.equal(bytes(prefix) + Number(mark[1]), bytes(value), 'the mark says how many bytes were cut');
  assert.equal(boundedText(kept), kept, 'bounding a kept value changes nothing');
});

test('UTF-8 is cut between characters, never inside one, and two long values with one prefix stay two', () => {
  for (const char of ['\u00e9', '\u2603', '\u{1F600}']) {
    const kept = boundedText(char.repeat(500));
    const prefix = kept.replace(MARK, '');
    assert.equal(prefix, char.repeat([...prefix].length), `${char}: whole characters only`);
    assert.ok(!/[\uD800-\uDBFF]$/.test(prefix), 'no half surrogate pair');
    assert.ok(bytes(kept) <= KEPT_TEXT_MAX_BYTES);
  }
  const long = 'L'.repeat(1_000);
  assert.notEqual(boundedText(`${long}-1`), boundedText(`${long}-2`));
});

test('the journal keeps each text value of an entry within the cap, marked when cut', () => {
  const journal = new RequestJournal(10);
  const huge = `swap-\u2603-${'y'.repeat(20_000)}`;
  journal.record({
    atMs: 1,
    method: 'POST',
    route: 'POST /x',
    status: 400,
    cause: 'c'.repeat(5_000),
    principal: 'p'.repeat(5_000),
    tradeId: 't'.repeat(5_000),
    legacyId: huge,
    versionSent: 3,
  });
  const [entry] = journal.entries();
  assert.ok(entry);
  for (const field of ['cause', 'principal', 'tradeId', 'legacyId'] as const) {
    const value = entry[field] ?? '';
    assert.ok(bytes(value) <= JOURNAL_VALUE_MAX_BYTES, `${field}: ${bytes(value)} bytes`);
    assert.match(value, MARK, field);
  }
  assert.ok(entry.legacyId?.startsWith('swap-\u2603-yyy'), 'the start is kept, UTF-8 intact');
  assert.equal(entry.versionSent, 3);
});

test('the legacy-id tally of dropped trades holds at most its bound and counts what it could not take', () => {
  const tally = new TradeTally(2);
  const trade = (legacyId: string) => ({ state: 'Approved', legacyId, initiatingShift: { id: legacyId } });
  for (const id of ['a', 'b', 'a', 'c', 'd']) tally.retired(trade(id));
  assert.deepEqual(
    [...tally.retiredPerLegacyId],
    [
      ['a', 2],
      ['b', 1],
    ],
  );
  assert.equal(tally.untallied, 2);
  const book: AuditedBook = {
    audit: { counters: () => ({ writes: 0, writesBy: {}, nonMonotonic: 0, lostUpdates: 0 }) } as never,
    doubleBooked: () => [],
  };
  const summary = auditSummary(book, [trade('__proto__')], tally);
  assert.equal(summary.untalliedDroppedTrades, 2);
  assert.deepEqual(summary.duplicateLegacyIds, ['a']);
  assert.equal(Object.getOwnPropertyDescriptor(summary.tradesPerLegacyId, '__proto__')?.value, 1);
});
