/**
 * What the loader did with a file beyond reading it (`scenario show --resolved` prints these on
 * stderr, the resolved spec on stdout): every field it resolved (a clock relative to a transition, a
 * publish placed by date, the older spelling of a unit), every field it defaulted (a pressure's fields
 * left out, load.clients, the rate limits, every unit traded), and every field some runs ignore (the
 * simulator's clock speed and thresholds). So a field that "silently changed nothing" is listed.
 */
import { PUBLISH_DEFAULTS } from '../../../mock-server/domain/pressures/publish.ts';
import { POST_COMMIT_DEFAULTS } from '../../../mock-server/domain/pressures/post-commit.ts';
import { ADMIN_EDITS_DEFAULTS } from '../../../mock-server/domain/pressures/admin-edits.ts';
import { DST_RECONCILIATION_DEFAULTS } from '../../../mock-server/domain/pressures/dst-reconciliation.ts';
import { STALE_READS_DEFAULTS } from '../../../mock-server/domain/replica.ts';
import { RATE_LIMITS_DEFAULTS } from '../../../mock-server/api/rate-limits.ts';
import { DEFAULT_SHIFT_TRADING } from '../../../mock-server/domain/world.ts';
import { DEFAULT_COMPARISON } from '../../core/strategies.ts';
import type { ScenarioSpec } from '../spec.ts';
import type { ScenarioFile } from './schema.ts';

const DEFAULTS: Record<string, object> = {
  dstReconciliation: DST_RECONCILIATION_DEFAULTS,
  publish: PUBLISH_DEFAULTS,
  postCommit: POST_COMMIT_DEFAULTS,
  adminEdits: ADMIN_EDITS_DEFAULTS,
  staleReads: STALE_READS_DEFAULTS,
  rateLimits: RATE_LIMITS_DEFAULTS,
};

const show = (value: unknown) => JSON.stringify(value);

/** Each pressure that is on: the fields it takes from the mock's defaults. */
function pressureNotes(file: ScenarioFile, spec: ScenarioSpec): string[] {
  const notes: string[] = [];
  const given = file.pressures as Record<string, object | null | undefined>;
  const resolved = spec.pressures as unknown as Record<string, object | null | undefined>;
  for (const [name, defaults] of Object.entries(DEFAULTS)) {
    const config = resolved[name];
    if (!config) {
      if (given[name] === undefined && name !== 'dstReconciliation') notes.push(`defaulted: pressures.${name}: off`);
      continue;
    }
    if (given[name] === undefined) notes.push(`defaulted: pressures.${name}: on (absent from the file)`);
    const taken = Object.entries(defaults).filter(([field]) => !(field in config));
    if (taken.length > 0)
      notes.push(
        `defaulted: pressures.${name}: ${taken.map(([field, value]) => `${field} ${show(value)}`).join(', ')}`,
      );
  }
  return notes;
}

function worldNotes(file: ScenarioFile): string[] {
  return file.world.businessUnits.flatMap((bu, b) =>
    bu.managementUnits.flatMap((mu, m) => {
      const at = `world.businessUnits[${b}].managementUnits[${m}]`;
      const missing = [
        ...(mu.skillProfiles ? [] : ['skillProfiles [["Support"]]']),
        ...(mu.languageProfiles ? [] : ['languageProfiles [["English"]]']),
      ];
      const trading = Object.keys(DEFAULT_SHIFT_TRADING).filter((field) => !(field in (mu.shiftTrading ?? {})));
      return [
        ...(missing.length > 0 ? [`defaulted: ${at} (${mu.name}): ${missing.join(', ')}`] : []),
        ...(trading.length === Object.keys(DEFAULT_SHIFT_TRADING).length
          ? [`defaulted: ${at}.shiftTrading: every field (docs/mock-server.md "Choices")`]
          : trading.length > 0
            ? [`defaulted: ${at}.shiftTrading: ${trading.join(', ')}`]
            : []),
      ];
    }),
  );
}

export function resolutionNotes(file: ScenarioFile, spec: ScenarioSpec): string[] {
  const units = file.world.businessUnits.flatMap((bu) => bu.managementUnits.map((mu) => mu.name));
  const publish = file.pressures.publish;
  return [
    ...(file.clock.relativeTo
      ? [`resolved: clock.relativeTo ${show(file.clock.relativeTo)} → clock.startUtc ${spec.clock.startUtc}`]
      : []),
    ...(file.trades?.managementUnit !== undefined
      ? [
          `resolved: trades.managementUnit (the older spelling) → trades.managementUnits ${show([file.trades.managementUnit])}`,
        ]
      : []),
    ...(spec.trades.managementUnits === undefined
      ? [`defaulted: trades.managementUnits: every unit of the world (${units.join(', ')})`]
      : []),
    ...(publish?.at !== undefined
      ? [
          `resolved: pressures.publish.at ${publish.at}${publish.zone ? ` ${publish.zone}` : ''} → ` +
            `${show(spec.pressures.publish)}`,
        ]
      : []),
    ...pressureNotes(file, spec),
    ...(file.load.clients === undefined ? ['defaulted: load.clients: 1 (one OAuth client, one token)'] : []),
    ...(file.load.stages === undefined
      ? []
      : ['ignored: load.tradesPerSecond after the first stage: the stages set the rate']),
    ...(file.tradeMix === undefined ? ['defaulted: tradeMix: every trade a swap'] : []),
    ...(file.strategies === undefined ? [`defaulted: strategies: ${DEFAULT_COMPARISON.join(', ')}`] : []),
    ...(file.faults === undefined ? ['defaulted: faults: none'] : []),
    ...worldNotes(file),
    'ignored by sim: clock.speed (virtual time is world time), load.preAllocatedVUs, thresholds (k6 only)',
  ];
}
