/** error-5xx: the server answers 503 before the route runs; nothing is written, the client may retry. */
import type { OutcomeFault } from './fault-unit.ts';

export const error5xx = {
  name: 'error-5xx',
  configKey: 'error5xxRate',
  countKey: 'error5xx',
  serve: (fate) => ({ kind: 'answer', response: fate.unavailable() }),
} as const satisfies OutcomeFault<'error5xxRate'>;
