import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reasonText } from '../../src/core/outcome-reason.ts';
import type { TradeReason } from '../../src/core/outcome-reason.ts';

// The journal and the sync table hold these words; journals written by earlier runs hold them too.
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
      'the create may have landed and the trades could not be read',
    ],
    [{ stoppedBy: 'trade-state', state: 'Denied', seen: 'on-resume' }, 'trade is Denied'],
    [{ stoppedBy: 'trade-state', state: 'Matched', seen: 'after-match' }, 'left in state Matched'],
    [{ stoppedBy: 'violations', violations: ['PaidTime', 'Skills'] }, 'violations: PaidTime,Skills'],
  ];
  for (const [reason, text] of cases) assert.equal(reasonText(reason), text);
});
