/** What a domain operation can refuse, as data. The API layer maps each to a Genesys ErrorBody. */
export type DomainError =
  | {
      error: 'not-found';
      entity: 'trade' | 'shift' | 'user' | 'schedule' | 'managementUnit' | 'businessUnit' | 'week';
      id: string;
    }
  | { error: 'locked'; entity: 'agentSchedule' | 'schedule'; id: string; holder: string }
  /** A shift-trading rule refuses the write itself (not a match: matches return violations). */
  | { error: 'rule'; rule: string; message: string; id?: string }
  | { error: 'version-mismatch'; entity: 'trade'; id: string; currentVersion: number; sentVersion: number }
  | { error: 'shift-in-open-trade'; shiftId: string; tradeId: string }
  | { error: 'invalid-state'; tradeId: string; state: string; action: string }
  | { error: 'wrong-agent'; shiftId: string; agentId: string };

export type Result<T> = { ok: true; value: T } | { ok: false; error: DomainError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T>(error: DomainError): Result<T> {
  return { ok: false, error };
}
