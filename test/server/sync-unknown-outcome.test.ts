/**
 * Unknown stays unknown (issue 21 item 2), end to end: `sync` against a real mock behind a proxy that plays
 * the sequence. The create lands and its answer is lost; the read before the retry lags (no trade
 * yet); the re-create is refused `400 wfm.shift.trade.shift.already.in.trade` (by our own first create),
 * and right after that answer the server goes down. sync used to journal that as `failed: 400 …`, which an
 * operator could act on by cancelling their own trade. Now the journal says `unknown`, the table and the
 * summary `outcome unknown`, the exit code is 3; once the server is back, the same command resolves it.
 * The proxy keeps the mock's state across the outage (a real service keeps its trades when it restarts;
 * a killed in-process mock would lose them and prove nothing).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildServer } from '../../mock-server/http/server.ts';
import { dstParis } from '../../src/scenario/file/catalogue.ts';
import { mockFromScenario } from '../../src/world/mock-from-scenario.ts';
import { runSyncCommand } from '../../src/cli/sync-command.ts';
import { formatSwaps, plannedSwaps } from '../../src/cli/plan-command.ts';
import { parseJournal } from '../../src/core/journal.ts';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const dir = mkdtempSync(join(tmpdir(), 'wfm-sync-unknown-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** What the proxy does with one request: pass it, lose its answer, answer from a lagging replica, or go down after it. */
type Act = 'pass' | 'lose-answer' | 'lagging-read' | 'down-after';

/** A proxy in front of the mock that acts on creates and lookups as scripted, and can be stopped and started on one port. */
class ScriptedProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;
  /** Acts for the next creates and the next trade lookups, in order; 'pass' once a list is empty. */
  creates: Act[] = [];
  lookups: Act[] = [];

  constructor(private readonly targetPort: number) {}

  async start(): Promise<void> {
    const server = createServer((req, res) => this.forward(req, res));
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((ok) => server.listen(this.port, '127.0.0.1', ok));
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  /** Down: nothing listens, every open connection is cut (the client sees refused connections). */
  stop(): void {
    this.server?.close();
    for (const socket of this.sockets) socket.destroy();
    this.server = undefined;
  }

  private forward(req: IncomingMessage, res: ServerResponse): void {
    const path = req.url ?? '/';
    const isCreate = req.method === 'POST' && /\/weeks\/[^/]+\/shifttrades$/.test(path);
    const isLookup = req.method === 'GET' && /\/agents\/[^/]+\/shifttrades$/.test(path);
    const act = (isCreate ? this.creates.shift() : isLookup ? this.lookups.shift() : undefined) ?? 'pass';
    const upstream = request(
      { host: '127.0.0.1', port: this.targetPort, method: req.method, path, headers: req.headers },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          if (act === 'lose-answer') return void req.socket.destroy();
          const body = act === 'lagging-read' ? Buffer.from('{"entities":[]}') : Buffer.concat(chunks);
          const headers = { ...answer.headers, 'content-length': String(body.length), connection: 'close' };
          res.writeHead(answer.statusCode ?? 502, headers).end(body, () => {
            if (act === 'down-after') this.stop();
          });
        });
      },
    );
    req.pipe(upstream);
  }
}

function sink() {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: {
      stdout: { write: (t: string) => (out.stdout += t) },
      stderr: { write: (t: string) => (out.stderr += t) },
      env: {},
    },
  };
}

test(
  'a lost create, then a refusal our own create explains, then the server down: outcome unknown, exit 3; resolved on resume',
  { timeout: 60_000 },
  async () => {
    const { app, harness } = await buildServer({ ...mockFromScenario(dstParis, 5), seed: 5, quiet: true });
    await app.listen({ host: '127.0.0.1', port: 0 });
    harness.clock.set(harness.clock.nowMs(), 1); // the planned shift stays in the future for the whole test
    const proxy = new ScriptedProxy((app.server.address() as { port: number }).port);
    await proxy.start();
    try {
      const [swap] = plannedSwaps('dst-paris', 5, 1);
      assert.ok(swap);
      const input = join(dir, 'swaps.json');
      writeFileSync(input, formatSwaps([swap], 'json'));
      const options = {
        input,
        baseUrl: `http://127.0.0.1:${proxy.port}`,
        clientId: 'mig',
        clientSecret: 'pw',
        // Short waits: the reads after the refusal wait at least 500 world ms each (workflow.ts), 3 of them.
        strategy: 'full-jitter:base=20ms,cap=100ms,attempts=3,refetch',
        concurrency: 1,
        seed: 3,
      };
      proxy.creates = ['lose-answer', 'down-after'];
      proxy.lookups = ['lagging-read'];

      const first = sink();
      const code = await runSyncCommand(ROOT, options, first.io);
      assert.equal(code, 3, first.out.stderr + first.out.stdout);
      const journalPath = `${input}.journal.jsonl`;
      const lastEntry = parseJournal(readFileSync(journalPath, 'utf8')).entries.at(-1);
      assert.equal(lastEntry?.state, 'unknown', 'journaled unknown, not failed');
      assert.match(
        lastEntry?.reason ?? '',
        /^outcome unknown: refused \(invalid: 400 wfm\.shift\.trade\.shift\.already\.in\.trade: /,
      );
      const summary = JSON.parse(readFileSync(`${input}.journal.summary.json`, 'utf8'));
      assert.equal(summary.counts['outcome unknown'], 1);
      assert.equal(summary.counts.failed, 0);
      assert.match(first.out.stdout, /outcome unknown/);
      assert.match(first.out.stderr, /1 trade with an unknown outcome .*act on none of them/);
      // Server truth at that moment: the trade is there, ours, Unmatched.
      const ours = () => harness.store.report().tradesPerLegacyId[swap.legacyId];
      assert.equal(ours(), 1, 'our first create landed');

      await proxy.start(); // the server is back, same address, same trades
      const second = sink();
      assert.equal(await runSyncCommand(ROOT, options, second.io), 0, second.out.stderr + second.out.stdout);
      assert.match(second.out.stdout, /1 trades: 1 applied/);
      assert.equal(ours(), 1, 'resolved by adopting our trade: never created twice');
      assert.equal(harness.store.report().tradesByState['Approved'], 1);
      const creates = harness.journal.entries().filter((e) => e.method === 'POST' && /shifttrades$/.test(e.route));
      assert.ok(creates.every((e) => e.legacyId === swap.legacyId));
      assert.equal(creates.length, 2, 'the lost create and the refused one; the resume created nothing');
    } finally {
      proxy.stop();
      await app.close();
    }
  },
);
