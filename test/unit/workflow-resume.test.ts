/**
 * The workflow with a journal, against an in-memory fake of the legacy trade routes: each resume state
 * sends only what is needed, an ambiguous create is looked up before anything is created again, and no
 * case creates a trade twice.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HttpRequest, HttpResponse, Transport } from '../../src/core/ports.ts';
import type { TradePlan } from '../../src/core/trade-plan.ts';
import type { JournalEntry, JournalState } from '../../src/core/journal.ts';
import { memoryJournal } from '../../src/core/journal.ts';
import { syncTrade } from '../../src/core/workflow.ts';
import type { TradeResult } from '../../src/core/workflow.ts';
import { createRng } from '../../src/contract/rng.ts';
import { getPreset } from '../../src/core/strategies.ts';
import { reasonText } from '../../src/core/outcome-reason.ts';
import { LEGACY_ID_HEADER } from '../../src/contract/wire.ts';
import { genesysLegacy } from '../../src/core/dialects/genesys-legacy.ts';

const PLAN: TradePlan = {
  legacyId: 'L1',
  managementUnitId: 'mu',
  weekDate: '2027-03-22',
  scheduleId: 'sched',
  initiatingUserId: 'alice',
  initiatingShiftId: 'shift-a',
  receivingUserId: 'bob',
  receivingShiftId: 'shift-b',
};

type Step = 'create' | 'match' | 'lookup';
/** drop: the write runs, the answer is lost (status 0); 503: refused before the write; stale: a read that lags (no trades). */
type Fault = 'drop' | '503' | 'stale';

interface FakeTrade {
  id: string;
  state: string;
  initiatingShiftId: string;
  metadata: { version: number };
}

class FakeWfm implements Transport {
  readonly trades: FakeTrade[] = [];
  readonly log: Step[] = [];
  readonly legacyIdHeaders: Array<string | undefined> = [];

  constructor(private readonly faults: Partial<Record<Step, Fault[]>> = {}) {}

  seed(state: string, version: number): string {
    const id = `trade-${this.trades.length + 1}`;
    this.trades.push({ id, state, initiatingShiftId: PLAN.initiatingShiftId, metadata: { version } });
    return id;
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    const step: Step = req.method === 'GET' ? 'lookup' : req.path.endsWith('/match') ? 'match' : 'create';
    this.log.push(step);
    const fault = this.faults[step]?.shift();
    if (fault === '503')
      return { status: 503, headers: {}, body: { status: 503, code: 'service.unavailable', message: 'unavailable' } };
    const response = this.answer(step, req, fault);
    return fault === 'drop' ? { status: 0, headers: {}, body: undefined } : response;
  }

  private answer(step: Step, req: HttpRequest, fault: Fault | undefined): HttpResponse {
    const ok = (body: unknown): HttpResponse => ({ status: 200, headers: {}, body: structuredClone(body) });
    if (step === 'lookup') return ok({ entities: fault === 'stale' ? [] : this.trades });
    if (step === 'create') {
      this.legacyIdHeaders.push(req.headers?.[LEGACY_ID_HEADER]);
      const body = req.body as { initiatingShiftId: string };
      if (
        this.trades.some(
          (t) =>
            t.initiatingShiftId === body.initiatingShiftId && ['Unmatched', 'Matched', 'Approved'].includes(t.state),
        )
      ) {
        return {
          status: 400,
          headers: {},
          body: { status: 400, code: 'wfm.shift.trade.shift.already.in.trade', message: 'in trade' },
        };
      }
      const id = this.seed('Unmatched', 1);
      return ok(this.trades.find((t) => t.id === id));
    }
    const tradeId = req.path.split('/').at(-2);
    const trade = this.trades.find((t) => t.id === tradeId);
    const version = (req.body as { metadata: { version: number } }).metadata.version;
    if (!trade) return { status: 404, headers: {}, body: { status: 404, code: 'not.found', message: 'no trade' } };
    if (trade.metadata.version !== version)
      return { status: 409, headers: {}, body: { status: 409, code: 'general.resource.conflict', message: 'version' } };
    if (trade.state !== 'Unmatched')
      return {
        status: 400,
        headers: {},
        body: { status: 400, code: 'wfm.shift.trade.invalid.state.transition', message: 'state' },
      };
    trade.state = 'Approved';
    trade.metadata.version += 2;
    return ok({ trade, violations: [] });
  }
}

async function run(
  server: FakeWfm,
  journalEntries: JournalEntry[],
): Promise<{ result: TradeResult; appended: JournalState[] }> {
  let nowMs = 0;
  const journal = memoryJournal(journalEntries);
  const result = await syncTrade(PLAN, {
    transport: server,
    dialect: genesysLegacy,
    journal,
    strategy: getPreset('refetch-full-jitter'),
    rng: createRng(1),
    clock: { nowMs: () => nowMs },
    sleep: async (ms) => {
      nowMs += ms;
    },
    sink: { record: () => undefined },
  });
  return { result, appended: journal.entries.slice(journalEntries.length).map((e) => e.state) };
}

interface Case {
  name: string;
  faults?: Partial<Record<Step, Fault[]>>;
  /** Server state before the run: the trade an earlier run left, if any. */
  existing?: { state: string; version: number };
  journal: (tradeId: string | undefined) => JournalEntry[];
  expect: {
    status: 'applied' | 'already present' | 'gave-up' | 'failed';
    /** The reason's words, when the case is about them. */
    reason?: RegExp;
    log: Step[];
    appended: JournalState[];
    trades: number;
  };
}

const L = 'L1';
const CASES: Case[] = [
  {
    name: 'fresh trade: intent, create, created, match, applied',
    journal: () => [],
    expect: { status: 'applied', log: ['create', 'match'], appended: ['intent', 'created', 'applied'], trades: 1 },
  },
  {
    name: 'journal says applied: nothing is sent',
    existing: { state: 'Approved', version: 3 },
    journal: (id) => [{ legacyId: L, state: 'applied', ...(id ? { tradeId: id } : {}) }],
    expect: { status: 'already present', log: [], appended: [], trades: 1 },
  },
  {
    name: 'created: re-read the version, then match (no create)',
    existing: { state: 'Unmatched', version: 4 },
    journal: (id) => [
      { legacyId: L, state: 'intent' },
      { legacyId: L, state: 'created', ...(id ? { tradeId: id } : {}) },
    ],
    expect: { status: 'applied', log: ['lookup', 'match'], appended: ['applied'], trades: 1 },
  },
  {
    name: 'created, and the match had landed: already present',
    existing: { state: 'Approved', version: 3 },
    journal: (id) => [{ legacyId: L, state: 'created', ...(id ? { tradeId: id } : {}) }],
    expect: { status: 'already present', log: ['lookup'], appended: ['applied'], trades: 1 },
  },
  {
    name: 'intent, and the create had landed: found by shift, matched, never re-created',
    existing: { state: 'Unmatched', version: 1 },
    journal: () => [{ legacyId: L, state: 'intent' }],
    expect: { status: 'applied', log: ['lookup', 'match'], appended: ['created', 'applied'], trades: 1 },
  },
  {
    name: 'intent, and the create had not landed: looked up, then created',
    journal: () => [{ legacyId: L, state: 'intent' }],
    expect: {
      status: 'applied',
      log: ['lookup', 'create', 'match'],
      appended: ['intent', 'created', 'applied'],
      trades: 1,
    },
  },
  {
    name: 'intent, and the trades cannot be read: gives up without creating, journaled unknown',
    faults: { lookup: ['503', '503', '503', '503', '503', '503'] },
    journal: () => [{ legacyId: L, state: 'intent' }],
    expect: {
      status: 'gave-up',
      reason: /^outcome unknown: resume could not read/,
      log: ['lookup', 'lookup', 'lookup', 'lookup', 'lookup', 'lookup'],
      appended: ['unknown'],
      trades: 0,
    },
  },
  {
    name: 'create dropped after commit: looked up, matched, one trade',
    faults: { create: ['drop'] },
    journal: () => [],
    expect: {
      status: 'applied',
      log: ['create', 'lookup', 'match'],
      appended: ['intent', 'created', 'applied'],
      trades: 1,
    },
  },
  {
    name: 'create refused with 503: looked up, created once',
    faults: { create: ['503'] },
    journal: () => [],
    expect: {
      status: 'applied',
      log: ['create', 'lookup', 'create', 'match'],
      appended: ['intent', 'created', 'applied'],
      trades: 1,
    },
  },
  {
    name: 'create dropped and the lookups fail: gives up, never re-creates, journaled unknown',
    faults: { create: ['drop'], lookup: ['503', '503', '503', '503', '503', '503'] },
    journal: () => [],
    expect: {
      status: 'gave-up',
      reason: /^outcome unknown: the create may have landed/,
      log: ['create', 'lookup', 'lookup', 'lookup', 'lookup', 'lookup', 'lookup'],
      appended: ['intent', 'unknown'],
      trades: 1,
    },
  },
  {
    // Issue 21: journaled `failed: 400 …already.in.trade` before, and an operator could cancel their own trade.
    name: 'create dropped, a lagging read, the re-create refused as in a trade, then nothing readable: outcome unknown',
    faults: { create: ['drop'], lookup: ['stale', '503', '503', '503', '503', '503', '503'] },
    journal: () => [],
    expect: {
      status: 'gave-up',
      reason: /^outcome unknown: refused \(invalid: 400 wfm\.shift\.trade\.shift\.already\.in\.trade: in trade\)/,
      log: ['create', 'lookup', 'create', ...Array<Step>(6).fill('lookup')],
      appended: ['intent', 'unknown'],
      trades: 1,
    },
  },
  {
    name: 'the same, but the reads work and find no trade of ours: failed, a read proved it',
    faults: { create: ['drop'], lookup: ['stale', 'stale', 'stale', 'stale', 'stale', 'stale', 'stale'] },
    journal: () => [],
    expect: {
      status: 'failed',
      reason: /^invalid: 400 wfm\.shift\.trade\.shift\.already\.in\.trade/,
      log: ['create', 'lookup', 'create', ...Array<Step>(6).fill('lookup')],
      appended: ['intent', 'failed'],
      trades: 1,
    },
  },
  {
    name: 'unknown: resumed like intent, the trade found by shift is ours and matched, never re-created',
    existing: { state: 'Unmatched', version: 1 },
    journal: () => [
      { legacyId: L, state: 'intent' },
      { legacyId: L, state: 'unknown', reason: 'outcome unknown: …' },
    ],
    expect: { status: 'applied', log: ['lookup', 'match'], appended: ['created', 'applied'], trades: 1 },
  },
  {
    name: 'match dropped after commit: the re-read finds it Approved',
    faults: { match: ['drop'] },
    journal: () => [],
    expect: {
      status: 'applied',
      log: ['create', 'match', 'lookup'],
      appended: ['intent', 'created', 'applied'],
      trades: 1,
    },
  },
  {
    name: 'failed earlier with a trade id: resumed like created',
    existing: { state: 'Unmatched', version: 2 },
    journal: (id) => [{ legacyId: L, state: 'failed', reason: 'x', ...(id ? { tradeId: id } : {}) }],
    expect: { status: 'applied', log: ['lookup', 'match'], appended: ['applied'], trades: 1 },
  },
  {
    name: 'created, but the trade was canceled meanwhile: failed, not re-created',
    existing: { state: 'Canceled', version: 2 },
    journal: (id) => [{ legacyId: L, state: 'created', ...(id ? { tradeId: id } : {}) }],
    expect: { status: 'failed', log: ['lookup'], appended: ['failed'], trades: 1 },
  },
];

for (const c of CASES) {
  test(`resume: ${c.name}`, async () => {
    const server = new FakeWfm(c.faults);
    const tradeId = c.existing ? server.seed(c.existing.state, c.existing.version) : undefined;
    const { result, appended } = await run(server, c.journal(tradeId));
    const status = result.outcome === 'applied' && result.alreadyPresent ? 'already present' : result.outcome;
    assert.equal(status, c.expect.status, result.reason && reasonText(result.reason));
    if (c.expect.reason) assert.match(result.reason ? reasonText(result.reason) : '', c.expect.reason);
    assert.deepEqual(server.log, c.expect.log);
    assert.deepEqual(appended, c.expect.appended);
    assert.equal(server.trades.length, c.expect.trades);
    assert.ok(
      server.trades.filter((t) => t.state !== 'Canceled').length <= 1,
      'never two live trades for one legacy swap',
    );
    assert.ok(
      server.legacyIdHeaders.every((h) => h === PLAN.legacyId),
      'every create carries the legacy id header',
    );
    if (c.expect.status === 'applied' || c.expect.status === 'already present')
      assert.equal(server.trades[0]?.state, 'Approved');
  });
}
