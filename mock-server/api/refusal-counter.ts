/**
 * The refusals a server answered, by status and cause (src/contract/refusals.ts keys them
 * "<status> <cause>"): an API metric, so it lives with the API, not in the domain store. The request
 * pipeline counts every 4xx/5xx a route answers with a cause; a job that runs and fails, and a refused
 * entity of a bulk update, count their own (they answer 200). The audit report shows the counts under
 * `rejections` (http/audit-read.ts, the simulator's server truth).
 */
import type { Refusal } from '../../src/contract/refusals.ts';
import { refusalKey } from '../../src/contract/refusals.ts';

export class RefusalCounter {
  /**
   * Counts by status, then cause: no "<status> <cause>" string is built per refusal (the simulator
   * counts millions); each key is made once, when first counted.
   */
  private readonly byStatus = new Map<Refusal['status'], Map<string, { key: string; n: number }>>();
  /** The same entries in first-counted order: a report lists them as they happened. */
  private readonly order: Array<{ key: string; n: number }> = [];

  count(refusal: Refusal): void {
    let byCause = this.byStatus.get(refusal.status);
    if (byCause === undefined) this.byStatus.set(refusal.status, (byCause = new Map()));
    let entry = byCause.get(refusal.cause);
    if (entry === undefined) {
      entry = { key: refusalKey(refusal), n: 0 };
      byCause.set(refusal.cause, entry);
      this.order.push(entry);
    }
    entry.n++;
  }

  /** A copy of the counts, by "<status> <cause>". */
  counts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const { key, n } of this.order) counts[key] = n;
    return counts;
  }
}
