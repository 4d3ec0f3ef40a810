/**
 * drop-after-commit: the route runs (the write lands, or is refused), then the connection closes before
 * the answer leaves. The client cannot tell which: the ambiguous outcome the core resolves by reading.
 */
import type { OutcomeFault } from './fault-unit.ts';

export const dropAfterCommit = {
  name: 'drop-after-commit',
  configKey: 'dropAfterCommitRate',
  countKey: 'dropAfterCommit',
  serve: (fate) => ({ kind: 'closed', label: `${fate.run().status} dropped` }),
} as const satisfies OutcomeFault<'dropAfterCommitRate'>;
