/**
 * The simulated network between actors and the in-process server: a request reaches the server after
 * one latency draw and is handled at that virtual instant (so the version check sees the order in which
 * requests arrive), and the answer reaches the actor after a second draw, as in the published simulator.
 */
import type { HttpRequest, HttpResponse, Transport } from '../core/ports.ts';
import type { Actor } from './actor.ts';
import type { SimEngine } from './engine.ts';

export interface Server {
  handle(req: HttpRequest): HttpResponse;
}

/** One request in flight: fires once on arrival at the server, once on arrival of the answer. */
class Flight {
  private response: HttpResponse | undefined;

  constructor(private readonly network: SimNetwork, private readonly actor: Actor, private readonly request: HttpRequest) {}

  fire(): void {
    if (this.response === undefined) {
      this.response = this.network.server.handle(this.request);
      this.network.engine.after(this.network.delayMs(), this);
    } else {
      this.actor.resume(this.response);
    }
  }
}

export class SimNetwork {
  constructor(readonly engine: SimEngine, readonly server: Server, readonly delayMs: () => number) {}

  /** The sync core's Transport for one actor. */
  transportFor(actor: Actor): Transport {
    return {
      request: (req) => {
        this.engine.after(this.delayMs(), new Flight(this, actor, req));
        return actor.suspend<HttpResponse>();
      },
    };
  }
}
