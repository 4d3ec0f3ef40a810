/**
 * Post-commit recalculation (DESIGN "Lock windows"): after each approved trade the WFM service
 * recalculates both agents' schedules of the weeks the trade touched. For lockMs after the approval
 * those schedules are locked ('post-commit-recalculation'); when the recalculation ends it saves them
 * once (resaveAtEnd, default on): their versions and those of their open trades step by one. So a trade
 * that shares an agent with one just approved meets a lock first and a moved version after.
 *
 * The store calls afterApprove at the approval's world instant; due() hands out the end-of-recalculation
 * re-saves once the clock has passed them. Nothing here reads a clock or sets a timer.
 */
import type { BackgroundResave, Pressure } from './pressure.ts';
import { insertSorted } from '../sorted.ts';

export interface PostCommitConfig {
  /** R: how long both agents' schedules stay locked after an approval, world ms. */
  lockMs: number;
  /** Re-save both schedules once when the recalculation ends (bumps their versions and open trades'). */
  resaveAtEnd: boolean;
}

export const POST_COMMIT_DEFAULTS: PostCommitConfig = { lockMs: 30_000, resaveAtEnd: true };

export const POST_COMMIT = 'post-commit-recalculation';

interface Recalculation {
  agentId: string;
  weekDates: readonly string[];
  fromMs: number;
  untilMs: number;
}

export function createPostCommit(config: PostCommitConfig): Pressure {
  if (!(config.lockMs >= 0)) throw new Error('postCommit.lockMs must be >= 0');
  /** Recalculations not yet ended, in order of their end. */
  let pending: Recalculation[] = [];
  const byAgent = new Map<string, Recalculation[]>();

  const forget = (r: Recalculation): void => {
    const list = byAgent.get(r.agentId);
    if (!list) return;
    const at = list.indexOf(r);
    if (at >= 0) list.splice(at, 1);
    if (list.length === 0) byAgent.delete(r.agentId);
  };

  return {
    name: POST_COMMIT,
    lockHolder(agentId, weekDate, nowMs) {
      const list = byAgent.get(agentId);
      if (!list) return undefined;
      for (const r of list) {
        if (nowMs >= r.fromMs && nowMs < r.untilMs && r.weekDates.includes(weekDate)) return POST_COMMIT;
      }
      return undefined;
    },
    due(_fromMs, toMs) {
      // Pending work is handed out by its end alone, not (fromMs, toMs]: an approval made inside a
      // request (or a job run by advanceTo) registers after this window's due() was asked.
      if (pending.length === 0 || (pending[0] as Recalculation).untilMs > toMs) return [];
      const events: BackgroundResave[] = [];
      let done = 0;
      for (const r of pending) {
        if (r.untilMs > toMs) break;
        done++;
        forget(r);
        if (config.resaveAtEnd)
          events.push({
            atMs: r.untilMs,
            agentId: r.agentId,
            weekDates: r.weekDates,
            by: POST_COMMIT,
            holdMs: config.lockMs,
          });
      }
      pending = pending.slice(done);
      return events;
    },
    afterApprove({ initiatingUserId, receivingUserId, weekDates, atMs }) {
      for (const agentId of [initiatingUserId, receivingUserId]) {
        const r: Recalculation = { agentId, weekDates, fromMs: atMs, untilMs: atMs + config.lockMs };
        // Approvals come in world-time order; after the clock was set back one may not: keep pending sorted.
        insertSorted(pending, r, (x) => x.untilMs);
        const list = byAgent.get(agentId);
        if (list) list.push(r);
        else byAgent.set(agentId, [r]);
      }
    },
  };
}
