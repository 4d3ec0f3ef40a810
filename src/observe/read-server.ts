/**
 * Read a running mock's truth through its control API (docs/observe.md "report --from-server"): the run,
 * the request journal, the trades, the trade audit and its summary, and the world's shifts, each page
 * validated (truth.ts). With OAuth clients configured the control routes need a harness admin: give its
 * credentials. `observe` reads its own mock the same way, so both report the same numbers for one run.
 * Bounded: every paged read stops after MAX_PAGES pages (the journal and the audit keep 50,000 entries).
 */
import { z } from 'zod';
import { auditRow, auditSummary, journalRow, runView, tradeRow } from './truth.ts';
import type { AuditRow, JournalRow, ServerTruth, ShiftPlace, TradeRow, WorldView } from './truth.ts';

/** Pages one paged read takes at most (count): the stores it pages hold at most 50,000 entries (50 pages). */
export const MAX_PAGES = 200;
const PAGE = 1_000;

export class ServerReadError extends Error {}

export interface ReadOptions {
  baseUrl: string;
  /** A harness admin's credentials (needed once the server has OAuth clients configured). */
  clientId?: string;
  clientSecret?: string;
  /** Real ms one request may take. */
  timeoutMs?: number;
}

async function login(options: ReadOptions): Promise<string | undefined> {
  if (options.clientId === undefined || options.clientSecret === undefined) return undefined;
  const response = await fetch(new URL('/oauth/token', options.baseUrl), {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${options.clientId}:${options.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
    signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
  });
  if (response.status !== 200)
    throw new ServerReadError(`${options.baseUrl}: login as ${options.clientId} answered ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

function reader(options: ReadOptions, token: string | undefined) {
  return async <T>(path: string, schema: z.ZodType<T>): Promise<T> => {
    let response: Response;
    try {
      response = await fetch(new URL(path, options.baseUrl), {
        headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
    } catch (error) {
      throw new ServerReadError(`${options.baseUrl}: cannot read ${path}: ${(error as Error).message}`);
    }
    const body = (await response.json().catch(() => undefined)) as { message?: string } | undefined;
    if (response.status === 401 || response.status === 403)
      throw new ServerReadError(
        `${options.baseUrl}${path} answered ${response.status}: the control API needs a harness admin's credentials ` +
          `(--client-id and --client-secret of a client with harnessAdmin: true)`,
      );
    if (response.status !== 200)
      throw new ServerReadError(`${options.baseUrl}${path} answered ${response.status}: ${body?.message ?? ''}`);
    const parsed = schema.safeParse(body);
    if (!parsed.success)
      throw new ServerReadError(
        `${options.baseUrl}${path}: not what this wfm-harness reads (${parsed.error.issues[0]?.path.join('.')}: ` +
          `${parsed.error.issues[0]?.message}); is it a wfm-harness mock of the same version?`,
      );
    return parsed.data;
  };
}

type Get = ReturnType<typeof reader>;

async function pages<T>(
  what: string,
  first: () => Promise<{ items: T[]; next?: string }>,
  next: (cursor: string) => Promise<{ items: T[]; next?: string }>,
): Promise<T[]> {
  const all: T[] = [];
  let page = await first();
  for (let n = 1; ; n++) {
    all.push(...page.items);
    if (page.next === undefined) return all;
    if (n >= MAX_PAGES)
      throw new ServerReadError(`${what}: more than ${MAX_PAGES} pages; the server is not a bounded mock`);
    page = await next(page.next);
  }
}

const journalPage = z.object({ entries: z.array(journalRow), nextAfterSeq: z.number().int().optional() });
const tradesPage = z.object({ trades: z.array(tradeRow), nextAfter: z.string().optional() });
const auditPage = z.object({ entries: z.array(auditRow), nextCursor: z.number().int().optional() });
const worldShifts = z.object({
  businessUnits: z.array(z.object({ id: z.string(), name: z.string() })),
  managementUnits: z.array(
    z.object({ id: z.string(), name: z.string(), businessUnitId: z.string(), timeZone: z.string() }),
  ),
  schedules: z.array(z.object({ id: z.string(), businessUnitId: z.string(), weekDate: z.string() })),
  agents: z.array(
    z.object({
      id: z.string(),
      managementUnitId: z.string(),
      shifts: z.array(z.object({ id: z.string(), weekDate: z.string() })),
    }),
  ),
});

const asString = (n: number | undefined) => (n === undefined ? undefined : String(n));

function readJournal(get: Get): Promise<JournalRow[]> {
  const page = async (after: string | undefined) => {
    const p = await get(
      `/__harness/requests?limit=${PAGE}${after === undefined ? '' : `&after=${after}`}`,
      journalPage,
    );
    return { items: p.entries, ...(p.nextAfterSeq === undefined ? {} : { next: String(p.nextAfterSeq) }) };
  };
  return pages('the request journal', () => page(undefined), page);
}

function readTrades(get: Get): Promise<TradeRow[]> {
  const page = async (after: string | undefined) => {
    const p = await get(
      `/__harness/trades?limit=${PAGE}${after === undefined ? '' : `&after=${encodeURIComponent(after)}`}`,
      tradesPage,
    );
    return { items: p.trades, ...(p.nextAfter === undefined ? {} : { next: p.nextAfter }) };
  };
  return pages('the trades', () => page(undefined), page);
}

async function readTradeAudit(get: Get): Promise<AuditRow[]> {
  const page = async (cursor: string) => {
    const p = await get(`/__harness/audit?limit=${PAGE}&cursor=${cursor}`, auditPage);
    const next = asString(p.nextCursor);
    return { items: p.entries.filter((e) => e.entityType === 'trade'), ...(next === undefined ? {} : { next }) };
  };
  return pages('the audit', () => page('0'), page);
}

type WorldShifts = z.infer<typeof worldShifts>;

/** The units a report's header lists; traded: a unit whose agents the run's trades name. */
function worldView(world: WorldShifts, trades: readonly TradeRow[]): WorldView {
  const traded = new Set(trades.map((t) => t.managementUnitId));
  const buName = new Map(world.businessUnits.map((b) => [b.id, b.name]));
  const units = world.managementUnits.map((u) => ({
    businessUnit: buName.get(u.businessUnitId) ?? u.businessUnitId,
    name: u.name,
    timeZone: u.timeZone,
    agents: world.agents.filter((a) => a.managementUnitId === u.id).length,
    traded: traded.has(u.id),
  }));
  return { timeZone: (units.find((u) => u.traded) ?? units[0])?.timeZone ?? 'UTC', units };
}

/** Shift id → its owner and the schedule (business unit, week) it is in. */
function shiftPlaces(world: WorldShifts): Map<string, ShiftPlace> {
  const unitBu = new Map(world.managementUnits.map((u) => [u.id, u.businessUnitId]));
  const schedule = new Map(world.schedules.map((s) => [`${s.businessUnitId}|${s.weekDate}`, s.id]));
  const shifts = new Map<string, ShiftPlace>();
  for (const agent of world.agents) {
    const bu = unitBu.get(agent.managementUnitId);
    for (const shift of agent.shifts)
      shifts.set(shift.id, { agentId: agent.id, scheduleId: schedule.get(`${bu}|${shift.weekDate}`) });
  }
  return shifts;
}

/** Everything the report needs, read once the client has finished (a client still sending makes the pieces disagree). */
export async function readServerTruth(options: ReadOptions): Promise<ServerTruth> {
  let token: string | undefined;
  try {
    token = await login(options);
  } catch (error) {
    if (error instanceof ServerReadError) throw error;
    throw new ServerReadError(`${options.baseUrl}: cannot log in: ${(error as Error).message}`);
  }
  const get = reader(options, token);
  const run = await get('/__harness/run', runView);
  const journal = await readJournal(get);
  const trades = await readTrades(get);
  const tradeAudit = await readTradeAudit(get);
  const audit = await get('/__harness/audit?view=summary', auditSummary);
  const world = await get('/__harness/world', worldShifts);
  return {
    run,
    world: worldView(world, trades),
    journal,
    trades,
    tradeAudit,
    audit,
    shifts: shiftPlaces(world),
    ...(options.clientId === undefined ? {} : { readerClientId: options.clientId }),
  };
}
