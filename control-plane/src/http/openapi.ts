// The OpenAPI 3.1 document, generated from contracts' endpoint table and its zod schemas (zod 4's
// own JSON Schema output, which is OpenAPI 3.1's dialect).
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

/** A file answer is the file itself; a stream is the CSV it writes; a table answers JSON, CSV or XLSX by `?format=`. */
function answerContent(e: Endpoint) {
  if (e.answerType === 'file') return { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } };
  if (e.answerType === 'stream') return { 'text/csv': { schema: { type: 'string' } } };
  const json = { 'application/json': { schema: jsonSchema(e.response, 'output') } };
  if (e.answerType !== 'table') return json;
  return {
    ...json,
    'text/csv': { schema: { type: 'string' } },
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } },
  };
}

function operation(id: string, e: Endpoint) {
  const body = e.bodyType === 'csv'
    ? { required: true, content: { 'text/csv': { schema: { type: 'string' } } } }
    : e.bodyType === 'binary'
    ? { required: true, content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } }
    : e.body && { required: true, content: { 'application/json': { schema: jsonSchema(e.body, 'input') } } };
  return {
    operationId: id,
    summary: e.summary,
    tags: [id.split('.')[0]],
    ...(e.capability ? { security: [{ bearer: [] }], 'x-capability': e.capability } : { security: [] }),
    parameters: [...parameters(e.params, 'path'), ...parameters(e.query, 'query')],
    ...(body ? { requestBody: body } : {}),
    responses: {
      [String(e.status ?? 200)]: { description: 'OK', content: answerContent(e) },
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
