/**
 * The simulated network between actors and the in-process server, in world ms (virtual time is world
 * time): a request reaches the server after its outbound delay and is handled at that instant (so the
 * version check sees the order in which requests arrive), and the answer reaches the actor after its
 * inbound delay. The delays come from a LinkDelays model: the scenario's round trip
 * (mock-server/api/network-latency.ts), or one independent draw per hop as in the published simulator.
 */
import type { HttpRequest, HttpResponse } from '../core/ports.ts';
import type { FaultDecision } from '../../mock-server/api/faults.ts';
import type { LinkDelays } from '../../mock-server/api/network-latency.ts';
import type { SimEngine } from './engine.ts';
import type { ServedNote } from './served-note.ts';

/** Status 0: no answer before the client's timeout, as a transport reports it (adapters/node, adapters/k6). */
const NO_ANSWER: HttpResponse = Object.freeze({
  status: 0,
  headers: Object.freeze({}),
  body: undefined,
  error: 'timeout',
}) as HttpResponse;

/**
 * How long a simulated client waits for an answer, in world ms: the k6 adapter's REQUEST_TIMEOUT_WORLD_MS
 * (30 s). Only a request the server never answers (the hang fault) runs into it.
 */
export const SIM_REQUEST_TIMEOUT_MS = 30_000;

export interface Server {
  /**
   * The answer, or undefined: the request hangs and the link's request timeout answers status 0.
   * `principal`: whose token the request carries (the rate limits' bucket); undefined: one shared bucket.
   */
  handle(req: HttpRequest, fault?: FaultDecision, principal?: string): HttpResponse | undefined;
  /** Faults (api/faults.ts): decided as a request arrives; its latency holds the request that long first. */
  decideFault?(req: HttpRequest): FaultDecision | undefined;
  /** What the server made of the request it handled last (the in-process server keeps it). */
  readonly lastServed?: ServedNote;
}

/** Who gets a request's answer: the actor that sent it (./actor.ts). */
export interface Receiver {
  answer(response: HttpResponse): void;
}

/**
 * One actor's link to the server, and the event of its request in flight: it fires once on arrival at
 * the server and once on arrival of the answer. An actor has at most one request in flight (the sync
 * core's steps wait for each answer), so one link per actor serves all its requests.
 */
export class Link {
  /** The token its next requests carry (a load's client: src/scenario/clients.ts); undefined: the shared bucket. */
  principal: string | undefined;
  /**
   * The server's note of the last request it did not answer with a success (a refusal, a closed
   * connection, a hang), since the runner last cleared it: the server's view of why a trade failed.
   */
  serverFailure: ServedNote | undefined;
  private pending: HttpRequest | undefined;
  private receiver: Receiver | undefined;
  private response: HttpResponse | undefined;
  /** The outbound delay of the request in flight (the inbound delay may depend on it). */
  private outboundMs = 0;
  /** Set while an arrived request waits out its fault latency. */
  private fault: FaultDecision | undefined;
  /** When the request in flight was sent (its timeout runs from there). */
  private sentAtMs = 0;

  constructor(
    private readonly network: SimNetwork,
    readonly name: string,
  ) {}

  /** Put the request on the wire; `receiver` gets the answer (status 0 for none) when it arrives. */
  send(req: HttpRequest, receiver: Receiver): void {
    if (this.receiver !== undefined) throw new Error(`sim: ${this.name} sent a request with another one in flight`);
    this.pending = req;
    this.receiver = receiver;
    this.sentAtMs = this.network.engine.nowMs;
    this.outboundMs = this.network.delays.outboundMs();
    this.network.engine.after(this.outboundMs, this);
  }

  fire(): void {
    const response = this.response;
    if (response === undefined) {
      const request = this.pending as HttpRequest;
      let answer: HttpResponse | undefined;
      if (this.fault === undefined) {
        const fault = this.network.server.decideFault?.(request);
        if (fault !== undefined && fault.latencyMs > 0) {
          this.fault = fault; // arrived: handled after the fault's latency
          this.network.engine.after(fault.latencyMs, this);
          return;
        }
        answer = this.network.server.handle(request, fault, this.principal);
      } else {
        answer = this.network.server.handle(request, this.fault, this.principal);
        this.fault = undefined;
      }
      const note = this.network.server.lastServed;
      if (note && (note.fate !== 'answer' || note.status >= 300)) this.serverFailure = { ...note };
      if (answer === undefined) {
        // Hung: no answer comes; the client's timeout fires, counted from when it sent the request.
        this.response = NO_ANSWER;
        const waitedMs = this.network.engine.nowMs - this.sentAtMs;
        this.network.engine.after(Math.max(0, this.network.requestTimeoutMs - waitedMs), this);
        return;
      }
      this.response = answer;
      this.network.engine.after(this.network.delays.inboundMs(this.outboundMs), this);
    } else {
      const receiver = this.receiver as Receiver;
      this.pending = undefined;
      this.receiver = undefined;
      this.response = undefined;
      receiver.answer(response);
    }
  }
}

export class SimNetwork {
  constructor(
    readonly engine: SimEngine,
    readonly server: Server,
    readonly delays: LinkDelays,
    readonly requestTimeoutMs = SIM_REQUEST_TIMEOUT_MS,
  ) {}

  /** One actor's link, named for errors. */
  link(name: string): Link {
    return new Link(this, name);
  }
}
