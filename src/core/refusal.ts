/**
 * What the server said when it refused a write for good (status, ErrorBody code and message), kept with
 * the give-up reason so sync reports "invalid: 400 wfm.shift.trade.shift.already.in.trade: The shift is
 * already part of an open shift trade" instead of a bare "invalid". Control characters are dropped and
 * the message is bounded: it lands in a one-line table cell and the journal.
 */
import type { HttpResponse } from './ports.ts';

/** Characters of the server's message kept (count). */
const MESSAGE_CHARS_MAX = 200;

export interface ServerSaid {
  status: number;
  code?: string;
  message?: string;
}

function clean(text: string): string {
  const oneLine = text.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  return oneLine.length > MESSAGE_CHARS_MAX ? `${oneLine.slice(0, MESSAGE_CHARS_MAX)}…` : oneLine;
}

/** The refusal as data, from an answer's ErrorBody (a job's Error body is the ErrorBody itself). */
export function serverSaid(response: HttpResponse): ServerSaid {
  const body = response.body as { code?: unknown; message?: unknown } | undefined;
  const said: ServerSaid = { status: response.status };
  if (typeof body?.code === 'string') said.code = clean(body.code);
  if (typeof body?.message === 'string') said.message = clean(body.message);
  return said;
}

/** "400 code: message", for people. */
export function saidText(said: ServerSaid): string {
  return `${said.status}${said.code ? ` ${said.code}` : ''}${said.message ? `: ${said.message}` : ''}`;
}
