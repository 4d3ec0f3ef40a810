/**
 * A pressure is a background process of the WFM world that holds locks and re-saves agent schedules
 * (DESIGN "Lock windows"). Pressures never use timers: the store asks them what is due by a world
 * instant and whether an agent's schedule is locked at that instant.
 */
export interface BackgroundResave {
  atMs: number;
  agentId: string;
  /** The agent's schedules of these weeks are re-saved; undefined: every week the world holds. */
  weekDates?: readonly string[];
  by: string;
  /** How long this re-save holds the agent schedule's lock, world ms (for metrics). */
  holdMs?: number;
}

export interface Pressure {
  name: string;
  /** The process holding the lock on the agent's schedule of that week at nowMs, if any. */
  lockHolder(agentId: string, weekDate: string, nowMs: number): string | undefined;
  /** Re-saves due in (fromMs, toMs], in time order. */
  due(fromMs: number, toMs: number): BackgroundResave[];
  /** Told after the store approved a trade (post-commit recalculation locks both schedules). */
  afterApprove?(event: {
    initiatingUserId: string;
    receivingUserId: string;
    weekDates: readonly string[];
    atMs: number;
  }): void;
}
