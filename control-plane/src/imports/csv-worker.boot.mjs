// A worker thread does not inherit the tsx loader the control plane runs under (nor vitest's):
// register it here, then run the TypeScript worker.
import { tsImport } from 'tsx/esm/api';

await tsImport('./csv-worker.ts', import.meta.url);
