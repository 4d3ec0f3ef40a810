/**
 * One-sided offers and cancels through the workflow, against an in-memory fake of the legacy routes
 * (agent trade list, create, state/bulk): a cancel is retried like any write (a stale version re-read,
 * a lost answer looked up before sending again), and a journal resumes each kind without a second write.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HttpRequest, HttpResponse, Transport } from '../../src/core/ports.ts';
import type { TradePlan } from '../../src/core/trade-plan.ts';
import type { JournalEntry } from '../../src/core/journal.ts';
import { memoryJournal } from '../../src/core/journal.ts';
import { syncTrade } from '../../src/core/workflow.ts';
import type { TradeResult } from '../../src/core/workflow.ts';
import { createRng } from '../../src/contract/rng.ts';
import { getPreset } from '../../src/core/strategies.ts';
import { genesysLegacy } from '../../src/core/dialects/genesys-legacy.ts';

const BASE: TradePlan = {
  legacyId: 'L1',
  managementUnitId: 'mu',
  weekDate: '2027-03-22',
  scheduleId: 'sched',
  initiatingUserId: 'alice',
  initiatingShiftId: 'shift-a',
  receivingUserId: 'bob',
  receivingShiftId: 'shift-b',
};

interface FakeTrade {
  id: string;
  state: string;
  initiatingShiftId: string;
  receivingUserId?: string;
  metadata: { version: number };
}

/** `bumpBeforeCancel`: a background re-save steps the trade's version just before the first cancel lands. */
class FakeLegacy implements Transport {
  readonly trades: FakeTrade[] = [];
  readonly log: string[] = [];
  constructor(private readonly options: { bumpBeforeCancel?: boolean; dropCancel?: boolean } = {}) {}

  async request(req: HttpRequest): Promise<HttpResponse> {
    const ok = (body: unknown): HttpResponse => ({ status: 200, headers: {}, body: structuredClone(body) });
    if (req.method === 'GET') return this.logged('lookup', ok({ entities: this.trades }));
    if (!req.path.endsWith('/state/bulk')) {
      const body = req.body as { initiatingShiftId: string; receivingUserId?: string };
      const trade: FakeTrade = {
        id: `t${this.trades.length + 1}`,
        state: 'Unmatched',
        initiatingShiftId: body.initiatingShiftId,
        metadata: { version: 1 },
      };
      if (body.receivingUserId !== undefined) trade.receivingUserId = body.receivingUserId;
      this.trades.push(trade);
      return this.logged('create', ok(trade));
    }
    const [entity] = (req.body as { entities: Array<{ id: string; state: string; metadata: { version: number } }> })
      .entities;
    const trade = this.trades.find((t) => t.id === entity?.id) as FakeTrade;
    if (this.options.bumpBeforeCancel) {
      this.options.bumpBeforeCancel = false;
      trade.metadata.version++;
    }
    const refused =
      trade.metadata.version !== entity?.metadata.version
        ? 'VersionMismatch'
        : trade.state !== 'Unmatched'
          ? 'TransitionNotAllowed'
          : undefined;
    if (!refused) {
      trade.state = 'Canceled';
      trade.metadata.version++;
    }
    const answer = ok({
      status: 'Complete',
      result: {
        entities: [
          {
            id: trade.id,
            state: trade.state,
            metadata: trade.metadata,
            ...(refused ? { failureReason: refused } : {}),
          },
        ],
      },
    });
    if (this.options.dropCancel && !refused) {
      this.options.dropCancel = false;
      return this.logged('cancel', { status: 0, headers: {}, body: undefined });
    }
    return this.logged('cancel', answer);
  }

  private logged(step: string, response: HttpResponse): HttpResponse {
    this.log.push(step);
    return response;
  }
}

async function run(plan: TradePlan, server: FakeLegacy, entries: JournalEntry[] = []): Promise<TradeResult> {
  let nowMs = 0;
  return syncTrade(plan, {
    transport: server,
    dialect: genesysLegacy,
    journal: memoryJournal(entries),
    strategy: getPreset('refetch-full-jitter'),
    rng: createRng(1),
    clock: { nowMs: () => nowMs },
    sleep: async (ms) => {
      nowMs += ms;
    },
    sink: { record: () => undefined },
  });
}

const CANCEL: TradePlan = { ...BASE, kind: 'cancel' };
const OFFER: TradePlan = { ...BASE, kind: 'one-sided' };

test('a one-sided offer is one create naming no receiving agent, left Unmatched', async () => {
  const server = new FakeLegacy();
  const result = await run(OFFER, server);
  assert.equal(result.outcome, 'applied');
  assert.equal(result.kind, 'one-sided');
  assert.deepEqual(server.log, ['create']);
  assert.equal(server.trades[0]?.receivingUserId, undefined);
  assert.equal(server.trades[0]?.state, 'Unmatched');
});

test('a cancel: create, then the state update with the version the create answered', async () => {
  const server = new FakeLegacy();
  const result = await run(CANCEL, server);
  assert.equal(result.outcome, 'applied');
  assert.deepEqual(server.log, ['create', 'cancel']);
  assert.equal(server.trades[0]?.state, 'Canceled');
  assert.equal(server.trades[0]?.metadata.version, 2);
});

test('a cancel whose version went stale is a 409: re-read, then canceled with the fresh version', async () => {
  const server = new FakeLegacy({ bumpBeforeCancel: true });
  const result = await run(CANCEL, server);
  assert.equal(result.outcome, 'applied');
  assert.equal(result.conflicts, 1);
  assert.deepEqual(server.log, ['create', 'cancel', 'lookup', 'cancel']);
  assert.equal(server.trades[0]?.state, 'Canceled');
});

test('a cancel whose answer was lost is looked up, found Canceled, and not sent again', async () => {
  const server = new FakeLegacy({ dropCancel: true });
  const result = await run(CANCEL, server);
  assert.equal(result.outcome, 'applied');
  assert.deepEqual(server.log, ['create', 'cancel', 'lookup']);
});

test('resume: a canceled trade or a posted offer the journal knows is applied without a write', async () => {
  for (const [plan, state] of [
    [CANCEL, 'Canceled'],
    [OFFER, 'Unmatched'],
  ] as const) {
    const server = new FakeLegacy();
    server.trades.push({ id: 't9', state, initiatingShiftId: 'shift-a', metadata: { version: 2 } });
    const result = await run(plan, server, [
      { legacyId: 'L1', state: 'intent' },
      { legacyId: 'L1', state: 'created', tradeId: 't9' },
    ]);
    assert.equal(result.outcome, 'applied', plan.kind);
    assert.equal(result.alreadyPresent, true, plan.kind);
    assert.equal(result.writeRequests, 0, plan.kind);
  }
});
