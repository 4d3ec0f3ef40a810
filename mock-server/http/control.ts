/** The harness control API under /__harness: world, reset, clock, audit (server truth). */
import type { FastifyInstance } from 'fastify';
import { clockUpdate } from '../api/schemas.ts';
import { ERRORS, errorBody } from '../api/errors.ts';
import type { Harness } from './harness.ts';

export function registerControlRoutes(app: FastifyInstance, harness: Harness): void {
  app.get('/__harness/world', async () => harness.world);

  app.post('/__harness/reset', async () => {
    harness.reset();
    return { reset: true, clock: clockView(harness) };
  });

  app.get('/__harness/clock', async () => clockView(harness));

  app.put('/__harness/clock', async (request, reply) => {
    const parsed = clockUpdate.safeParse(request.body ?? {});
    if (!parsed.success) {
      const contextId = harness.newId();
      return reply.code(400).send(errorBody(ERRORS.badRequest, contextId, { message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') }));
    }
    const worldMs = parsed.data.worldTime === undefined ? harness.clock.nowMs() : Date.parse(parsed.data.worldTime);
    harness.clock.set(worldMs, parsed.data.speed);
    return clockView(harness);
  });

  app.get('/__harness/audit', async () => {
    harness.advance();
    return { ...harness.store.report(), requests: harness.requestCounts };
  });
}

function clockView(harness: Harness): { worldTime: string; speed: number } {
  const state = harness.clock.state();
  return { worldTime: new Date(state.worldMs).toISOString(), speed: state.speed };
}
