/**
 * k6's web dashboard, exported per strategy into the report directory (compare --dashboard). k6 writes
 * the HTML export at the end of the run; its server listens meanwhile, so it gets a free port on
 * 127.0.0.1 (its default listens on every interface, and two strategies' runs must not share a file).
 */
import { createServer } from 'node:net';
import { join } from 'node:path';

/** A port free on 127.0.0.1 now (the OS picks it; k6 binds it a moment later). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export function dashboardPath(dir: string, strategy: string): string {
  return join(dir, `dashboard-${strategy}.html`);
}

/**
 * The dashboard aggregates one snapshot per period (k6's default 10 s) and skips its export when a run
 * has too few ("the test run was short"): about 30 snapshots per run, one per real second at least.
 */
export function dashboardPeriodS(realDurationS: number): number {
  return Math.min(10, Math.max(1, Math.round(realDurationS / 30)));
}

export async function dashboardEnv(
  dir: string,
  strategy: string,
  realDurationS: number,
): Promise<Record<string, string>> {
  return {
    K6_WEB_DASHBOARD_PERIOD: `${dashboardPeriodS(realDurationS)}s`,
    K6_WEB_DASHBOARD: 'true',
    K6_WEB_DASHBOARD_EXPORT: dashboardPath(dir, strategy),
    K6_WEB_DASHBOARD_HOST: '127.0.0.1',
    K6_WEB_DASHBOARD_PORT: String(await freePort()),
  };
}
