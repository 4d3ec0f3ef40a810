/**
 * reset-before-commit (toxiproxy's reset_peer): the connection is reset as the request arrives; the route
 * never runs, nothing is written. To the client it looks exactly like drop-after-commit (status 0), so
 * the core must not assume its write landed either.
 */
import type { OutcomeFault } from './fault-unit.ts';

export const resetBeforeCommit = {
  name: 'reset-before-commit',
  configKey: 'resetBeforeCommitRate',
  countKey: 'resetBeforeCommit',
  serve: () => ({ kind: 'closed', label: 'reset' }),
} as const satisfies OutcomeFault<'resetBeforeCommitRate'>;
