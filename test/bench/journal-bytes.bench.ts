/**
 * `npm run bench:journal`: the request journal is bounded in bytes, not only in entries (issue 21 item 5).
 * A mock (`wfm-harness serve`, its own process, OAuth clients configured) takes 60,000 unauthenticated
 * creates, each with a 15 KB legacy-id header, over 8 keep-alive sockets; its RSS (VmRSS from /proc, and
 * the peak VmHWM) is read after a warm-up of 2,000 such requests and at the end. Target: it grows by
 * less than 100 MB. Before the bound it went from 204 MB to 1.1 GB. Then the same again with a token
 * (each answered 400, journaled with its legacy id cut to 256 bytes): the same target. Not a test: prints
 * numbers, exits 1 when a target is missed. Options: --requests N (default 60000), --header-bytes N
 * (default 15360).
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { flag, printLine } from './bench-cli.ts';
import { RealClient } from '../server/support/real-http.ts';
import { LEGACY_ID_HEADER } from '../../src/contract/wire.ts';

const REQUESTS = flag('requests', 60_000);
const HEADER_BYTES = flag('header-bytes', 15 * 1024);
const WARMUP = 2_000;
const SOCKETS = 8;
const TARGET_GROWTH_MB = 100;
const BIN = fileURLToPath(new URL('../../bin/wfm-harness.js', import.meta.url));
const line = (label: string, value: string): void => printLine(label, value, 24);

/** The child's resident and peak resident memory, MB. */
function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

async function startMock(dir: string): Promise<{ pid: number; baseUrl: string; stop: () => void }> {
  const config = join(dir, 'mock.json');
  writeFileSync(config, JSON.stringify({ clients: [{ clientId: 'admin', clientSecret: 'a', harnessAdmin: true }] }));
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--quiet', '--config', config], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
      if (found?.[1]) resolve(found[1]);
    });
    child.on('close', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
  return { pid: child.pid as number, baseUrl, stop: () => child.kill('SIGKILL') };
}

async function send(
  client: RealClient,
  path: string,
  count: number,
  legacyId: string,
  extra: Record<string, string>,
): Promise<Record<number, number>> {
  const statuses: Record<number, number> = {};
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      const res = await client.send('POST', path, {
        headers: { ...extra, 'content-type': 'application/json', [LEGACY_ID_HEADER]: legacyId },
        body: '{}',
      });
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: SOCKETS }, worker));
  return statuses;
}

const dir = mkdtempSync(join(tmpdir(), 'wfm-journal-bench-'));
const mock = await startMock(dir);
const client = new RealClient(mock.baseUrl, SOCKETS);
try {
  const path = '/api/v2/workforcemanagement/managementunits/mu/weeks/2027-03-22/shifttrades';
  const legacyId = `swap-${'x'.repeat(HEADER_BYTES - 5)}`;
  line('requests', `${REQUESTS} POST creates, ${HEADER_BYTES}-byte ${LEGACY_ID_HEADER}, ${SOCKETS} sockets`);
  const token = await adminToken(client);
  let met = true;
  for (const [label, headers] of [
    ['unauthenticated', {}],
    ['with a token', { authorization: `Bearer ${token}` }],
  ] as const) {
    await send(client, path, WARMUP, legacyId, headers);
    const before = memoryOf(mock.pid);
    const started = performance.now();
    const statuses = await send(client, path, REQUESTS, legacyId, headers);
    const seconds = (performance.now() - started) / 1000;
    const after = memoryOf(mock.pid);
    const growth = after.rssMb - before.rssMb;
    met &&= growth < TARGET_GROWTH_MB;
    line(
      label,
      `${JSON.stringify(statuses)} in ${seconds.toFixed(1)} s; RSS ${before.rssMb.toFixed(0)} → ${after.rssMb.toFixed(0)} MB ` +
        `(peak ${after.peakMb.toFixed(0)} MB): grew ${growth.toFixed(0)} MB (target < ${TARGET_GROWTH_MB} MB)`,
    );
  }
  const stats = await client.send('GET', '/__harness/stats', { headers: { authorization: `Bearer ${token}` } });
  const sizes = JSON.parse(stats.text) as Record<string, unknown>;
  line('journal', `${String(sizes['journalEntries'])} entries held`);
  line('targets', met ? 'met' : 'MISSED');
  if (!met) process.exitCode = 1;
} finally {
  client.close();
  mock.stop();
  rmSync(dir, { recursive: true, force: true });
}

async function adminToken(c: RealClient): Promise<string> {
  const res = await c.send('POST', '/oauth/token', {
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from('admin:a').toString('base64')}`,
    },
    body: 'grant_type=client_credentials',
  });
  return (JSON.parse(res.text) as { access_token: string }).access_token;
}
