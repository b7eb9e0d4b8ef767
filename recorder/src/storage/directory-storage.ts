import { recordingManifestSchema, type RecordingManifest } from '@lienthong/contracts';
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import type { RecordingStorage } from './storage.js';

/** Recordings as directories under one root (RECORDINGS_DIR): `<root>/<recordingId>/…`. */
export class DirectoryStorage implements RecordingStorage {
  constructor(private readonly root: string) {}

  workDir(recordingId: string): string {
    if (!/^[\w-]+$/.test(recordingId)) throw new Error(`unexpected recording id ${recordingId}`);
    return path.join(this.root, recordingId);
  }

  async readManifest(recordingId: string): Promise<RecordingManifest | null> {
    let text: string;
    try {
      text = await readFile(path.join(this.workDir(recordingId), 'manifest.json'), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    return recordingManifestSchema.parse(JSON.parse(text));
  }

  writeManifest(manifest: RecordingManifest): Promise<void> {
    const valid = recordingManifestSchema.parse(manifest);
    return this.writeText(manifest.recordingId, 'manifest.json', `${JSON.stringify(valid, null, 2)}\n`);
  }

  /** Write to a temporary name, fsync, rename over: a crash leaves the old file or the new one. */
  async writeText(recordingId: string, relativePath: string, text: string): Promise<void> {
    const target = path.join(this.workDir(recordingId), relativePath);
    await mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.${randomBytes(4).toString('hex')}.tmp`;
    const file = await open(tmp, 'w');
    try {
      await file.writeFile(text);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(tmp, target);
  }

  async publish(): Promise<void> {
    // Files are written in place: nothing to copy.
  }
}
