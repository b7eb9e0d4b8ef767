// The DMMF (Prisma's parsed data model) of a schema, read through the project's own Prisma CLI.
// @prisma/internals' getDMMF is not installed and the CLI bundles its WASM parser privately, so
// we run `prisma generate` on a copy of the schema whose only generator dumps what it is given.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'enum' | 'object' | 'unsupported';
  type: string;
  isList: boolean;
  isRequired: boolean;
  isUpdatedAt: boolean;
  nativeType?: [string, string[]] | null;
  default?: { name: string; args: unknown[] } | string | number | boolean;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
}

export interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}

export interface DmmfIndex {
  model: string;
  type: 'id' | 'unique' | 'normal' | 'fulltext';
  dbName?: string;
  algorithm?: string;
  fields: { name: string; operatorClass?: string }[];
}

export interface Dmmf {
  datamodel: {
    models: DmmfModel[];
    enums: { name: string; dbName: string | null; values: { name: string; dbName: string | null }[] }[];
    indexes: DmmfIndex[];
  };
}

const generatorScript = fileURLToPath(new URL('./dmmf-generator.mjs', import.meta.url));
const prismaCli = join(dirname(createRequire(import.meta.url).resolve('prisma/package.json')), 'build/index.js');

export async function loadDmmf(schemaPath: string): Promise<Dmmf> {
  const dir = await mkdtemp(join(tmpdir(), 'lienthong-dmmf-'));
  try {
    const schema = (await readFile(schemaPath, 'utf8')).replace(/^generator\s+\w+\s*\{[^}]*\}/gm, '');
    const provider = JSON.stringify(`node ${generatorScript}`);
    const dump = `generator dmmf {\n  provider = ${provider}\n  output = ${JSON.stringify(dir)}\n}\n`;
    await writeFile(join(dir, 'schema.prisma'), schema + dump);

    const engine = process.env.PRISMA_SCHEMA_ENGINE_BINARY;
    await promisify(execFile)(process.execPath, [prismaCli, 'generate', '--schema', join(dir, 'schema.prisma')], {
      cwd: dir,
      env: {
        ...process.env,
        // generate wants this to name an existing file (or downloads the engine); it never runs it.
        PRISMA_SCHEMA_ENGINE_BINARY: engine && existsSync(engine) ? engine : generatorScript,
        CHECKPOINT_DISABLE: '1',
        PRISMA_HIDE_UPDATE_MESSAGE: '1',
      },
    });
    return JSON.parse(await readFile(join(dir, 'dmmf.json'), 'utf8')) as Dmmf;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
