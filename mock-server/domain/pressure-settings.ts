/**
 * The domain's pressure settings as the mock takes them: which background pressures run and with what
 * configuration. Each is off when absent (or null) and on with its documented defaults for every field
 * left out (`{}`: all defaults); every one is off under --quiet (docs/mock-server.md "Pressures").
 * The mock's callers (the CLI, the simulator) turn a scenario into these; the mock reads no scenario.
 */
import type { DstReconciliationConfig } from './pressures/dst-reconciliation.ts';
import type { PublishConfig } from './pressures/publish.ts';
import type { PostCommitConfig } from './pressures/post-commit.ts';
import type { AdminEditsConfig } from './pressures/admin-edits.ts';
import type { StaleReadsConfig } from './replica.ts';
import type { JobsConfig } from './jobs.ts';

export interface PressureSettings {
  /** Re-saves of the agent schedules around each DST transition of a unit's zone; null: off. */
  dstReconciliation: DstReconciliationConfig | null;
  /** How long a forceAsync job of the job-based routes stays Processing (default DEFAULT_JOBS, 2 world-s). */
  jobs?: JobsConfig;
  /** Weekly publish: the BU's week schedule locked whole, then re-saved (PUBLISH_DEFAULTS). */
  publish?: Partial<PublishConfig> | null;
  /** Both agents' schedules locked after each approved trade, re-saved at the end (POST_COMMIT_DEFAULTS). */
  postCommit?: Partial<PostCommitConfig> | null;
  /** Poisson manual overrides that re-save random agent schedules (ADMIN_EDITS_DEFAULTS). */
  adminEdits?: Partial<AdminEditsConfig> | null;
  /** Trade reads answered from a replica that lags (STALE_READS_DEFAULTS). */
  staleReads?: Partial<StaleReadsConfig> | null;
}
