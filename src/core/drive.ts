/**
 * The interpreter for promise runtimes (Node, k6): run the steps, and for each effect await the
 * adapter's transport or sleep, then resume the steps with the answer. One await per effect, none per
 * level of the core; a sleep of 0 world ms or less is answered at once, without a turn of the event loop
 * (the simulator's actors do the same, so all interpreters order steps alike). A transport or sleep that
 * rejects throws its error into the steps at the yield, as an awaited call would. The simulator does not
 * use it: it resumes steps inside its event loop.
 */
import type { DriveIo, EffectAnswer, Steps } from './effects.ts';

export async function drive<T>(steps: Steps<T>, io: DriveIo): Promise<T> {
  let next = steps.next();
  while (!next.done) {
    const effect = next.value;
    let answer: EffectAnswer = undefined;
    try {
      if (effect.kind === 'send') answer = await io.transport.request(effect.request);
      else if (effect.ms > 0) await io.sleep(effect.ms); // a wait of 0 is answered at once, as the simulator does
    } catch (error) {
      next = steps.throw(error);
      continue;
    }
    next = steps.next(answer);
  }
  return next.value;
}
