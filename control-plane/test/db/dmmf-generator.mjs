// A Prisma generator that writes the DMMF it is given to dmmf.json in its output directory.
// Prisma talks to generators with JSON-RPC: requests on our stdin, one JSON reply per line on
// our stderr. This lets the test read the schema through the CLI's own (WASM) parser.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const reply = (id, result) => process.stderr.write(JSON.stringify({ jsonrpc: '2.0', id, result }) + '\n');

createInterface({ input: process.stdin }).on('line', (line) => {
  const { id, method, params } = JSON.parse(line);
  if (method === 'getManifest') {
    reply(id, { manifest: { prettyName: 'DMMF dump', requiresEngines: [] } });
  } else if (method === 'generate') {
    writeFileSync(join(params.generator.output.value, 'dmmf.json'), JSON.stringify(params.dmmf));
    reply(id, null);
  }
});
