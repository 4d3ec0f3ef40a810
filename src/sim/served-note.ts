/**
 * The server's side of one request in the simulator: its status and refusal cause, or what became of it
 * when no answer left (a connection closed by a fault, a hang). A trade's last such note is the server's
 * view of why it failed, beside the client's (src/core/failure-cause.ts); docs/reports.md "Failed otherwise, by cause".
 */
export interface ServedNote {
  /** The answer's status; 0 when none left. */
  status: number;
  /** The refusal's cause (version, locked:publish, rate:token, …), or the closed connection's label ("200 dropped"). */
  cause: string | undefined;
  fate: 'answer' | 'closed' | 'hang';
}

/** The server's view as one label: "429 rate:token", "503 fault:5xx", "200 dropped", "reset", "hang". */
export function servedLabel(note: ServedNote | undefined): string {
  if (note === undefined) return 'no refusal';
  if (note.fate === 'hang') return 'hang';
  if (note.fate === 'closed') return note.cause ?? 'closed';
  return note.cause === undefined ? String(note.status) : `${note.status} ${note.cause}`;
}
