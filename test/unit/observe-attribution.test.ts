/**
 * The attribution rules and the behaviour checks of src/observe on hand-written server truth: every number
 * below is counted from the journal, trades and audit written in the test.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attribute } from '../../src/observe/attribute.ts';
import { judge } from '../../src/observe/judge.ts';
import type { JournalRow, ServerTruth, TradeRow } from '../../src/observe/truth.ts';

const T0 = Date.parse('2027-03-28T00:58:00Z');
const CREATE = 'POST /api/v2/workforcemanagement/managementunits/:managementUnitId/weeks/:weekDateId/shifttrades';
const MATCH = `${CREATE}/:tradeId/match`;
const AGENT_READ = 'GET /api/v2/workforcemanagement/managementunits/:managementUnitId/agents/:agentId/shifttrades';
const SCHEDULE_READ = 'GET /api/v2/wfm/schedules/:scheduleId';

let seq = 0;
function req(atMs: number, route: string, status: number, fields: Partial<JournalRow> = {}): JournalRow {
  return {
    seq: ++seq,
    atMs: T0 + atMs,
    arrivedAtMs: T0 + atMs - 50,
    method: route.split(' ')[0] as string,
    route,
    status,
    principal: 'c#1',
    ...(route.startsWith('POST') ? { write: true as const } : {}),
    ...fields,
  };
}

function trade(id: string, createdMs: number, fields: Partial<TradeRow> = {}): TradeRow {
  return {
    id,
    state: 'Approved',
    version: 2,
    managementUnitId: 'mu',
    weekDate: '2027-03-22',
    scheduleId: 'sched',
    initiatingUserId: `agent-of-${id}`,
    initiatingShiftId: `shift-of-${id}`,
    receivingUserId: `receiver-of-${id}`,
    receivingShiftId: `rshift-of-${id}`,
    createdMs: T0 + createdMs,
    modifiedMs: T0 + createdMs,
    ...fields,
  };
}

function truth(journal: JournalRow[], trades: TradeRow[], extra: Partial<ServerTruth> = {}): ServerTruth {
  return {
    run: {
      label: 'unit',
      seed: 1,
      quiet: false,
      clock: { startUtc: new Date(T0).toISOString(), worldTime: new Date(T0 + 60_000).toISOString(), speed: 1 },
      pressureWindows: [],
      network: { roundTripMs: null },
      oauth: { clientsConfigured: 1, loginsByClient: { c: 1 } },
      journal: { held: journal.length, dropped: 0, capacity: 50_000 },
      trades: { held: trades.length, retired: 0 },
    },
    journal,
    trades,
    tradeAudit: [],
    audit: {
      writes: 0,
      lostUpdates: 0,
      nonMonotonicVersions: 0,
      shiftsTradedTwice: [],
      doubleBookedShifts: [],
      tradesByState: {},
      duplicateLegacyIds: [],
      rejections: {},
    },
    shifts: new Map([['shift-x', { agentId: 'agent-x', scheduleId: 'sched' }]]),
    ...extra,
  };
}

test('a refused create, the create that worked and the match are one trade; a create never made a trade of is an attempt', () => {
  const a = trade('A', 1_000);
  const journal = [
    req(500, CREATE, 409, { cause: 'locked:dst-reconciliation', shiftIds: ['shift-of-A'], legacyId: 'swap-1' }),
    req(1_000, CREATE, 200, { tradeId: 'A', shiftIds: ['shift-of-A'], legacyId: 'swap-1' }),
    req(1_200, MATCH, 200, { tradeId: 'A', shiftIds: ['rshift-of-A'], versionSent: 1 }),
    // Never created: a lookup first (no legacy id), then two refused creates naming the counter shift.
    req(2_000, 'GET /api/v2/wfm/schedule/shift-trades', 200, { shiftIds: ['shift-x'] }),
    req(2_100, CREATE, 409, { cause: 'locked:publish', shiftIds: ['shift-x', 'shift-y'], legacyId: 'swap-2' }),
    req(2_300, CREATE, 409, { cause: 'locked:publish', shiftIds: ['shift-x', 'shift-y'], legacyId: 'swap-2' }),
  ];
  const { drafts, unattributed } = attribute(truth(journal, [a]));
  assert.deepEqual(
    drafts.map((d) => [d.key, d.entries.map((e) => e.seq)]),
    [
      ['A', journal.slice(0, 3).map((e) => e.seq)],
      ['shift:shift-x', journal.slice(3).map((e) => e.seq)],
    ],
  );
  const attempt = drafts[1];
  assert.equal(attempt?.legacyId, 'swap-2', 'the attempt learns its legacy id from a later request');
  assert.equal(attempt?.receivingShiftId, 'shift-y');
  assert.equal(attempt?.initiatingAgentId, 'agent-x', "the world's owner of the shift");
  assert.equal(unattributed.requests, 0);
  const judged = judge(truth(journal, [a]), 'c', 'test');
  assert.deepEqual(
    judged.records.map((r) => [r.key, r.outcome]),
    [
      ['A', 'applied'],
      ['shift:shift-x', 'refused'],
    ],
  );
  assert.equal(judged.row.tradesFailedBy409, 1, 'the attempt: not applied, its last write answered 409');
  assert.deepEqual(judged.records[1]?.conflictsByCause, { 'locked:publish': 2 });
});

test("an agent's read goes to its trade in flight, then to its last trade; reads nothing can place are counted with their reason", () => {
  const a = trade('A', 1_000, { state: 'Unmatched' });
  const journal = [
    req(1_000, CREATE, 200, { tradeId: 'A', shiftIds: ['shift-of-A'] }),
    req(1_500, AGENT_READ, 200, { agentId: 'agent-of-A' }),
    req(2_000, MATCH, 409, { tradeId: 'A', cause: 'version', versionSent: 1 }),
    req(9_000, AGENT_READ, 200, { agentId: 'receiver-of-A' }),
    req(9_100, AGENT_READ, 200, { agentId: 'nobody' }),
    req(9_200, 'GET /api/v2/workforcemanagement/businessunits', 200),
    req(9_300, 'GET (unmatched)', 404, { cause: 'route-not-found' }),
    req(9_400, CREATE, 400, { cause: 'invalid-json' }),
  ];
  const { drafts, unattributed } = attribute(truth(journal, [a]));
  assert.deepEqual(
    drafts[0]?.entries.map((e) => e.seq),
    journal.slice(0, 4).map((e) => e.seq),
    'in flight at 1.5 s; after its last write at 9 s (a check on it)',
  );
  assert.deepEqual(unattributed.byReason, {
    'reads an agent with no trade': 1,
    'names no trade, shift, legacy id, agent, schedule or job': 1,
    'matched no route (a wrong path or method)': 1,
    'refused before its route ran (invalid-json)': 1,
  });
  const judged = judge(truth(journal, [a]), 'c', 'test');
  assert.equal(judged.row.requests, journal.length, 'unattributed requests count in every total');
  assert.equal(judged.row.observed?.unattributed.requests, 4);
  assert.equal(judged.records[0]?.outcome, 'orphaned', 'created and never matched');
  assert.equal(
    judged.records[0]?.timeToOutcomeMs,
    2_000 - (1_000 - 50),
    'to the answer of its last write, not its later reads',
  );
  assert.equal(
    judged.records[0]?.firstToLastMs,
    9_000 - (1_000 - 50),
    'its first request to its last, the check included',
  );
});

test('a schedule read is tied to a trade only when that trade alone is in flight on the schedule', () => {
  const a = trade('A', 1_000);
  const b = trade('B', 1_000);
  const journal = [
    req(1_000, CREATE, 200, { tradeId: 'A' }),
    req(1_000, CREATE, 200, { tradeId: 'B' }),
    req(1_500, SCHEDULE_READ, 200, { scheduleId: 'sched' }),
    req(2_000, MATCH, 200, { tradeId: 'A' }),
    req(2_000, MATCH, 200, { tradeId: 'B' }),
  ];
  const { unattributed } = attribute(truth(journal, [a, b]));
  assert.deepEqual(unattributed.byReason, { 'reads a schedule with several trades in flight': 1 });
});

test('a second trade for the same legacy id while the first stands is a duplicate; after a cancel it is not', () => {
  const trades = [
    trade('A', 1_000, { legacyId: 'swap-1' }),
    trade('B', 2_000, { legacyId: 'swap-1', initiatingShiftId: 's2', receivingShiftId: 'r2' }),
    trade('C', 3_000, { legacyId: 'swap-3', state: 'Canceled' }),
    trade('D', 4_000, { legacyId: 'swap-3', initiatingShiftId: 's4', receivingShiftId: 'r4' }),
  ];
  const journal = trades.map((t, i) => req(1_000 * (i + 1), CREATE, 200, { tradeId: t.id }));
  const judged = judge(truth(journal, trades), 'c', 'test');
  assert.deepEqual(
    judged.records.map((r) => [r.key, r.outcome, r.duplicateOf]),
    [
      ['A', 'applied', undefined],
      ['B', 'duplicate', 'A'],
      ['C', 'cancelled', undefined],
      ['D', 'applied', undefined],
    ],
  );
  assert.equal(judged.row.observed?.duplicates, 1);
});

test('Retry-After: a request of the same token inside the window is counted, one in flight when the 429 left or after it is not', () => {
  const a = trade('A', 0, { state: 'Unmatched' });
  const given = req(1_000, MATCH, 429, { tradeId: 'A', cause: 'rate:token', retryAfterS: 3 });
  const journal = [
    req(0, CREATE, 200, { tradeId: 'A' }),
    given,
    // arrived 10 ms after the 429 left: inside the 50 ms grace (sent before the client could know)
    req(1_060, MATCH, 429, { tradeId: 'A', arrivedAtMs: T0 + 1_010 }),
    req(1_600, MATCH, 429, { tradeId: 'A', arrivedAtMs: T0 + 1_500 }),
    req(2_100, AGENT_READ, 200, { agentId: 'agent-of-A', arrivedAtMs: T0 + 2_000 }),
    req(2_200, AGENT_READ, 200, { agentId: 'agent-of-A', arrivedAtMs: T0 + 2_100, principal: 'other#1' }),
    // 20 ms before the window's end: a client that waited the Retry-After on its own clock
    req(4_000, MATCH, 409, { tradeId: 'A', arrivedAtMs: T0 + 3_980, cause: 'version' }),
  ];
  const judged = judge(truth(journal, [a]), 'c', 'test');
  assert.equal(judged.row.observed?.retryAfterIgnored, 2, 'the match at 1.5 s and the read at 2 s, both of token c#1');
  assert.equal(judged.records[0]?.retryAfterIgnored, 2);
});

test("a user's Retry-After binds that trade's writes only", () => {
  const a = trade('A', 0, { state: 'Unmatched' });
  const b = trade('B', 0, { state: 'Unmatched' });
  const journal = [
    req(1_000, MATCH, 429, { tradeId: 'A', cause: 'rate:user', retryAfterS: 10 }),
    req(1_500, MATCH, 200, { tradeId: 'B' }),
    req(1_600, AGENT_READ, 200, { agentId: 'agent-of-A' }),
    req(2_000, MATCH, 409, { tradeId: 'A', cause: 'version' }),
  ];
  const judged = judge(truth(journal, [a, b]), 'c', 'test');
  assert.equal(judged.row.observed?.retryAfterIgnored, 1, "A's second match; not B's write, not A's read");
});

test('a stale version re-sent without a read is counted; a read in between clears it; a 429 in between does not', () => {
  const a = trade('A', 0, { state: 'Unmatched' });
  const journal = [
    req(0, CREATE, 200, { tradeId: 'A' }),
    req(100, MATCH, 409, { tradeId: 'A', versionSent: 1, cause: 'locked:dst-reconciliation' }),
    req(1_100, MATCH, 409, { tradeId: 'A', versionSent: 1, cause: 'version' }), // stale re-send 1
    req(2_100, MATCH, 429, { tradeId: 'A', versionSent: 1, cause: 'rate:token', retryAfterS: 1 }),
    req(3_500, MATCH, 409, { tradeId: 'A', versionSent: 1, cause: 'version' }), // stale re-send 2
    req(4_000, AGENT_READ, 200, { agentId: 'agent-of-A' }),
    req(4_500, MATCH, 409, { tradeId: 'A', versionSent: 1, cause: 'version' }), // after a read: not counted
    req(5_000, MATCH, 409, { tradeId: 'A', versionSent: 3, cause: 'locked:dst-reconciliation' }), // another version
  ];
  const judged = judge(truth(journal, [a]), 'c', 'test');
  assert.equal(judged.records[0]?.staleResends, 2);
  assert.equal(judged.row.observed?.staleResends, 2);
  assert.equal(judged.row.conflicts, 5);
  assert.deepEqual(judged.row.conflictsByKind, { locked: 2, 'version-conflict': 3 });
});

test("the reader's own logins are not the client's", () => {
  const t = truth([], []);
  t.run.oauth.loginsByClient = { client: 3, admin: 1 };
  const judged = judge({ ...t, readerClientId: 'admin' }, 'c', 'test');
  assert.equal(judged.row.observed?.logins, 3);
  assert.equal(judged.row.trades, 0);
});
