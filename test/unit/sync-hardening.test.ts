/**
 * sync's hardening against what a server does not say (issue 12): a lost answer to a job create whose
 * job lands later is adopted, not reported failed; a permanent refusal carries the server's code and
 * message; a server that stops answering trips the reachability guard only when a probe finds nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HttpRequest, HttpResponse, Transport } from '../../src/core/ports.ts';
import type { TradePlan } from '../../src/core/trade-plan.ts';
import { syncTrade } from '../../src/core/workflow.ts';
import { createRng } from '../../src/contract/rng.ts';
import { getPreset } from '../../src/core/strategies.ts';
import { genesysJobs } from '../../src/core/dialects/genesys-jobs.ts';
import { saidText, serverSaid } from '../../src/core/refusal.ts';
import { reasonText } from '../../src/core/outcome-reason.ts';
import { CONSECUTIVE_FAILURES_MAX, guardReachability } from '../../src/sync/reachability.ts';

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
const IN_OPEN_TRADE = {
  status: 400,
  code: 'wfm.shift.trade.shift.already.in.trade',
  message: 'The shift is already part of an open shift trade',
};
const wireTrade = (state: string, version: number) => ({
  id: 't1',
  state,
  initiatingShiftId: PLAN.initiatingShiftId,
  metadata: { version },
});
const itemTrade = (state: string, version: number) => ({
  id: 't1',
  state,
  initiating: { shift: { id: PLAN.initiatingShiftId } },
  metadata: { version },
});

/** Answers scripted per request kind, in order; records what was sent. */
class Scripted implements Transport {
  readonly sent: string[] = [];
  constructor(private readonly script: Record<'create' | 'lookup' | 'match', HttpResponse[]>) {}
  async request(req: HttpRequest): Promise<HttpResponse> {
    const kind = req.method === 'GET' ? 'lookup' : req.path.includes('/match') ? 'match' : 'create';
    this.sent.push(kind);
    const next = this.script[kind].shift();
    assert.ok(next, `unexpected ${kind}`);
    return next;
  }
}

const ok = (body: unknown): HttpResponse => ({ status: 200, headers: {}, body });
const deps = (transport: Transport) => {
  let nowMs = 0;
  return {
    transport,
    dialect: genesysJobs,
    strategy: getPreset('refetch-full-jitter'),
    rng: createRng(1),
    clock: { nowMs: () => nowMs },
    sleep: async (ms: number) => {
      nowMs += ms;
    },
    sink: { record: () => undefined },
  };
};

test(
  'a create whose answer was lost and whose job landed after the read is adopted when the re-create is ' +
    'refused as shift-in-open-trade',
  async () => {
    const server = new Scripted({
      create: [
        { status: 0, headers: {}, body: undefined },
        ok({ id: 'j2', type: 'AddTrade', status: 'Error', error: IN_OPEN_TRADE }),
      ],
      lookup: [ok({ entities: [] }), ok({ entities: [wireTrade('Unmatched', 1)] })],
      match: [
        ok({
          id: 'j3',
          type: 'MatchTrade',
          status: 'Complete',
          matchTradeResult: { trade: itemTrade('Approved', 3), matchReview: { violations: [] } },
        }),
      ],
    });
    const result = await syncTrade(PLAN, deps(server));
    assert.equal(result.outcome, 'applied', result.reason && reasonText(result.reason));
    assert.equal(result.tradeId, 't1');
    assert.deepEqual(server.sent, ['create', 'lookup', 'create', 'lookup', 'match']);
  },
);

test("a permanent refusal with no earlier lost answer fails, and its reason carries the server's status, code and message", async () => {
  const server = new Scripted({
    create: [ok({ id: 'j1', type: 'AddTrade', status: 'Error', error: IN_OPEN_TRADE })],
    lookup: [],
    match: [],
  });
  const result = await syncTrade(PLAN, deps(server));
  assert.equal(result.outcome, 'failed');
  assert.deepEqual(result.reason, {
    kind: 'invalid',
    stoppedBy: 'not-retried',
    attempts: 1,
    said: {
      status: 400,
      code: 'wfm.shift.trade.shift.already.in.trade',
      message: 'The shift is already part of an open shift trade',
    },
  });
  assert.equal(
    result.reason && reasonText(result.reason),
    'invalid: 400 wfm.shift.trade.shift.already.in.trade: The shift is already part of an open shift trade',
  );
});

test('what the server said is one bounded line', () => {
  const said = saidText(
    serverSaid({ status: 400, headers: {}, body: { code: 'x', message: `a\nb${'z'.repeat(500)}` } }),
  );
  assert.ok(!said.includes('\n'));
  assert.ok(said.length <= '400 x: '.length + 201);
});

test('the reachability guard trips after the failures in a row only when the probe finds nothing, then sends nothing', async () => {
  let sent = 0;
  let alive = true;
  const down: Transport = {
    request: async () => {
      sent++;
      return { status: 0, headers: {}, body: undefined };
    },
  };
  const guard = guardReachability(down, 'http://127.0.0.1:1', async () => alive);
  for (let i = 0; i < CONSECUTIVE_FAILURES_MAX; i++) await guard.request({ method: 'GET', path: '/' });
  assert.equal(guard.unreachable, false, 'the probe answered: lost answers from a live server');
  alive = false;
  for (let i = 0; i < CONSECUTIVE_FAILURES_MAX; i++) await guard.request({ method: 'GET', path: '/' });
  assert.equal(guard.unreachable, true);
  const before = sent;
  await guard.request({ method: 'GET', path: '/' });
  assert.equal(sent, before, 'nothing is sent once unreachable');
});
