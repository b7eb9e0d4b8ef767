// The OpenAPI 3.1 document, generated from contracts' endpoint table and its zod schemas (zod 4's
// own JSON Schema output, which is OpenAPI 3.1's dialect), and a docs page with no external assets.
import { endpoints, errorCatalogue, wireErrorSchema, type Endpoint } from '@lienthong/contracts';
import { z } from 'zod';

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const json = jsonSchema(schema, 'input') as { properties?: Record<string, object>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: s,
  }));
}

const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/WireError' } } };

function operation(id: string, e: Endpoint) {
  const body = e.bodyType === 'csv'
    ? { required: true, content: { 'text/csv': { schema: { type: 'string' } } } }
    : e.body && { required: true, content: { 'application/json': { schema: jsonSchema(e.body, 'input') } } };
  return {
    operationId: id,
    summary: e.summary,
    tags: [id.split('.')[0]],
    ...(e.capability ? { security: [{ bearer: [] }], 'x-capability': e.capability } : { security: [] }),
    parameters: [...parameters(e.params, 'path'), ...parameters(e.query, 'query')],
    ...(body ? { requestBody: body } : {}),
    responses: {
      [String(e.status ?? 200)]: { description: 'OK', content: { 'application/json': { schema: jsonSchema(e.response, 'output') } } },
      default: { description: `An error: ${Object.keys(errorCatalogue).join(', ')}`, content: problem },
    },
  };
}

export function openApiDocument(version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [id, e] of Object.entries(endpoints) as [string, Endpoint][]) {
    const path = e.path.replace(/:(\w+)/g, '{$1}');
    (paths[path] ??= {})[e.method] = operation(id, e);
  }
  return {
    openapi: '3.1.0',
    info: { title: 'lienthong control plane', version },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { WireError: jsonSchema(wireErrorSchema, 'output') },
    },
    paths,
  };
}

/** A self-contained page: it fetches ./openapi.json and lists every operation with its schemas. */
export const docsPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>lienthong API</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#222}
h2{margin-top:2rem;border-bottom:1px solid #ccc}.op{margin:.5rem 0;padding:.5rem;border:1px solid #ddd;border-radius:4px}
.m{display:inline-block;min-width:4rem;font-weight:bold;text-transform:uppercase}.cap{color:#666;font-size:.85em}
pre{background:#f6f6f6;padding:.5rem;overflow:auto;font-size:12px}
</style></head><body>
<h1>lienthong API</h1><p>Generated from the same zod schemas the server validates with. Raw document: <a href="openapi.json">openapi.json</a>.</p>
<div id="ops">Loading…</div>
<script>
fetch('openapi.json').then(r => r.json()).then(doc => {
  const root = document.getElementById('ops'); root.textContent = '';
  const byTag = {};
  for (const [path, ops] of Object.entries(doc.paths)) for (const [method, op] of Object.entries(ops)) (byTag[op.tags[0]] ??= []).push([method, path, op]);
  for (const [tag, ops] of Object.entries(byTag)) {
    const h = document.createElement('h2'); h.textContent = tag; root.append(h);
    for (const [method, path, op] of ops) {
      const d = document.createElement('details'); d.className = 'op';
      const s = document.createElement('summary');
      s.innerHTML = '<span class="m"></span> <code></code> <span class="sum"></span> <span class="cap"></span>';
      s.querySelector('.m').textContent = method; s.querySelector('code').textContent = path;
      s.querySelector('.sum').textContent = op.summary; s.querySelector('.cap').textContent = op['x-capability'] ? '(' + op['x-capability'] + ')' : '(public)';
      const pre = document.createElement('pre');
      pre.textContent = JSON.stringify({ parameters: op.parameters, requestBody: op.requestBody, responses: op.responses }, null, 2);
      d.append(s, pre); root.append(d);
    }
  }
}, e => { document.getElementById('ops').textContent = 'Could not load openapi.json: ' + e; });
</script></body></html>`;
