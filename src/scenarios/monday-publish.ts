import { DEFAULT_ROUND_TRIP } from '../../mock-server/api/network-latency.ts';
import type { ScenarioSpec } from './spec.ts';

/**
 * The Monday publish of the bulk-swap seed thread: a Chicago business unit publishes the following
 * week every Monday at 09:00 America/Chicago, and agents trade in the self-service window after it.
 * Here: Monday 2027-04-05 09:00 CDT (14:00 UTC) publishes the week of 2027-04-12, and every swap is two
 * Chicago agents trading shifts of that week. The clock starts 2 world-minutes before the publish, and
 * 80 swaps arrive evenly over 10 world-minutes: 2 before the publish, the 5-minute publish lock, then the
 * first 3 minutes of the self-service window. Every duration below is world time. Every pressure runs at its documented default
 * (README "Pressures"); DST reconciliation is off (no transition near these dates).
 *
 * Where the conflicts come from, in the order a run meets them:
 * - Post-commit recalculation: each approved swap locks both agents' schedules of the week for 30
 *   world-s and then re-saves them, bumping their open trades. A swap that shares an agent
 *   with one just approved meets `locked:post-commit-recalculation`, then a version that moved.
 * - Publish: from 14:00 to 14:05 UTC every Chicago agent's schedule of the published week is locked, so
 *   every create and match answers `409 locked:publish` for 5 world-minutes. A strategy whose attempts
 *   and backoff do not reach past the lock gives up.
 * - Rate limits: retries during the lock are writes of the same two users; past 5 trade writes per
 *   world-minute per user they answer `429 rate:user` with Retry-After.
 * - At 14:05 the publish re-saves every agent schedule of the week, and every open trade with it: every
 *   version a client holds is stale at once (`409 version`).
 * - Stale reads: trade reads lag the primary by 2 world-s, so a re-read made right after the
 *   re-save can still return the old version, and the retry that uses it conflicts again.
 * - Admin edits: about one manual override per two world-minutes re-saves a random Chicago agent's
 *   schedule of the week (and its open trades), and locks it for 2 world-s.
 * The mock's numbers are not tuned to produce a given conflict rate: each comes from the defaults above.
 */
export const mondayPublish: ScenarioSpec = {
  name: 'monday-publish',
  description: 'Swaps around the Monday 09:00 America/Chicago publish of the following week (2027-04-05) and into its self-service window',
  world: {
    weekDate: '2027-04-05',
    weeks: 2,
    workDaysPerAgent: 5,
    shiftHours: 8,
    businessUnits: [
      {
        name: 'Americas Support', timeZone: 'America/Chicago',
        managementUnits: [{
          name: 'Chicago Support', timeZone: 'America/Chicago', agents: 40,
          skillProfiles: [['Billing'], ['Billing', 'Technical']],
          languageProfiles: [['English'], ['English', 'Spanish']],
        }],
      },
    ],
  },
  trades: { managementUnit: 'Chicago Support', weekDate: '2027-04-12' },
  clock: { startUtc: '2027-04-05T13:58:00.000Z', speed: 20 },
  network: { roundTripMs: DEFAULT_ROUND_TRIP },
  pressures: {
    dstReconciliation: null,
    publish: { businessUnit: 'Americas Support' },
    postCommit: {},
    adminEdits: { managementUnit: 'Chicago Support', weekDate: '2027-04-12' },
    staleReads: {},
    rateLimits: {},
  },
  load: { tradesPerSecond: 80 / 600, durationS: 600, preAllocatedVUs: 10, maxVUs: 40 },
};
