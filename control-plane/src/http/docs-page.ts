// The API docs page: HTML, script and style served from /api/docs*, nothing inline and nothing
// from elsewhere, so it works under a same-origin-only Content-Security-Policy on a closed network.
import type { Express } from 'express';

const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>lienthong API</title>
<link rel="stylesheet" href="/api/docs.css"></head><body>
<h1>lienthong API</h1>
<p>Generated from the same zod schemas the server validates with. Raw document: <a href="/api/openapi.json">openapi.json</a>.</p>
<div id="ops">Loading…</div>
<script src="/api/docs.js"></script>
</body></html>`;

const css = `body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#222}
h2{margin-top:2rem;border-bottom:1px solid #ccc}.op{margin:.5rem 0;padding:.5rem;border:1px solid #ddd;border-radius:4px}
.m{display:inline-block;min-width:4rem;font-weight:bold;text-transform:uppercase}.cap{color:#666;font-size:.85em}
pre{background:#f6f6f6;padding:.5rem;overflow:auto;font-size:12px}`;

// Plain DOM, textContent only: operation texts never become markup.
const js = `fetch('/api/openapi.json').then((r) => r.json()).then((doc) => {
  const root = document.getElementById('ops');
  root.textContent = '';
  const el = (tag, className, text) => { const e = document.createElement(tag); if (className) e.className = className; if (text) e.textContent = text; return e; };
  const byTag = {};
  for (const [path, ops] of Object.entries(doc.paths)) for (const [method, op] of Object.entries(ops)) (byTag[op.tags[0]] ??= []).push([method, path, op]);
  for (const [tag, ops] of Object.entries(byTag)) {
    root.append(el('h2', '', tag));
    for (const [method, path, op] of ops) {
      const details = el('details', 'op');
      const summary = el('summary');
      summary.append(el('span', 'm', method), ' ', el('code', '', path), ' ', el('span', '', op.summary), ' ',
        el('span', 'cap', op['x-capability'] ? '(' + op['x-capability'] + ')' : '(public)'));
      details.append(summary, el('pre', '', JSON.stringify({ parameters: op.parameters, requestBody: op.requestBody, responses: op.responses }, null, 2)));
      root.append(details);
    }
  }
}, (e) => { document.getElementById('ops').textContent = 'Could not load openapi.json: ' + e; });
`;

export function serveDocsPage(app: Express): void {
  app.get('/api/docs', (_req, res) => void res.type('html').send(html));
  app.get('/api/docs.js', (_req, res) => void res.type('js').send(js));
  app.get('/api/docs.css', (_req, res) => void res.type('css').send(css));
}
