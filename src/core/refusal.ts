/**
 * The reason sync reports for a permanent refusal: the classification plus what the server said (status,
 * ErrorBody code and message), so "failed | invalid" becomes "invalid: 400 wfm.shift.trade.shift.already.in.trade:
 * The shift is already part of an open shift trade". Control characters are dropped and the text is
 * bounded: it lands in a one-line table cell and the journal.
 */
import type { HttpResponse } from './ports.ts';

/** Characters of the server's message kept (count). */
const MESSAGE_CHARS_MAX = 200;

/** ErrorBody code of an answer, if it has one (a job's Error body is the ErrorBody itself). */
export function errorCode(response: HttpResponse): string | undefined {
  const body = response.body as { code?: unknown } | undefined;
  return typeof body?.code === 'string' ? body.code : undefined;
}

export function refusalReason(kind: string, response: HttpResponse): string {
  const body = response.body as { code?: unknown; message?: unknown } | undefined;
  const code = typeof body?.code === 'string' ? ` ${body.code}` : '';
  const message = typeof body?.message === 'string' ? `: ${body.message}` : '';
  const said = `${response.status}${code}${message}`.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  return `${kind}: ${said.length > MESSAGE_CHARS_MAX ? `${said.slice(0, MESSAGE_CHARS_MAX)}…` : said}`;
}

/** The code of the refusal a re-create meets when an earlier, unanswered create has landed since. */
export const SHIFT_IN_OPEN_TRADE_CODE = 'wfm.shift.trade.shift.already.in.trade';
