/** The sync journal: line format, torn last line after a kill, folding to resume states, the file and its lock. */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JournalFormatError, foldJournal, memoryJournal, parseJournal } from '../../src/core/journal.ts';
import type { JournalEntry } from '../../src/core/journal.ts';
import { openFileJournal } from '../../src/adapters/node/journal-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'wfm-journal-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const line = (entry: object) => `${JSON.stringify(entry)}\n`;
const intent = line({ legacyId: 'L1', state: 'intent' });
const created = line({ legacyId: 'L1', state: 'created', tradeId: 't1', at: '2027-01-01T00:00:00Z' });

const PARSE: Array<{
  name: string;
  text: string;
  entries: number;
  torn?: { line: number; bytes: number; keepBytes: number };
}> = [
  { name: 'empty file', text: '', entries: 0 },
  { name: 'whole lines', text: intent + created, entries: 2 },
  {
    name: 'a torn last line (cut mid-JSON) is ignored and reported',
    text: `${intent}${created}{"legacyId":"L2","sta`,
    entries: 2,
    torn: { line: 3, bytes: 21, keepBytes: intent.length + created.length },
  },
  {
    name: 'a torn last line followed by blank space',
    text: `${intent}{"legacyId":"L2"\n\n`,
    entries: 1,
    torn: { line: 2, bytes: 18, keepBytes: intent.length },
  },
  { name: 'an intact last line without its newline is kept', text: intent + created.trimEnd(), entries: 2 },
  {
    name: 'a torn multi-byte character counts in bytes',
    text: `${intent}{"legacyId":"é`,
    entries: 1,
    torn: { line: 2, bytes: 15, keepBytes: intent.length },
  },
];

for (const c of PARSE) {
  test(`parseJournal: ${c.name}`, () => {
    const parsed = parseJournal(c.text);
    assert.equal(parsed.entries.length, c.entries);
    assert.deepEqual(parsed.tornTail, c.torn);
  });
}

const CORRUPT: Array<{ name: string; text: string; message: RegExp }> = [
  { name: 'bad JSON in the middle', text: `${intent}{oops}\n${created}`, message: /^journal line 2: not valid JSON$/ },
  {
    name: 'an unknown state',
    text: `${line({ legacyId: 'L1', state: 'done' })}${created}`,
    message: /^journal line 1: state must be one of intent, created, applied, failed, unknown$/,
  },
  {
    name: 'no legacy id',
    text: `${line({ state: 'intent' })}${created}`,
    message: /^journal line 1: legacyId must be a non-empty string$/,
  },
];

for (const c of CORRUPT) {
  test(`parseJournal refuses corruption that is not a torn tail: ${c.name}`, () => {
    assert.throws(
      () => parseJournal(c.text),
      (error: unknown) => error instanceof JournalFormatError && c.message.test(error.message),
    );
  });
}

test('folding: the latest state wins, a trade id is carried forward, applied is final', () => {
  const entries: JournalEntry[] = [
    { legacyId: 'A', state: 'intent' },
    { legacyId: 'A', state: 'created', tradeId: 'ta' },
    { legacyId: 'A', state: 'failed', reason: 'invalid' },
    { legacyId: 'B', state: 'intent' },
    { legacyId: 'C', state: 'created', tradeId: 'tc' },
    { legacyId: 'C', state: 'applied', tradeId: 'tc' },
    { legacyId: 'C', state: 'intent' },
  ];
  const folded = foldJournal(entries);
  assert.deepEqual(folded.get('A'), { legacyId: 'A', state: 'failed', reason: 'invalid', tradeId: 'ta' });
  assert.deepEqual(folded.get('B'), { legacyId: 'B', state: 'intent' });
  assert.deepEqual(folded.get('C'), { legacyId: 'C', state: 'applied', tradeId: 'tc' });
  const memory = memoryJournal(entries.slice(0, 2));
  memory.append({ legacyId: 'A', state: 'applied', tradeId: 'ta' });
  assert.equal(memory.get('A')?.state, 'applied');
  assert.equal(memory.entries.length, 3);
});

test('file journal: appends survive a reopen; a torn tail is cut off and reported, and appending goes on after it', () => {
  const path = join(dir, 'torn.jsonl');
  const first = openFileJournal(path, { now: () => new Date('2027-03-28T01:00:00Z') });
  assert.equal(first.entriesRead, 0);
  first.append({ legacyId: 'L1', state: 'intent' });
  first.append({ legacyId: 'L1', state: 'created', tradeId: 't1' });
  first.close();
  assert.equal(
    readFileSync(path, 'utf8').split('\n')[0],
    '{"legacyId":"L1","state":"intent","at":"2027-03-28T01:00:00.000Z"}',
  );
  appendFileSync(path, '{"legacyId":"L2","state":"int'); // what SIGKILL mid-write leaves
  const second = openFileJournal(path);
  assert.deepEqual(second.tornTail, { line: 3, bytes: 29 });
  assert.equal(second.entriesRead, 2);
  assert.deepEqual(second.get('L1'), { legacyId: 'L1', state: 'created', tradeId: 't1' });
  assert.equal(second.get('L2'), undefined);
  second.append({ legacyId: 'L2', state: 'intent' });
  second.close();
  const third = openFileJournal(path);
  assert.equal(third.tornTail, undefined);
  assert.deepEqual(
    third.snapshot().map((e) => `${e.legacyId}:${e.state}`),
    ['L1:created', 'L2:intent'],
  );
  third.close();
});

test('file journal: a corrupt middle line stops the open and leaves the file untouched', () => {
  const path = join(dir, 'corrupt.jsonl');
  const text = `${intent}not json\n${created}`;
  writeFileSync(path, text);
  assert.throws(() => openFileJournal(path), /journal line 2: not valid JSON/);
  assert.equal(readFileSync(path, 'utf8'), text);
  assert.equal(existsSync(`${path}.lock`), false, 'the lock is released when the open fails');
});

test('file journal lock: a live holder refuses a second run; a lock left by a dead process is taken over', () => {
  const path = join(dir, 'locked.jsonl');
  const held = openFileJournal(path);
  assert.throws(() => openFileJournal(path), /journal is in use by process \d+/);
  held.close();
  assert.equal(existsSync(`${path}.lock`), false);
  writeFileSync(`${path}.lock`, `${process.ppid}\n`); // alive: the test runner
  assert.throws(() => openFileJournal(path), new RegExp(`in use by process ${process.ppid}`));
  writeFileSync(`${path}.lock`, '2147483646\n'); // no such process
  const taken = openFileJournal(path);
  assert.equal(readFileSync(`${path}.lock`, 'utf8').trim(), String(process.pid));
  taken.close();
});
