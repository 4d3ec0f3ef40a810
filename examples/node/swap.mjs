#!/usr/bin/env node
// A shift-trade client in Node (fetch, no packages), to run under `wfm-harness observe` (docs/observe.md).
// It reads the WFM_* variables, gets one token, and applies the swaps of WFM_PLAN_FILE four at a time:
// create the trade (a create refused by a lock is tried again after a pause), then match it with its
// metadata.version. A 429 pauses every worker until its Retry-After is over (they share the token, so
// they share its limit). Every wait is world time divided by WFM_SPEED, so observe may run it faster.
//
// PLANTED MISTAKE (the report names it under "Orphans"): it walks away from a trade it created — at a 409 on
// the match ("someone else took that shift"), or when the swap's 2-second budget is spent waiting — without
// cancelling it, so the trade stays open (Unmatched) on the server, holding its shift.
// Fix: re-read the version and retry the match; if you do give up, cancel the trade (state/bulk, Canceled).
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const BASE = process.env.WFM_BASE_URL;
const SPEED = Number(process.env.WFM_SPEED ?? '1');
const WFM = '/api/v2/workforcemanagement';
const WORKERS = 4;
const ATTEMPTS = 8;
/** World seconds one swap may take before the batch moves on ("don't let one slow swap hold up the rest"). */
const BUDGET_S = 2;

const worldNowS = () => (performance.now() * SPEED) / 1000;
const waitWorld = (seconds) => new Promise((resolve) => setTimeout(resolve, Math.max(0, (seconds * 1000) / SPEED)));

async function login() {
  const basic = Buffer.from(`${process.env.WFM_CLIENT_ID}:${process.env.WFM_CLIENT_SECRET}`).toString('base64');
  const response = await fetch(`${BASE}/oauth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  return (await response.json()).access_token;
}

const token = await login();
/** World second until which every worker holds its requests: the latest Retry-After the token was given. */
let pausedUntilS = 0;

/** One request, after any pause the token is under; a 429 pauses every worker as its Retry-After says. */
async function call(method, path, body, headers = {}) {
  for (let i = 0; i < ATTEMPTS; i++) {
    // A loop, not one wait: another worker's 429 may move the pause on while this one sleeps.
    while (worldNowS() < pausedUntilS) await waitWorld(pausedUntilS - worldNowS());
    const response = await fetch(`${BASE}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status === 429) {
      pausedUntilS = Math.max(pausedUntilS, worldNowS() + Number(response.headers.get('retry-after') ?? '1'));
      continue;
    }
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }
  return { status: 429, body: undefined };
}

async function swapOne(swap) {
  const spentS = () => worldNowS() - startedS;
  const startedS = worldNowS();
  const week = `${WFM}/managementunits/${swap.managementUnitId}/weeks/${swap.weekDate}/shifttrades`;
  let created;
  for (let i = 0; i < ATTEMPTS; i++) {
    created = await call(
      'POST',
      week,
      { scheduleId: swap.scheduleId, initiatingShiftId: swap.initiatorShiftId, receivingUserId: swap.counterAgentId },
      { 'x-harness-legacy-id': swap.legacyId },
    );
    if (created.status !== 409 || spentS() > BUDGET_S) break;
    await waitWorld(0.3 * (i + 1));
  }
  if (created.status !== 200) return `create answered ${created.status}`;
  const trade = created.body;
  // PLANTED MISTAKE: out of budget, the trade created above is left open.
  if (spentS() > BUDGET_S) return `over its ${BUDGET_S} s budget, skipped`;
  const matched = await call('POST', `${week}/${trade.id}/match`, {
    receivingScheduleId: swap.scheduleId,
    receivingShiftId: swap.counterShiftId,
    metadata: { version: trade.metadata.version },
  });
  // PLANTED MISTAKE: a 409 here ends the swap, and the trade stays open.
  if (matched.status === 409) return 'taken by someone else, skipped';
  return matched.status === 200 ? matched.body.trade.state : `match answered ${matched.status}`;
}

const swaps = JSON.parse(readFileSync(process.env.WFM_PLAN_FILE, 'utf8'));
let next = 0;
await Promise.all(
  Array.from({ length: WORKERS }, async () => {
    while (next < swaps.length) {
      const swap = swaps[next++];
      console.log(`${swap.legacyId}: ${await swapOne(swap)}`);
    }
  }),
);
