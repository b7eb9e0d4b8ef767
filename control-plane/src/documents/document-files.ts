import { uuidSchema } from '@lienthong/contracts';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Where documents' files live: one file per document id in a directory (shared by every control
 * plane replica: a volume, or an object store behind this same small interface).
 */
export interface DocumentFiles {
  has(documentId: string): Promise<boolean>;
  /** Absolute path to send the file from. */
  pathOf(documentId: string): string;
  /** Stores the bytes; a half-written upload never replaces the previous file. Returns the size. */
  save(documentId: string, body: Readable | Buffer): Promise<number>;
}

export class DirectoryDocumentFiles implements DocumentFiles {
  constructor(private readonly dir: string) {}

  pathOf(documentId: string): string {
    // Ids are uuids from the database; anything else must never become a path.
    if (!uuidSchema.safeParse(documentId).success) throw new Error(`not a document id: ${documentId}`);
    return path.join(this.dir, documentId);
  }

  async has(documentId: string): Promise<boolean> {
    return stat(this.pathOf(documentId)).then(
      (s) => s.isFile(),
      () => false,
    );
  }

  async save(documentId: string, body: Readable | Buffer): Promise<number> {
    const target = this.pathOf(documentId);
    await mkdir(this.dir, { recursive: true });
    // A name of its own per upload: two uploads to one document in the same millisecond (or from
    // two replicas with the same pid) must not write into one another's partial file.
    const partial = `${target}.${randomUUID()}.partial`;
    try {
      const out = createWriteStream(partial);
      if (Buffer.isBuffer(body)) await new Promise<void>((resolve, reject) => out.end(body, () => resolve()).on('error', reject));
      else await pipeline(body, out);
      // Measured before the rename: afterwards the target may already be a concurrent upload's.
      const { size } = await stat(partial);
      await rename(partial, target);
      return size;
    } catch (err) {
      await rm(partial, { force: true });
      throw err;
    }
  }
}
