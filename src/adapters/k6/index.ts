/**
 * k6 runtime adapters for the sync core. http.asyncRequest keeps the event loop free; sleeping uses a
 * setTimeout promise because k6's sleep() blocks promises. Metrics are created in the init context.
 *
 * Time (DESIGN "Time: one axis"): the core reads and waits WORLD ms. These adapters are the only place
 * that converts: the clock reads real ms x speed, a sleep of w world ms waits w / speed real ms, and a
 * request's timeout is world ms / speed. So a run at any speed covers the same world window.
 */
import http from 'k6/http';
import { Counter, Rate, Trend } from 'k6/metrics';
import type {
  Clock,
  ConflictKind,
  HttpRequest,
  HttpResponse,
  MetricsSink,
  Sleep,
  SyncEvent,
  Transport,
} from '../../core/ports.ts';
import { CONFLICT_KINDS, failedBy409 } from '../../core/ports.ts';
import { FAILURE_CAUSES, failureCauseMetricName } from '../../core/failure-cause.ts';
import type { FailureCause } from '../../core/failure-cause.ts';

/** wfm_conflicts_<kind>: k6 leaves tagged sub-metrics out of the summary, so each kind gets its own counter. */
export function conflictMetricName(kind: string): string {
  return `wfm_conflicts_${kind.replace(/-/g, '_')}`;
}

/** k6's error_code for a request that ran into its timeout (k6 docs "Error codes": 1050 request timeout). */
const K6_REQUEST_TIMEOUT_CODE = 1050;

/** A request that has had no answer after this long (world ms) is ambiguous (status 0). */
export const REQUEST_TIMEOUT_WORLD_MS = 30_000;

/** The core's clock and sleep in world time, at `speed` world ms per real ms. */
export function k6WorldTime(speed: number): { clock: Clock; sleep: Sleep } {
  if (!(speed > 0)) throw new Error(`speed must be > 0, got ${speed}`);
  return {
    clock: { nowMs: () => Date.now() * speed },
    sleep: (worldMs) => new Promise((resolve) => setTimeout(resolve, Math.max(0, worldMs) / speed)),
  };
}

export function k6Transport(baseUrl: string, token: string, tags: Record<string, string>, speed: number): Transport {
  const timeout = `${Math.max(1, Math.ceil(REQUEST_TIMEOUT_WORLD_MS / speed))}ms`;
  return {
    async request(req: HttpRequest): Promise<HttpResponse> {
      const headers: Record<string, string> = {
        accept: 'application/json',
        authorization: `Bearer ${token}`,
        ...req.headers,
      };
      if (req.body !== undefined) headers['content-type'] = 'application/json';
      const res = await http.asyncRequest(
        req.method,
        `${baseUrl}${req.path}`,
        req.body === undefined ? null : JSON.stringify(req.body),
        {
          headers,
          tags: { ...tags, name: req.method + ' ' + req.path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '{id}') },
          timeout,
          responseType: 'text',
        },
      );
      const responseHeaders: Record<string, string> = {};
      for (const name of Object.keys(res.headers)) responseHeaders[name.toLowerCase()] = String(res.headers[name]);
      const text = typeof res.body === 'string' ? res.body : '';
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      const response: HttpResponse = { status: res.status, headers: responseHeaders, body };
      // k6's error code 1050 is its request timeout; any other error without a status is a lost connection.
      if (res.status === 0) response.error = res.error_code === K6_REQUEST_TIMEOUT_CODE ? 'timeout' : 'closed';
      return response;
    },
  };
}

/** Custom metrics (init context only). Names follow DESIGN "Metrics"; every sample carries strategy. */
export function createK6Metrics() {
  return {
    requests: new Counter('wfm_requests'),
    /**
     * Requests that got no answer (status 0: k6's timeout, REQUEST_TIMEOUT_WORLD_MS / speed real ms, or a closed
     * connection). The server may have answered them, so its counts (409s, approvals) can exceed the client's by these.
     */
    unanswered: new Counter('wfm_requests_unanswered'),
    writeRequests: new Counter('wfm_write_requests'),
    conflicts: new Counter('wfm_conflicts'),
    conflictRate: new Rate('wfm_conflict_rate'),
    retries: new Counter('wfm_retries'),
    trades: new Counter('wfm_trades'),
    applied: new Counter('wfm_trades_applied'),
    gaveUp: new Counter('wfm_trades_gave_up'),
    failed: new Counter('wfm_trades_failed'),
    /** Trades not applied whose last write was answered 409 (failedBy409). */
    failedBy409: new Counter('wfm_trades_failed_409'),
    /** One sample per trade, true when applied: what `rate>0.95` thresholds are written on (docs/k6.md "Thresholds"). */
    tradeSuccess: new Rate('wfm_trade_success'),
    /** One sample per trade, true when it failed by a 409 (the trade-level "conflict rate" a JMeter run reports). */
    tradeFailure409: new Rate('wfm_trade_failure_409'),
    /** World ms from a trade's first request to its outcome. */
    timeToOutcome: new Trend('wfm_time_to_outcome', true),
    /** A request's round trip as the client saw it, world ms (real round trip x speed). */
    requestLatency: new Trend('wfm_request_world_ms', true),
    conflictsByKind: Object.fromEntries(
      CONFLICT_KINDS.map((kind) => [kind, new Counter(conflictMetricName(kind))]),
    ) as Record<ConflictKind, Counter>,
    /** Trades that failed otherwise (not applied, last write not a 409), by the client's cause: the entry counts them (k6/lib/swaps.ts). */
    failedOtherByCause: Object.fromEntries(
      FAILURE_CAUSES.map((cause) => [cause, new Counter(failureCauseMetricName(cause))]),
    ) as Record<FailureCause, Counter>,
    /** Trades the per-token rate limit never refused, and their requests: a trade's cost to a token (report/tokens.ts). */
    unthrottledTrades: new Counter('wfm_trades_unthrottled'),
    unthrottledRequests: new Counter('wfm_requests_unthrottled'),
  };
}

export type K6Metrics = ReturnType<typeof createK6Metrics>;

export function k6Sink(metrics: K6Metrics, tags: Record<string, string>): MetricsSink {
  return {
    record(event: SyncEvent) {
      switch (event.type) {
        case 'request':
          metrics.requests.add(1, tags);
          metrics.requestLatency.add(event.durationMs, tags);
          if (event.status === 0) metrics.unanswered.add(1, tags);
          if (event.write) {
            metrics.writeRequests.add(1, tags);
            metrics.conflictRate.add(event.status === 409, tags);
          }
          break;
        case 'conflict':
          metrics.conflicts.add(1, { ...tags, kind: event.kind, step: event.step });
          metrics.conflictsByKind[event.kind].add(1, { ...tags, step: event.step });
          break;
        case 'retry':
          metrics.retries.add(1, { ...tags, kind: event.kind });
          break;
        case 'outcome':
          metrics.trades.add(1, tags);
          if (event.outcome === 'applied') metrics.applied.add(1, tags);
          else if (event.outcome === 'gave-up') metrics.gaveUp.add(1, tags);
          else metrics.failed.add(1, tags);
          if (failedBy409(event.outcome, event.lastWriteStatus)) metrics.failedBy409.add(1, tags);
          metrics.tradeSuccess.add(event.outcome === 'applied', tags);
          metrics.tradeFailure409.add(failedBy409(event.outcome, event.lastWriteStatus), tags);
          metrics.timeToOutcome.add(event.durationMs, { ...tags, outcome: event.outcome });
          if (!event.tokenRefusals) {
            metrics.unthrottledTrades.add(1, tags);
            metrics.unthrottledRequests.add(event.requests, tags);
          }
          break;
      }
    },
  };
}
