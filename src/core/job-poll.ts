/**
 * Settling a write of a job-based API (the genesys-jobs dialect): the POST is answered with a job
 * (200 Complete/Error at once, or 202 Processing), and the client polls the job's selfUri until it is
 * done. A finished job becomes the answer the write would have had synchronously: Complete → 200 with
 * the result, Error → the status its ErrorBody carries with that body, so classify() treats a 409 inside a
 * job exactly like a 409 answer (DESIGN "conflict rate … plus conflict errors inside job results").
 *
 * Polling is bounded by a small fixed schedule, not the strategy's backoff: the strategy tunes retries of
 * conflicting writes, while a poll is a read of a write that has been accepted (a 'none' backoff would spin).
 * A job that never finishes, or a poll that fails for good, is an ambiguous outcome (status 0): the
 * workflow then reads before it writes again, as after a lost response.
 */
import { classify, retryAfterMs } from './classify.ts';
import type { HttpRequest, HttpResponse } from './ports.ts';
import type { Steps } from './effects.ts';
import { sleep } from './effects.ts';

export interface JobPollSchedule {
  /** Before the first poll. */
  firstDelayMs: number;
  factor: number;
  capMs: number;
  /** Polls before the outcome is declared unknown. */
  maxPolls: number;
}

/** 250 ms doubling to 2 s, 10 polls: about 16 s of patience, a few polls for a job that takes seconds. */
export const DEFAULT_JOB_POLL: JobPollSchedule = { firstDelayMs: 250, factor: 2, capMs: 2_000, maxPolls: 10 };

/** What a dialect makes of one answer: final (an HTTP answer to classify), or the job's poll to send. */
export type JobStep = { final: HttpResponse } | { poll: HttpRequest };

/** How a dialect settles answers to its writes (Dialect.jobs). */
export interface JobSettling {
  step(response: HttpResponse): JobStep;
  schedule?: JobPollSchedule;
}

/** An outcome nobody knows: classified transient, so the workflow looks the trade up before writing again. */
export function ambiguous(message: string): HttpResponse {
  return { status: 0, headers: {}, body: { message } };
}

/**
 * Poll until the write's job is done; the answer of a write that is not a job comes back unchanged.
 * `poll` sends one poll (the retry loop counts it as a read request).
 */
export function* settleJob(
  jobs: JobSettling,
  response: HttpResponse,
  poll: (request: HttpRequest) => Steps<HttpResponse>,
): Steps<HttpResponse> {
  const schedule = jobs.schedule ?? DEFAULT_JOB_POLL;
  let step = jobs.step(response);
  let delayMs = schedule.firstDelayMs;
  for (let polls = 0; 'poll' in step; polls++) {
    if (polls >= schedule.maxPolls) return ambiguous(`the job was still Processing after ${polls} polls`);
    yield* sleep(delayMs);
    delayMs = Math.min(schedule.capMs, delayMs * schedule.factor);
    const answer = yield* poll(step.poll);
    const kind = classify(answer);
    if (kind === 'ok') step = jobs.step(answer);
    else if (kind === 'rate-limited') delayMs = Math.max(delayMs, retryAfterMs(answer) ?? 0);
    // A poll that failed for good (404: the job is gone, 401, 403) says nothing about the write.
    else if (kind !== 'transient') return ambiguous(`polling the job answered ${answer.status}`);
  }
  return step.final;
}
