/**
 * k6 entry of `npm run bench:k6` (test/bench/k6.bench.ts), not a scenario: each VU owns one planned
 * swap and loops create → patch → match on it as fast as it can (the shifts change hands, so the next
 * loop trades them back), so the figure is the trade WRITE requests per second one k6 process sustains
 * against the mock. Swaps come from PLANS (a JSON file the bench writes); BASE_URL, VUS, DURATION.
 */
import http from 'k6/http';
import exec from 'k6/execution';
import encoding from 'k6/encoding';
import { Counter } from 'k6/metrics';
import type { Options } from 'k6/options';
import type { TradePlan } from '../src/core/trade-plan.ts';

const plans = JSON.parse(open(__ENV['PLANS'] ?? '')) as TradePlan[];
const baseUrl = __ENV['BASE_URL'] ?? '';
const writes = new Counter('bench_writes');
const refused = new Counter('bench_writes_refused');

export const options: Options = {
  scenarios: {
    writes: { executor: 'constant-vus', vus: Number(__ENV['VUS'] ?? '100'), duration: __ENV['DURATION'] ?? '20s' },
  },
  setupTimeout: '30s',
  summaryTrendStats: ['avg', 'med', 'p(95)', 'p(99)', 'max'],
};

export function setup(): { token: string } {
  const login = http.post(
    `${baseUrl}/oauth/token`,
    { grant_type: 'client_credentials' },
    { headers: { authorization: `Basic ${encoding.b64encode('bench:secret')}` } },
  );
  return { token: (login.json() as { access_token: string }).access_token };
}

/** This VU's swap and who holds which shift now (module scope is per VU). */
const mine: { shifts?: string[]; receiver?: string } = {};

function write(
  method: 'POST' | 'PATCH',
  url: string,
  body: unknown,
  token: string,
): { status: number; json: () => unknown } {
  const res = http.request(method, url, JSON.stringify(body), {
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  });
  writes.add(1);
  if (res.status !== 200) refused.add(1);
  return { status: res.status, json: () => res.json() };
}

export default function (data: { token: string }): void {
  const plan = plans[(exec.vu.idInTest - 1) % plans.length] as TradePlan;
  mine.shifts ??= [plan.initiatingShiftId, plan.receivingShiftId];
  mine.receiver ??= plan.receivingUserId;
  const base = `${baseUrl}/api/v2/workforcemanagement/managementunits/${plan.managementUnitId}/weeks/${plan.weekDate}/shifttrades`;
  const created = write('POST', base, { scheduleId: plan.scheduleId, initiatingShiftId: mine.shifts[0] }, data.token);
  if (created.status !== 200) return;
  const trade = created.json() as { id: string; metadata: { version: number } };
  const patched = write(
    'PATCH',
    `${base}/${trade.id}`,
    { receivingUserId: { value: mine.receiver }, metadata: { version: trade.metadata.version } },
    data.token,
  );
  if (patched.status !== 200) return;
  const version = (patched.json() as { metadata: { version: number } }).metadata.version;
  const matched = write(
    'POST',
    `${base}/${trade.id}/match`,
    { receivingScheduleId: plan.scheduleId, receivingShiftId: mine.shifts[1], metadata: { version } },
    data.token,
  );
  if (matched.status === 200) mine.shifts.reverse();
}

export function handleSummary(summary: unknown): Record<string, string> {
  return { [__ENV['SUMMARY_PATH'] ?? 'summary.json']: JSON.stringify(summary) };
}
