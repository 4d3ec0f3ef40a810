/**
 * Refusal counts as the harness's audit report carries them (GET /__harness/audit, results files): one
 * key "<status> <cause>" per kind of refusal. Written once here, read by the mock (which counts them),
 * the simulator's experiments and the k6 report (which total them), so no reader parses the key itself.
 */

/**
 * A refused request (or a refused entity of a bulk update, status 'bulk' / 'bulk-job'): its status and
 * why ('version', 'locked:publish', 'rate:token', ...). The audit report keys them "<status> <cause>".
 */
export interface Refusal {
  status: number | 'bulk' | 'bulk-job';
  cause: string;
}

export function refusalKey(refusal: Refusal): string {
  return `${refusal.status} ${refusal.cause}`;
}

/** Refusals of one status in a report's rejections, e.g. every 409 whatever its cause (the "409s" of a run). */
export function refusalsWithStatus(rejections: Readonly<Record<string, number>>, status: number): number {
  const prefix = `${status} `;
  let total = 0;
  for (const key in rejections) if (key.startsWith(prefix)) total += rejections[key] ?? 0;
  return total;
}
