// fast-check arbitraries from the JSON Schemas zod writes for contracts' endpoint table: values
// that look valid (right keys, types, enums, formats) and hostile mutations of them (NUL bytes,
// wrong types, prototype keys, huge strings). The fuzz tests send both to every endpoint.
import fc from 'fast-check';

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
}

/** Strings an attacker tries in any text field. */
export const hostileStrings = [
  '',
  'a\u0000b',
  '\u0000',
  '%zz',
  '%C0%AE%C0%AE/',
  '../../etc/passwd',
  '=HYPERLINK("http://x")',
  "'; DROP TABLE person; --",
  '\uD800',
  '__proto__',
  'constructor',
  'x'.repeat(5000),
  '<script>alert(1)</script>',
  '00000000-0000-0000-0000-000000000000',
  '１２３',
];

/** An arbitrary for a value the schema describes; `ids` are real ids of the seeded database. */
export function fromSchema(schema: JsonSchema, ids: string[], depth = 0): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const union = schema.anyOf ?? schema.oneOf;
  if (union?.length) return fc.oneof(...union.map((s) => fromSchema(s, ids, depth + 1)));
  if (schema.allOf?.length) return fromSchema(Object.assign({}, ...schema.allOf) as JsonSchema, ids, depth + 1);
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length > 1) return fc.oneof(...types.map((type) => fromSchema({ ...schema, type }, ids, depth + 1)));
  switch (types[0]) {
    case 'object': {
      if (depth > 4) return fc.constant({});
      const props = Object.entries(schema.properties ?? {});
      const record = Object.fromEntries(props.map(([k, s]) => [k, fromSchema(s, ids, depth + 1)]));
      return fc.record(record, { requiredKeys: (schema.required ?? []).filter((k) => k in record) });
    }
    case 'array':
      return fc.array(schema.items ? fromSchema(schema.items, ids, depth + 1) : fc.string(), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 4, 4),
      });
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 100_000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 100_000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'string':
      return stringFor(schema, ids);
    default:
      return jsonValue();
  }
}

function stringFor(schema: JsonSchema, ids: string[]): fc.Arbitrary<string> {
  if (schema.format === 'uuid') return ids.length ? fc.oneof(fc.constantFrom(...ids), fc.uuid()) : fc.uuid();
  if (schema.format === 'date-time') return fc.date({ min: new Date('2020-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
  const min = schema.minLength ?? 0;
  const max = Math.max(min, Math.min(schema.maxLength ?? 24, 64));
  return fc.oneof(fc.string({ minLength: min, maxLength: max }), fc.constantFrom(...hostileStrings));
}

const jsonValue = () => fc.jsonValue({ maxDepth: 2 });

/** A hostile variant of a valid-looking value: one field broken, or the whole value replaced. */
export function mutate(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const broken = fc.oneof(
    fc.constantFrom(...hostileStrings),
    fc.constantFrom(null, -1, 0, 1e308, true, [], {}, [null], { __proto__: { admin: true } }),
    fc.string({ unit: 'binary', maxLength: 16 }),
  );
  return fc.oneof(
    fc.tuple(valid, fc.nat(), broken).map(([value, pick, replacement]) => {
      if (!value || typeof value !== 'object' || Array.isArray(value)) return replacement;
      const keys = Object.keys(value);
      const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      if (keys.length) copy[keys[pick % keys.length]!] = replacement;
      else copy.unexpected = replacement;
      return copy;
    }),
    valid.map((value) => (value && typeof value === 'object' ? JSON.parse(`{"__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}},${JSON.stringify(value).slice(1)}`.replace(/,}$/, '}')) : value)),
    jsonValue(),
    broken,
  );
}
