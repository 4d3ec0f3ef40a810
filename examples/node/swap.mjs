#!/usr/bin/env node
// A shift-trade client in Node (fetch, no packages), to run under `wfm-harness observe` (docs/observe.md).
// It reads the WFM_* variables, gets one token, and applies the swaps of WFM_PLAN_FILE in two passes: post
// every offer, four at a time (a create refused by a lock is tried again after a pause), then accept each
// with the version its create answered, re-reading it after a 409. A 429 pauses every worker
// until its Retry-After is over: they share the token, so they share its limit. Every wait is world time
// divided by WFM_SPEED, so observe may run it faster than real time.
//
// PLANTED MISTAKE (the report names it under "Orphans"): the second pass runs in `forEach(async …)`, which
// does not wait, and the script then exits: the offers it posted are never accepted and stay open
// (Unmatched) on the server, holding their shifts. Fix: `await Promise.all(trades.map(accept))` (or a
// for…of with await) before exiting; and if you give a trade up, cancel it (state/bulk, Canceled).
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const BASE = process.env.WFM_BASE_URL;
const SPEED = Number(process.env.WFM_SPEED ?? '1');
const WFM = '/api/v2/workforcemanagement';
const WORKERS = 4;
const ATTEMPTS = 8;

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
    if (response.status === 429) {
      pausedUntilS = Math.max(pausedUntilS, worldNowS() + Number(response.headers.get('retry-after') ?? '1'));
      await response.arrayBuffer();
      continue;
    }
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }
  return { status: 429, body: undefined };
}

const weekOf = (swap) => `${WFM}/managementunits/${swap.managementUnitId}/weeks/${swap.weekDate}/shifttrades`;

async function offer(swap) {
  for (let i = 0; i < ATTEMPTS; i++) {
    const created = await call(
      'POST',
      weekOf(swap),
      { scheduleId: swap.scheduleId, initiatingShiftId: swap.initiatorShiftId, receivingUserId: swap.counterAgentId },
      { 'x-harness-legacy-id': swap.legacyId },
    );
    if (created.status === 200) return created.body;
    if (created.status !== 409) break;
    await waitWorld(0.3 * (i + 1));
  }
  return undefined;
}

async function accept({ swap, trade }) {
  let version = trade.metadata.version;
  const agentTrades = `${WFM}/managementunits/${swap.managementUnitId}/agents/${swap.initiatorAgentId}/shifttrades`;
  for (let i = 0; i < ATTEMPTS; i++) {
    const matched = await call('POST', `${weekOf(swap)}/${trade.id}/match`, {
      receivingScheduleId: swap.scheduleId,
      receivingShiftId: swap.counterShiftId,
      metadata: { version },
    });
    if (matched.status !== 409) return console.log(`${swap.legacyId}: match answered ${matched.status}`);
    await waitWorld(0.3 * (i + 1));
    const listed = await call('GET', agentTrades);
    version = (listed.body?.entities ?? []).find((t) => t.id === trade.id)?.metadata.version ?? version;
  }
}

/** Run `work` over `items`, WORKERS at a time, and collect what it returns. */
async function pool(items, work) {
  const results = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      while (next < items.length) {
        const item = items[next++];
        results.push(await work(item));
      }
    }),
  );
  return results;
}

const swaps = JSON.parse(readFileSync(process.env.WFM_PLAN_FILE, 'utf8'));
const offered = (await pool(swaps, async (swap) => ({ swap, trade: await offer(swap) }))).filter((o) => o.trade);
console.log(`${offered.length} of ${swaps.length} offers posted; accepting them`);
// PLANTED MISTAKE: forEach does not wait for an async callback, and the exit below cuts every accept short.
offered.forEach(async (o) => accept(o));
console.log('done');
process.exit(0);
