/**
 * One spelling per path. The router (find-my-way) decodes percent-escapes before it matches, and Node and
 * find-my-way read an absolute-form target (`GET http://x/__harness/audit`) as its path, so
 * `/%5F%5Fharness/reset` and `http://x/__harness/reset` used to reach the control routes while a check on
 * the raw text saw neither. Authorisation is now by the matched route (server.ts), and a request whose
 * target is not the one canonical spelling of its path is refused before routing decides anything
 * (docs/mock-server.md "OAuth", "How the control plane is protected").
 */

/** RFC 3986 unreserved characters: an escape of one of them is a second spelling of the same path. */
const UNRESERVED = /[A-Za-z0-9\-._~]/;

/**
 * The common case in one regex test (it runs on every request): printable ASCII other than `#`, `%` and `\`,
 * and no `//` or `/.`, anywhere in the target, is canonical. Anything else (an escape in the query too) is
 * looked at closer.
 */
const SUSPECT = /[^\x21\x22\x24\x26-\x5b\x5d-\x7e]|\/[/.]/;

/** Why `target` (the raw request target, path and query) is not canonical; undefined when it is. */
export function nonCanonicalReason(target: string): string | undefined {
  if (target.charCodeAt(0) !== 0x2f) return 'the request target must be a path starting with / (origin-form)';
  if (!SUSPECT.test(target)) return undefined;
  const queryAt = target.indexOf('?');
  const path = queryAt < 0 ? target : target.slice(0, queryAt);
  if (target.includes('#')) return 'a request target carries no fragment (#)';
  if (path.includes('\\')) return 'a backslash is not a path separator here: use /';
  if (path.includes('//')) return 'empty path segment (//)';
  for (const segment of path.split('/'))
    if (segment === '.' || segment === '..') return `dot-segment "${segment}" in the path`;
  return badEscape(path) ?? outsideAscii(path);
}

/** The first escape that is malformed, encodes a slash or backslash, or encodes an unreserved character. */
function badEscape(path: string): string | undefined {
  for (let at = path.indexOf('%'); at >= 0; at = path.indexOf('%', at + 1)) {
    const hex = path.slice(at + 1, at + 3);
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return `malformed percent-escape at "${path.slice(at, at + 3)}"`;
    const char = String.fromCharCode(Number.parseInt(hex, 16));
    if (char === '/' || char === '\\') return `encoded ${char === '/' ? 'slash' : 'backslash'} (%${hex}) in the path`;
    if (UNRESERVED.test(char)) return `"%${hex}" encodes "${char}", which is written as itself`;
    if (hex !== hex.toUpperCase()) return `percent-escape "%${hex}" in lower case (RFC 3986: %${hex.toUpperCase()})`;
  }
  return undefined;
}

/** Node's parser lets bytes outside printable ASCII through in a target; their canonical form is escaped. */
function outsideAscii(path: string): string | undefined {
  return /[^\x21-\x7e]/.test(path) ? 'a character outside printable ASCII in the path (percent-encode it)' : undefined;
}
