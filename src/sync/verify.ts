/**
 * Before a resumed sync sends anything it checks that its journal belongs to this server:
 * 1. the fingerprint the first run recorded next to the journal (`<journal>.server.json`: the base URL
 *    and the business unit ids GET /businessunits answers — a real org's ids, or the seeded world's ids
 *    of the mock) must match this server's;
 * 2. every trade the journal calls applied must be on the server, Approved, read in batches (one read of
 *    the initiating agent's trade list serves every journaled trade of that agent).
 * A mismatch is an error naming the count; sync then sends nothing and exits 2 (its inputs disagree).
 * A mock restarted with the same seed has the same business units but none of the trades: check 2
 * catches it. Base URL and ids are a choice of this tool (Genesys exposes no org id to a WFM client).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { INPUT_CAPS_BYTES, readInputText } from '../input/bounded-read.ts';
import { classify } from '../core/classify.ts';
import type { Dialect } from '../core/dialects/dialect.ts';
import type { JournalEntry } from '../core/journal.ts';
import type { Transport } from '../core/ports.ts';
import type { TradePlan } from '../core/trade-plan.ts';

export interface ServerFingerprint {
  baseUrl: string;
  businessUnitIds: string[];
}

/** Reads of agent trade lists in flight at once while verifying (count). */
const VERIFY_CONCURRENCY = 4;
/** Legacy ids named in a mismatch message (count); the total is always given. */
const NAMED_MAX = 5;

export class JournalMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JournalMismatchError';
  }
}

export function fingerprintPathOf(journalPath: string): string {
  return `${journalPath}.server.json`;
}

function normalizedBaseUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

export async function serverFingerprint(transport: Transport, baseUrl: string): Promise<ServerFingerprint> {
  const response = await transport.request({ method: 'GET', path: '/api/v2/workforcemanagement/businessunits' });
  if (classify(response) !== 'ok')
    throw new Error(
      `GET /businessunits answered ${response.status || 'nothing'}: cannot tell which server this is; nothing was sent`,
    );
  const entities = ((response.body ?? {}) as { entities?: Array<{ id?: unknown }> }).entities ?? [];
  const ids = entities
    .map((e) => e.id)
    .filter((id): id is string => typeof id === 'string')
    .sort();
  return { baseUrl: normalizedBaseUrl(baseUrl), businessUnitIds: ids };
}

/** Compare with the recorded fingerprint (recording it when there is none yet). */
export function checkFingerprint(journalPath: string, current: ServerFingerprint, journalEntries: number): void {
  const path = fingerprintPathOf(journalPath);
  if (!existsSync(path)) {
    writeFileSync(path, `${JSON.stringify(current, null, 2)}\n`);
    return;
  }
  const recorded = JSON.parse(readInputText(path, INPUT_CAPS_BYTES.small)) as ServerFingerprint;
  const sameUnits = JSON.stringify([...recorded.businessUnitIds].sort()) === JSON.stringify(current.businessUnitIds);
  if (recorded.baseUrl === current.baseUrl && sameUnits) return;
  const what =
    recorded.baseUrl !== current.baseUrl
      ? `base URL ${recorded.baseUrl}`
      : `business units ${recorded.businessUnitIds.join(', ')}`;
  throw new JournalMismatchError(
    `journal ${journalPath} (${journalEntries} entries) was written ` +
      (`against ${what}, not this server (${current.baseUrl}, business ` +
        `units ${current.businessUnitIds.join(', ') || 'none'}); nothing was sent. Use the server it belongs to, or a new --journal`),
  );
}

/** Journaled applied trades the server does not have Approved: their legacy ids, or throws when a read fails. */
export async function missingApplied(
  transport: Transport,
  dialect: Dialect,
  plans: readonly TradePlan[],
  applied: ReadonlyMap<string, JournalEntry>,
): Promise<string[]> {
  const batches = new Map<string, { request: ReturnType<Dialect['lookupRequest']>; plans: TradePlan[] }>();
  for (const plan of plans) {
    if (applied.get(plan.legacyId)?.tradeId === undefined) continue;
    const request = dialect.lookupRequest(plan);
    const key = `${request.method} ${request.path} ${JSON.stringify(request.body ?? null)}`;
    const batch = batches.get(key);
    if (batch) batch.plans.push(plan);
    else batches.set(key, { request, plans: [plan] });
  }
  const missing: string[] = [];
  const queue = [...batches.values()];
  const worker = async (): Promise<void> => {
    for (let batch = queue.shift(); batch; batch = queue.shift()) {
      const response = await transport.request(batch.request);
      if (classify(response) !== 'ok')
        throw new Error(
          `checking the journal's applied ` +
            `trades: ${batch.request.method} ${batch.request.path} answered ${response.status || 'nothing'}; nothing was sent`,
        );
      for (const plan of batch.plans) {
        const found = dialect.findTrade(response, plan, applied.get(plan.legacyId)?.tradeId);
        if (found?.state !== 'Approved') missing.push(plan.legacyId);
      }
    }
  };
  await Promise.all(Array.from({ length: VERIFY_CONCURRENCY }, worker));
  return missing.sort();
}

export function missingMessage(
  journalPath: string,
  baseUrl: string,
  missing: readonly string[],
  applied: number,
): string {
  const named =
    missing.slice(0, NAMED_MAX).join(', ') +
    (missing.length > NAMED_MAX ? `, … (${missing.length - NAMED_MAX} more)` : '');
  return (
    `journal ${journalPath} says ${applied} trades are applied, ` +
    (`but ${missing.length} of them are not on the server at ${baseUrl} (${named}): the journal belongs to ` +
      (`another server, or the server lost them (a restarted mock starts empty); nothing was sent. Use the server ` +
        `it belongs to, or a new --journal to apply them again`))
  );
}
