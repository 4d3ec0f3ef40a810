/**
 * hang (toxiproxy's timeout with timeout=0): the request is accepted and never answered; the route never
 * runs. Only the client's own request timeout ends it (the node transport's AbortSignal, k6's timeout,
 * the simulator link's requestTimeoutMs), as status 0.
 */
import type { OutcomeFault } from './fault-unit.ts';

export const hang = {
  name: 'hang',
  configKey: 'hangRate',
  countKey: 'hang',
  serve: () => ({ kind: 'hang' }),
} as const satisfies OutcomeFault<'hangRate'>;
