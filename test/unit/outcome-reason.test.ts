import { test } from 'node:test';
import assert from 'node:assert/strict';
import { couldBeOurEarlierCreate, isOutcomeUnknown, reasonText } from '../../src/core/outcome-reason.ts';
import type { TradeReason } from '../../src/core/outcome-reason.ts';

// The journal and the sync table hold these words (resume never parses them back). A trade whose outcome is
// unknown says so first (issue 21): "outcome unknown: …".
test('reasonText words every reason as the journal has always written it', () => {
  const cases: Array<[TradeReason, string]> = [
    [{ kind: 'transient', stoppedBy: 'not-retried', attempts: 1 }, 'transient'],
    [{ kind: 'version-conflict', stoppedBy: 'attempts', attempts: 10 }, 'version-conflict after 10 attempts'],
    [{ kind: 'locked', stoppedBy: 'budget', attempts: 5 }, 'locked, retry budget empty after 5 attempts'],
    [
      { kind: 'rate-limited', stoppedBy: 'deadline', attempts: 3, deadlineMs: 60_000 },
      'rate-limited, deadline 60000 ms',
    ],
    [
      { stoppedBy: 'unreadable', read: 'create-may-have-landed' },
      'outcome unknown: the create may have landed and the trades could not be read',
    ],
    [{ stoppedBy: 'trade-state', state: 'Denied', seen: 'on-resume' }, 'trade is Denied'],
    [{ stoppedBy: 'trade-state', state: 'Matched', seen: 'after-match' }, 'left in state Matched'],
    [{ stoppedBy: 'violations', violations: ['PaidTime', 'Skills'] }, 'violations: PaidTime,Skills'],
    [
      {
        stoppedBy: 'outcome-unknown',
        refused: { kind: 'invalid', stoppedBy: 'not-retried', attempts: 2, said: { status: 400, code: 'c' } },
      },
      'outcome unknown: refused (invalid: 400 c) after an answer was lost, and the trades could not be read to ' +
        'tell whether the trade there is ours',
    ],
  ];
  for (const [reason, text] of cases) assert.equal(reasonText(reason), text);
});

test('a refusal after a lost answer is unknown only when our own earlier create could explain it', () => {
  const refused = (code: string, kind: 'invalid' | 'business-conflict' = 'invalid') =>
    couldBeOurEarlierCreate({ kind, stoppedBy: 'not-retried', attempts: 2, said: { status: 400, code } });
  assert.equal(refused('wfm.shift.trade.shift.already.in.trade'), true);
  assert.equal(refused('wfm.shift.trade.rule.violation'), true);
  assert.equal(refused('SHIFT_TRADE_CONFLICT', 'business-conflict'), true);
  assert.equal(refused('not.found'), false, 'a 404 is the same for the first create and the second');
  assert.equal(refused('bad.request'), false);
  assert.equal(isOutcomeUnknown({ stoppedBy: 'unreadable', read: 'version-to-create-with' }), false, 'nothing sent');
  assert.equal(isOutcomeUnknown({ stoppedBy: 'unreadable', read: 'resume-by-shift' }), true);
});
