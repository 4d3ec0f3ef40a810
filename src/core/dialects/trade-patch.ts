/**
 * One shift trade as a plain versioned entity (Genesys legacy routes): read its version from the
 * initiating agent's trade list, write it with PATCH and metadata.version. The aws-occ scenario uses it
 * as the published experiment's "one shared row".
 */
import type { HttpRequest } from '../ports.ts';
import type { VersionedEntity } from '../versioned-update.ts';

const ROOT = '/api/v2/workforcemanagement/managementunits';

export interface TradeRef {
  managementUnitId: string;
  weekDate: string;
  tradeId: string;
  initiatingUserId: string;
}

interface WireTrade {
  id: string;
  metadata: { version: number };
}

export function tradePatchEntity(ref: TradeRef): VersionedEntity {
  const mu = encodeURIComponent(ref.managementUnitId);
  const readPath = `${ROOT}/${mu}/agents/${encodeURIComponent(ref.initiatingUserId)}/shifttrades`;
  const writePath = `${ROOT}/${mu}/weeks/${ref.weekDate}/shifttrades/${encodeURIComponent(ref.tradeId)}`;
  // Every read is the same request: one frozen object (a transport never writes to a request).
  const read: HttpRequest = Object.freeze({ method: 'GET', path: readPath });
  return {
    name: 'genesys-legacy-trade-patch',
    readRequest: () => read,
    readVersion(response) {
      const entities = ((response.body ?? {}) as { entities?: WireTrade[] }).entities ?? [];
      return entities.find((trade) => trade.id === ref.tradeId)?.metadata.version;
    },
    writeRequest: (version) => ({ method: 'PATCH', path: writePath, body: { metadata: { version } } }),
  };
}
