// One comparable description of a PostgreSQL schema, built two ways: from Prisma's DMMF, by
// Prisma's own rules for PostgreSQL (type mapping, default names, referential actions), and from
// a migrated database's catalog. Equal shapes mean the migration SQL is what the schema says.
import type { Dmmf, DmmfField, DmmfModel } from './dmmf.js';

export interface Column {
  type: string;
  notNull: boolean;
  default: string | null;
}

export interface Index {
  table: string;
  columns: string[];
  unique: boolean;
  primary: boolean;
  method: string;
  /** Non-default operator classes, null where the column uses its type's default. */
  opclasses: (string | null)[];
}

export interface Constraint {
  table: string;
  kind: 'primary key' | 'foreign key' | 'unique' | 'check' | 'exclusion' | 'other';
  columns: string[];
  references: { table: string; columns: string[]; onDelete: string; onUpdate: string } | null;
}

export interface SchemaShape {
  enums: Record<string, string[]>;
  /** Table -> column -> definition. */
  tables: Record<string, Record<string, Column>>;
  indexes: Record<string, Index>;
  constraints: Record<string, Constraint>;
}

// format_type() spelling of Prisma's PostgreSQL native types. Prisma's defaults per scalar type
// are the first entries; extend the table when the schema uses a new native type.
const NATIVE_DEFAULT: Record<string, [string, string[]]> = {
  String: ['Text', []],
  Int: ['Integer', []],
  BigInt: ['BigInt', []],
  Float: ['DoublePrecision', []],
  Decimal: ['Decimal', ['65', '30']],
  Boolean: ['Boolean', []],
  DateTime: ['Timestamp', ['3']],
  Json: ['JsonB', []],
  Bytes: ['ByteA', []],
};
const withArgs = (base: string, args: string[]) => (args.length ? `${base}(${args.join(',')})` : base);
const NATIVE_TYPE: Record<string, (args: string[]) => string> = {
  Text: () => 'text',
  Uuid: () => 'uuid',
  VarChar: (a) => withArgs('character varying', a),
  Char: (a) => withArgs('character', a),
  Integer: () => 'integer',
  SmallInt: () => 'smallint',
  BigInt: () => 'bigint',
  DoublePrecision: () => 'double precision',
  Real: () => 'real',
  Decimal: (a) => withArgs('numeric', a),
  Boolean: () => 'boolean',
  Date: () => 'date',
  Timestamp: (a) => `${withArgs('timestamp', a)} without time zone`,
  Timestamptz: (a) => `${withArgs('timestamp', a)} with time zone`,
  JsonB: () => 'jsonb',
  Json: () => 'json',
  ByteA: () => 'bytea',
};

// Prisma referential action -> pg_constraint.confdeltype/confupdtype.
const ACTION: Record<string, string> = { NoAction: 'a', Restrict: 'r', Cascade: 'c', SetNull: 'n', SetDefault: 'd' };
const PG_ACTION = Object.fromEntries(Object.entries(ACTION).map(([prisma, pg]) => [pg, prisma]));

export function expectedShape(dmmf: Dmmf): SchemaShape {
  const { models, enums, indexes } = dmmf.datamodel;
  const enumDbName = new Map(enums.map((e) => [e.name, e.dbName ?? e.name]));
  const model = (name: string) => models.find((m) => m.name === name) ?? fail(`no model ${name}`);
  const table = (m: DmmfModel) => m.dbName ?? m.name;
  const column = (m: DmmfModel, fieldName: string) => {
    const field = m.fields.find((f) => f.name === fieldName) ?? fail(`no field ${m.name}.${fieldName}`);
    return field.dbName ?? field.name;
  };

  const shape: SchemaShape = {
    enums: Object.fromEntries(enums.map((e) => [enumDbName.get(e.name)!, e.values.map((v) => v.dbName ?? v.name)])),
    tables: {},
    indexes: {},
    constraints: {},
  };

  for (const m of models) {
    const columns: Record<string, Column> = {};
    for (const f of m.fields) {
      if (f.kind === 'object') continue;
      const type = f.kind === 'enum' ? quoteIdent(enumDbName.get(f.type)!) : nativeType(f);
      columns[f.dbName ?? f.name] = {
        type: f.isList ? `${type}[]` : type,
        notNull: f.isRequired,
        default: columnDefault(f, f.kind === 'enum' ? quoteIdent(enumDbName.get(f.type)!) : null),
      };
    }
    shape.tables[table(m)] = columns;

    for (const f of m.fields) {
      if (f.kind !== 'object' || !f.relationFromFields?.length) continue;
      const target = model(f.type);
      const from = f.relationFromFields.map((name) => column(m, name));
      const required = f.relationFromFields.every((name) => m.fields.find((x) => x.name === name)!.isRequired);
      // Prisma names foreign keys {table}_{columns}_fkey unless @relation(map:) says otherwise.
      shape.constraints[`${table(m)}_${from.join('_')}_fkey`] = {
        table: table(m),
        kind: 'foreign key',
        columns: from,
        references: {
          table: table(target),
          columns: f.relationToFields!.map((name) => column(target, name)),
          onDelete: f.relationOnDelete ?? (required ? 'Restrict' : 'SetNull'),
          onUpdate: f.relationOnUpdate ?? 'Cascade',
        },
      };
    }
  }

  for (const index of indexes) {
    const m = model(index.model);
    const columns = index.fields.map((f) => column(m, f.name));
    if (index.type === 'fulltext') fail('fulltext indexes are MySQL only');
    // Prisma's default names: {table}_pkey, {table}_{columns}_key (unique), {table}_{columns}_idx.
    const suffix = index.type === 'unique' ? 'key' : 'idx';
    const name = index.dbName ?? (index.type === 'id' ? `${table(m)}_pkey` : `${table(m)}_${columns.join('_')}_${suffix}`);
    shape.indexes[name] = {
      table: table(m),
      columns,
      unique: index.type !== 'normal',
      primary: index.type === 'id',
      method: (index.algorithm ?? 'BTree').toLowerCase(),
      opclasses: index.fields.map((f) => (f.operatorClass ? snakeCase(f.operatorClass) : null)),
    };
    // Prisma makes @id a constraint and @unique a bare unique index (no constraint).
    if (index.type === 'id') {
      shape.constraints[name] = { table: table(m), kind: 'primary key', columns, references: null };
    }
  }
  return shape;
}

function nativeType(field: DmmfField): string {
  const [name, args] = field.nativeType ?? NATIVE_DEFAULT[field.type] ?? fail(`no PostgreSQL type for ${field.type}`);
  const render = NATIVE_TYPE[name] ?? fail(`add native type @db.${name} to the test's type table`);
  return render(args);
}

function columnDefault(field: DmmfField, enumType: string | null): string | null {
  const d = field.default;
  if (d === undefined) return null;
  if (typeof d === 'object') {
    switch (d.name) {
      case 'now':
        return 'CURRENT_TIMESTAMP';
      case 'uuid':
      case 'cuid':
      case 'ulid':
      case 'nanoid':
        return null; // generated by Prisma Client, not by the database
      case 'dbgenerated':
        return String(d.args[0]);
      default:
        return fail(`add default ${d.name}() to the test`);
    }
  }
  if (enumType) return `'${d}'::${enumType}`;
  if (typeof d === 'string') return `'${d.replaceAll("'", "''")}'::text`;
  return String(d);
}

/** The migrated database's own description of itself (schema public, Prisma's table left out). */
export async function actualShape(query: <Row>(sql: string) => Promise<Row[]>): Promise<SchemaShape> {
  const shape: SchemaShape = { enums: {}, tables: {}, indexes: {}, constraints: {} };

  for (const row of await query<{ name: string; labels: string[] }>(`
      SELECT format_type(t.oid, NULL) AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS labels
        FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
       WHERE t.typnamespace = 'public'::regnamespace GROUP BY t.oid`)) {
    shape.enums[unquoteIdent(row.name)] = row.labels;
  }

  // Every relation-like object (tables, views, sequences...), so that any stray one shows up.
  for (const row of await query<{ name: string; kind: string }>(`
      SELECT relname AS name, relkind::text AS kind FROM pg_class
       WHERE relnamespace = 'public'::regnamespace AND relkind NOT IN ('i', 'I', 'c', 't')
         AND relname <> '_prisma_migrations'`)) {
    shape.tables[row.kind === 'r' ? row.name : `${row.name} (relkind ${row.kind})`] = {};
  }

  for (const row of await query<{ table: string; column: string } & Column>(`
      SELECT c.relname AS "table", a.attname AS "column", format_type(a.atttypid, a.atttypmod) AS type,
             a.attnotnull AS "notNull", pg_get_expr(d.adbin, d.adrelid) AS "default"
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND c.relname <> '_prisma_migrations'
         AND a.attnum > 0 AND NOT a.attisdropped`)) {
    shape.tables[row.table]![row.column] = { type: row.type, notNull: row.notNull, default: row.default };
  }

  for (const row of await query<{ name: string; partial: boolean } & Index>(`
      SELECT i.relname AS name, t.relname AS "table", x.indisunique AS "unique", x.indisprimary AS "primary",
             am.amname AS method, (x.indpred IS NOT NULL OR x.indexprs IS NOT NULL) AS partial,
             array(SELECT coalesce(a.attname, '?') FROM unnest(x.indkey::int2[]) WITH ORDINALITY k(attnum, n)
                     LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.n)::text[] AS columns,
             array(SELECT CASE WHEN o.opcdefault THEN NULL ELSE o.opcname::text END
                     FROM unnest(x.indclass::oid[]) WITH ORDINALITY k(oid, n) JOIN pg_opclass o ON o.oid = k.oid ORDER BY k.n) AS opclasses
        FROM pg_index x
        JOIN pg_class i ON i.oid = x.indexrelid
        JOIN pg_class t ON t.oid = x.indrelid
        JOIN pg_am am ON am.oid = i.relam
       WHERE t.relnamespace = 'public'::regnamespace AND t.relname <> '_prisma_migrations'`)) {
    const { name, partial, ...index } = row;
    shape.indexes[partial ? `${name} (partial or on expressions)` : name] = index;
  }

  const kinds: Record<string, Constraint['kind']> = {
    p: 'primary key',
    f: 'foreign key',
    u: 'unique',
    c: 'check',
    x: 'exclusion',
  };
  for (const row of await query<{
    name: string; table: string; type: string; columns: string[];
    refTable: string | null; refColumns: string[] | null; onDelete: string; onUpdate: string;
  }>(`
      SELECT c.conname AS name, t.relname AS "table", c.contype::text AS type,
             array(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(attnum, n)
                     JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.n)::text[] AS columns,
             r.relname AS "refTable",
             CASE WHEN c.contype = 'f' THEN array(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY k(attnum, n)
                     JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.n)::text[] END AS "refColumns",
             c.confdeltype::text AS "onDelete", c.confupdtype::text AS "onUpdate"
        FROM pg_constraint c
        JOIN pg_class t ON t.oid = c.conrelid
        LEFT JOIN pg_class r ON r.oid = c.confrelid
       WHERE c.connamespace = 'public'::regnamespace AND t.relname <> '_prisma_migrations'`)) {
    shape.constraints[row.name] = {
      table: row.table,
      kind: kinds[row.type] ?? 'other',
      columns: row.columns,
      references:
        row.type === 'f'
          ? {
              table: row.refTable!,
              columns: row.refColumns!,
              onDelete: PG_ACTION[row.onDelete] ?? row.onDelete,
              onUpdate: PG_ACTION[row.onUpdate] ?? row.onUpdate,
            }
          : null,
    };
  }
  return shape;
}

function fail(message: string): never {
  throw new Error(message);
}

/** format_type() quotes identifiers that need it; enum names appear that way in types and defaults. */
function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

function unquoteIdent(name: string): string {
  return name.startsWith('"') ? name.slice(1, -1).replaceAll('""', '"') : name;
}

/** Prisma spells built-in operator classes in PascalCase (JsonbPathOps); PostgreSQL in snake_case. */
function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}
