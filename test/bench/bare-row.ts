/**
 * The floor under the simulator's speed: the aws-occ clients (the sync core's updateVersioned, unchanged)
 * on the engine and network, with the mock's route handling replaced by a bare versioned row that
 * answers the same wire shapes (a trade list with metadata.version, 200 or a 409 ErrorBody). What
 * remains is what the one-core-everywhere design costs per request (async actors, events, the retry
 * loop), whatever the routes do. Used by sim-sweep.entry.ts with `bare`; never by a test or a command.
 */
import type { HttpRequest, HttpResponse } from '../../src/core/ports.ts';
import type { Server } from '../../src/sim/network.ts';

const CONFLICT = {
  message: 'The version supplied in metadata.version does not match the current version of the entity.',
  code: 'general.resource.conflict',
  status: 409,
};

export class BareRow implements Server {
  private readonly tradeId: string;
  private version: number;

  constructor(row: { id: string; version: number }) {
    this.tradeId = row.id;
    this.version = row.version;
  }

  handle(req: HttpRequest): HttpResponse {
    if (req.method === 'GET')
      return {
        status: 200,
        headers: {},
        body: { entities: [{ id: this.tradeId, metadata: { version: this.version } }] },
      };
    const sent = (req.body as { metadata: { version: number } }).metadata.version;
    if (sent !== this.version) return { status: 409, headers: {}, body: CONFLICT };
    this.version++;
    return { status: 200, headers: {}, body: { id: this.tradeId, metadata: { version: this.version } } };
  }
}
