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
  /** Keys in first-counted order: a report lists them as they happened. */
  private readonly byKey: Record<string, number> = {};

  count(refusal: Refusal): void {
    const key = refusalKey(refusal);
    this.byKey[key] = (this.byKey[key] ?? 0) + 1;
  }

  /** A copy of the counts, by "<status> <cause>". */
  counts(): Record<string, number> {
    return { ...this.byKey };
  }
}
