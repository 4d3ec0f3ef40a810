/** Stale reads: trade reads answered from a replica L world-ms behind; writes always check the primary. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STALE_READS_DEFAULTS, TradeReplica } from '../../mock-server/domain/replica.ts';
import type { Trade } from '../../mock-server/domain/store.ts';
import { createRng } from '../../src/contract/rng.ts';
import { PUBLISH_MS, harnessFor, scenarioWith } from './support/pressures.ts';

const L = STALE_READS_DEFAULTS.lagMs;
const T0 = PUBLISH_MS - 100_000;

test('a re-read within L after a write returns the older version; from L on, the new one (lists and search)', async () => {
  const { app, at, create, patch, agentTrades, base, auth, plan } = await harnessFor(scenarioWith({ staleReads: {} }));
  const versionSeen = async () =>
    ((await agentTrades()).json() as { entities: Array<{ id: string; metadata: { version: number } }> }).entities.map(
      (t) => t.metadata.version,
    );
  at(T0);
  const trade = (await create()).json() as { id: string };
  assert.deepEqual(await versionSeen(), [], "created after the replica's instant: not there yet");
  at(T0 + L - 1);
  assert.deepEqual(await versionSeen(), []);
  at(T0 + L);
  assert.deepEqual(await versionSeen(), [1]);
  const T1 = T0 + 10_000;
  at(T1);
  assert.equal((await patch(trade.id, 1)).json().metadata.version, 2, 'the write checks the primary');
  assert.deepEqual(await versionSeen(), [1]);
  const week = async () =>
    (
      (await app.inject({ method: 'GET', url: base, headers: auth })).json() as {
        entities: Array<{ trade: { metadata: { version: number } } }>;
      }
    ).entities.map((e) => e.trade.metadata.version);
  const search = async () =>
    (
      (
        await app.inject({
          method: 'POST',
          url: `${base}/search`,
          headers: auth,
          payload: { receivingScheduleId: plan.scheduleId },
        })
      ).json() as { trades: Array<{ trade: { metadata: { version: number } } }> }
    ).trades.map((e) => e.trade.metadata.version);
  at(T1 + L - 1);
  assert.deepEqual([await versionSeen(), await week(), await search()], [[1], [1], [1]]);
  const stale = await patch(trade.id, 1);
  assert.equal(stale.statusCode, 409, 'retrying with the version the replica showed conflicts');
  at(T1 + L);
  assert.deepEqual([await versionSeen(), await week(), await search()], [[2], [2], [2]]);
  await app.close();
});

function fakeTrade(): Trade {
  return {
    id: 't',
    managementUnitId: 'm',
    businessUnitId: 'b',
    weekDate: '2027-04-12',
    scheduleId: 's',
    state: 'Unmatched',
    initiatingUserId: 'a',
    initiatingShift: { id: 'x', startDate: '', lengthMinutes: 480, weekDate: '2027-04-12' },
    adminReviewViolations: [],
    version: 0,
    createdMs: 100,
    modifiedMs: 100,
  } as Trade;
}

test('the ring keeps the last `depth` states; a read older than that gets the oldest kept', () => {
  const replica = new TradeReplica({ lagMs: 1_000, probability: 1, depth: 3 }, createRng(1));
  const trade = fakeTrade();
  for (const atMs of [100, 200, 300, 400, 500]) {
    trade.version++;
    trade.modifiedMs = atMs;
    if (atMs === 300) trade.receivingUserId = 'r';
    if (atMs === 400) delete trade.receivingUserId;
    replica.record(trade, atMs);
  }
  const at = (ms: number) => replica.asOf(trade, ms);
  assert.equal(at(99), undefined);
  assert.equal(at(150)?.version, 3, 'versions 1 and 2 fell out of the ring: the oldest kept is 3');
  assert.deepEqual([at(300)?.version, at(300)?.receivingUserId], [3, 'r']);
  assert.deepEqual(
    [at(450)?.version, at(450)?.receivingUserId],
    [4, undefined],
    'a field the trade dropped is dropped in the slot too',
  );
  assert.equal(at(500), trade);
});

test('probability p: about that share of reads lag, drawn from the seeded stream', () => {
  const replica = new TradeReplica({ lagMs: 1_000, probability: 0.25, depth: 4 }, createRng(7));
  const lagged = Array.from({ length: 4_000 }, () => replica.readAsOf(10_000)).filter((ms) => ms === 9_000).length;
  assert.ok(lagged > 900 && lagged < 1_100, `${lagged} of 4000`);
});
