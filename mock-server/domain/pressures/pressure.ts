/**
 * A pressure is a background process of the WFM world that holds locks and re-saves agent schedules
 * (DESIGN "Lock windows"). Pressures never use timers: the store asks them what is due by a world
 * instant and whether an agent's schedule is locked at that instant.
 */
export interface BackgroundResave {
  atMs: number;
  agentId: string;
  by: string;
  /** How long this re-save holds the agent schedule's lock, world ms (for metrics). */
  holdMs?: number;
}

export interface Pressure {
  name: string;
  /** The process holding the agent's schedule lock at nowMs, if any. */
  lockHolder(agentId: string, nowMs: number): string | undefined;
  /** Re-saves due in (fromMs, toMs], in time order. */
  due(fromMs: number, toMs: number): BackgroundResave[];
}
