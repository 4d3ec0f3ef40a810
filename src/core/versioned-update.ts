/**
 * The published OCC client (retry-literature.md, AWS 2015): read the entity's version, write with it,
 * and on a conflict back off, re-read (if the strategy re-fetches) and write again. Same retry loop,
 * budget and pacing as the trade workflow. A transient failure is resolved by re-reading too, which is
 * only safe because the update is a "set" (idempotent), not an increment.
 */
import type { HttpRequest, HttpResponse, TradeOutcomeStatus } from './ports.ts';
import type { RetryDeps, RetryStepDeps } from './retry-loop.ts';
import { RETRY, RetryRun, mustReread } from './retry-loop.ts';
import type { Steps } from './effects.ts';
import { drive } from './drive.ts';
import type { TradeReason } from './outcome-reason.ts';
import { classify } from './classify.ts';

/** How to read and write one versioned entity. */
export interface VersionedEntity {
  name: string;
  readRequest(): HttpRequest;
  /** The entity's version in a read answer, or undefined when the answer does not hold it. */
  readVersion(response: HttpResponse): number | undefined;
  writeRequest(version: number): HttpRequest;
}

export interface UpdateResult {
  /** Who updated: a client label. */
  key: string;
  outcome: TradeOutcomeStatus;
  /** Why the update was not applied (reasonText() words it). */
  reason?: TradeReason;
  requests: number;
  writeRequests: number;
  conflicts: number;
  durationMs: number;
  lastWriteStatus: number;
}

/** The update as steps (./effects.ts): the simulator runs them in its event loop. */
export function* updateSteps(key: string, entity: VersionedEntity, deps: RetryStepDeps): Steps<UpdateResult> {
  const run = new RetryRun(deps);
  // The version a read answered.
  const versionIn = (response: HttpResponse): number | undefined =>
    classify(response) === 'ok' ? entity.readVersion(response) : undefined;
  const finish = (outcome: TradeOutcomeStatus, reason?: TradeReason): UpdateResult => {
    const result: UpdateResult = { key, outcome, ...run.finish(outcome) };
    if (reason !== undefined) result.reason = reason;
    return result;
  };

  let version = versionIn(yield* run.sendRead('read', entity.readRequest()));
  if (version === undefined) return finish('gave-up', { stoppedBy: 'unreadable', read: 'first-version' });
  const { strategy } = deps;
  const step = yield* run.writeWithRetries(
    'update',
    () => entity.writeRequest(version ?? 0),
    function* (kind) {
      if (mustReread(strategy, kind)) version = versionIn(yield* run.sendRead('read', entity.readRequest())) ?? version;
      return RETRY;
    },
  );
  if (step.status !== 'ok') return finish(step.status, step.reason);
  return finish('applied');
}

/** Update the entity through a promise runtime's transport and sleep (Node, k6). */
export function updateVersioned(key: string, entity: VersionedEntity, deps: RetryDeps): Promise<UpdateResult> {
  return drive(updateSteps(key, entity, deps), deps);
}
