/**
 * The simulated network between actors and the in-process server: a request reaches the server after
 * one latency draw and is handled at that virtual instant (so the version check sees the order in which
 * requests arrive), and the answer reaches the actor after a second draw, as in the published simulator.
 */
import type { HttpRequest, HttpResponse, Transport } from '../core/ports.ts';
import type { FaultDecision } from '../../mock-server/api/faults.ts';
import type { Actor } from './actor.ts';
import type { SimEngine } from './engine.ts';

export interface Server {
  handle(req: HttpRequest, fault?: FaultDecision): HttpResponse;
  /** Faults (api/faults.ts): decided as a request arrives; its latency holds the request that long first. */
  decideFault?(req: HttpRequest): FaultDecision | undefined;
}

/**
 * One actor's link to the server, and the event of its request in flight: it fires once on arrival at
 * the server and once on arrival of the answer. An actor has at most one request in flight (the sync
 * core never sends two at once), so one link per actor serves all its requests.
 */
class Link implements Transport {
  private pending: HttpRequest | undefined;
  private response: HttpResponse | undefined;
  /** Set while an arrived request waits out its fault latency. */
  private fault: FaultDecision | undefined;

  constructor(private readonly network: SimNetwork, private readonly actor: Actor) {}

  request(req: HttpRequest): Promise<HttpResponse> {
    if (this.pending !== undefined) throw new Error(`sim: actor ${this.actor.name} sent a request with another one in flight`);
    this.pending = req;
    this.network.engine.after(this.network.delayMs(), this);
    return this.actor.suspend<HttpResponse>();
  }

  fire(): void {
    const response = this.response;
    if (response === undefined) {
      const request = this.pending as HttpRequest;
      if (this.fault === undefined) {
        const fault = this.network.server.decideFault?.(request);
        if (fault !== undefined && fault.latencyMs > 0) {
          this.fault = fault; // arrived: handled after the fault's latency
          this.network.engine.after(fault.latencyMs, this);
          return;
        }
        this.response = this.network.server.handle(request, fault);
      } else {
        this.response = this.network.server.handle(request, this.fault);
        this.fault = undefined;
      }
      this.network.engine.after(this.network.delayMs(), this);
    } else {
      this.pending = undefined;
      this.response = undefined;
      this.actor.resume(response);
    }
  }
}

export class SimNetwork {
  constructor(readonly engine: SimEngine, readonly server: Server, readonly delayMs: () => number) {}

  /** The sync core's Transport for one actor. */
  transportFor(actor: Actor): Transport {
    return new Link(this, actor);
  }
}
