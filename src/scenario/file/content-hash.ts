/**
 * What a baseline entry is keyed by: a hash of the scenario a run actually met (world, trades, clock,
 * network, pressures, load, trade mix, faults, after every command-line override), so a changed file or
 * load never finds the numbers of another run; and a file's own bytes, so `baseline update` can tell
 * that a scenario file changed since it was recorded. Node only (node:crypto).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FaultConfig } from '../../../mock-server/api/faults.ts';
import type { ScenarioSpec } from '../spec.ts';

/** JSON with object keys sorted at every level: the same content always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/** The first 16 hex digits of the SHA-256 of the canonical JSON: short enough to read, long enough to key on. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 16);
}

/**
 * The resolved scenario's hash. Left out: the name (keyed on beside the hash), the description, the
 * default strategies (each is its own row of an entry), the k6 thresholds (they judge numbers, they do
 * not move them) and the clock's speed (a runtime knob: no number may depend on it, docs/time.md).
 */
export function scenarioHash(spec: ScenarioSpec, faults: FaultConfig | undefined): string {
  return contentHash({
    world: spec.world,
    trades: spec.trades,
    clockStartUtc: spec.clock.startUtc,
    network: spec.network,
    pressures: spec.pressures,
    load: spec.load,
    tradeMix: spec.tradeMix,
    faults,
  });
}

/** The SHA-256 of a file's bytes (full length: it is compared, never read by a person). */
export function fileSha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}
