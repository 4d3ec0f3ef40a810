/**
 * GET /api/docs/openapi.json and GET /api/docs: the OpenAPI document and a self-contained HTML page
 * rendered from it on the server. No script, stylesheet or font is fetched from anywhere (the machine
 * and its users may be offline), and the Content-Security-Policy header says so to the browser.
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { openApiDocument } from './openapi.ts';
import type { JsonSchema, OpenApiDocument, OtherRoute } from './openapi.ts';
import { CORRELATION_HEADER } from './error-replies.ts';

export const DOCS_URL = '/api/docs';
export const OPENAPI_URL = '/api/docs/openapi.json';

/** From a clone this file is mock-server/http/docs.ts; in the built CLI it is bundled into a file of dist/. */
const PACKAGE_JSON = new URL(
  import.meta.url.endsWith('.ts') ? '../../package.json' : '../package.json',
  import.meta.url,
);

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/**
 * Install before any route is registered: an onRoute hook sees every route the server ends up with (so
 * control routes added later are listed too), and the document is built once, on the first request.
 */
export function installApiDocs(app: FastifyInstance): void {
  const registered: OtherRoute[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) registered.push({ method, url: route.url ?? route.path });
  });
  let cached: { json: string; html: string } | undefined;
  const docs = () => {
    if (!cached) {
      const document = openApiDocument({ otherRoutes: registered, version: packageVersion() });
      cached = { json: JSON.stringify(document), html: renderDocsHtml(document) };
    }
    return cached;
  };
  app.get(OPENAPI_URL, async (request, reply) =>
    reply.header(CORRELATION_HEADER, request.id).type('application/json; charset=utf-8').send(docs().json),
  );
  app.get(DOCS_URL, async (request, reply) =>
    reply
      .header(CORRELATION_HEADER, request.id)
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .type('text/html; charset=utf-8')
      .send(docs().html),
  );
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function refName(schema: JsonSchema | undefined): string | undefined {
  const ref = schema?.['$ref'];
  return typeof ref === 'string' ? ref.split('/').at(-1) : undefined;
}

function authCell(security: Record<string, string[]>[]): string {
  if (security.length === 0) return 'none';
  return security
    .map(
      (requirement) =>
        Object.entries(requirement)
          .map(([scheme, scopes]) => (scopes.length > 0 ? scopes.join(' + ') : scheme))
          .join(', ') || 'optional',
    )
    .join(' or ');
}

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1b1f23}table{border-collapse:collapse;width:100%}
th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#f6f8fa}
code,pre{font:12px/1.4 ui-monospace,monospace}pre{background:#f6f8fa;padding:.5rem;overflow:auto;max-height:30rem}
.m{font-weight:bold}.get{color:#0969da}.post{color:#1a7f37}.put,.patch{color:#9a6700}.delete{color:#cf222e}`;

/** The document as one HTML page: a table of every route, then every component schema. */
export function renderDocsHtml(document: OpenApiDocument): string {
  const rows: string[] = [];
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const content = operation.requestBody?.content ?? {};
      const body = Object.entries(content).map(([type, media]) => {
        const name = refName(media.schema);
        return name
          ? `<a href="#schema-${escapeHtml(name)}">${escapeHtml(name)}</a>`
          : `<details><summary>${escapeHtml(type)}</summary><pre>${escapeHtml(JSON.stringify(media.schema, null, 2))}</pre></details>`;
      });
      rows.push(
        `<tr><td class="m ${escapeHtml(method)}">${escapeHtml(method.toUpperCase())}</td><td><code>${escapeHtml(path)}</code></td>` +
          `<td>${escapeHtml(authCell(operation.security))}</td><td>${escapeHtml(operation.tags.join(', '))}</td>` +
          (`<td>${escapeHtml(operation.summary)}${operation['x-wfm-write'] ? ' <em>(write)</em>' : ''}` +
            `</td><td>${body.join('<br>') || '—'}</td></tr>`),
      );
    }
  }
  const schemas = Object.entries(document.components.schemas).map(
    ([name, schema]) =>
      `<h3 id="schema-${escapeHtml(name)}">${escapeHtml(name)}</h3>\n<pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre>`,
  );
  return (
    `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(document.info.title)}</title><style>${STYLE}</style></head>
<body>
<h1>${escapeHtml(document.info.title)} <small>${escapeHtml(document.info.version)}</small></h1>
<p>${escapeHtml(document.info.description)}</p>
<p>Machine-readable: <a href="${OPENAPI_URL}"><code>${OPENAPI_URL}</code></a> (OpenAPI ${escapeHtml(document.openapi)}).
Tokens: <code>POST /oauth/token</code> (client credentials); writes need the scope ` +
    `<code>workforce-management</code>, reads accept <code>workforce-management:readonly</code> too.
Errors: every 4xx/5xx is an <a href="#schema-ErrorBody">ErrorBody</a>.</p>
<h2>Routes</h2>
<table><thead><tr><th>method</th><th>path</th><th>auth (scopes)</th><th>tags</th><th>summary</th><th>request body</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table>
<h2>Schemas</h2>
${schemas.join('\n')}
</body></html>
`
  );
}
