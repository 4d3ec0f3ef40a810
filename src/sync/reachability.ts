/**
 * sync's guard against a server that is gone: after CONSECUTIVE_FAILURES_MAX answers in a row with no
 * HTTP status (connection refused, reset, timed out), one probe asks whether anything answers at the base
 * URL at all. If nothing does, the guard trips: every further request fails at once without being sent,
 * the run starts no new trade, and sync says "server unreachable at URL". Trades in flight end as given
 * up, which the journal does not record, so the next run resumes them. A dropped answer from a live
 * server (a fault, a lost response) keeps the probe answering, and the run goes on.
 */
import type { HttpRequest, HttpResponse, Transport } from '../core/ports.ts';

/** Status-0 answers in a row before the probe (count): a few lost answers are normal under faults. */
export const CONSECUTIVE_FAILURES_MAX = 8;
/** The probe's own patience, real ms. */
const PROBE_TIMEOUT_MS = 3_000;

export interface GuardedTransport extends Transport {
  /** Set once the server was found unreachable; stays set. */
  readonly unreachable: boolean;
}

/** Does anything answer HTTP at the base URL? Any status counts as yes. */
export async function answersHttp(baseUrl: string): Promise<boolean> {
  try {
    await fetch(new URL('/', baseUrl), { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    return true;
  } catch {
    return false;
  }
}

export function guardReachability(
  inner: Transport,
  baseUrl: string,
  probe: (url: string) => Promise<boolean> = answersHttp,
): GuardedTransport {
  let failuresInARow = 0;
  let unreachable = false;
  let probing: Promise<boolean> | undefined;
  return {
    get unreachable() {
      return unreachable;
    },
    async request(req: HttpRequest): Promise<HttpResponse> {
      if (unreachable)
        return { status: 0, headers: {}, body: { message: `not sent: server unreachable at ${baseUrl}` } };
      const response = await inner.request(req);
      if (response.status !== 0) {
        failuresInARow = 0;
        return response;
      }
      if (++failuresInARow >= CONSECUTIVE_FAILURES_MAX) {
        // Concurrent failures share one probe.
        probing ??= probe(baseUrl).finally(() => {
          probing = undefined;
        });
        if (await probing) failuresInARow = 0;
        else unreachable = true;
      }
      return response;
    },
  };
}

export function unreachableMessage(baseUrl: string): string {
  return `server unreachable at ${baseUrl}`;
}
