// The replay side's view of recording storage: read a recording's manifest, open one of its media
// files. The recorder writes; this side only reads. A directory on a shared volume is the
// implementation today; an object store would implement the same two calls (GET of
// `<key>/manifest.json` and of `<key>/<path>`), and could hand out its own signed URLs instead.
import { recordingManifestSchema, type RecordingManifest } from '@lienthong/contracts';
import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';

export interface MediaFile {
  body: Readable;
  sizeBytes: number;
  contentType: string;
}

export interface RecordingStorage {
  /** The recording's manifest, or null while there is none (nothing written yet). A corrupt one throws. */
  readManifest(storageKey: string): Promise<RecordingManifest | null>;
  /** One media file of the recording, or null if there is no such file. Refuses paths leaving the recording. */
  openMedia(storageKey: string, relativePath: string): Promise<MediaFile | null>;
}

/** What a player may fetch, by extension. The manifest and anything else stay private. */
const mediaTypes: Record<string, string> = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.ts': 'video/mp2t',
  '.m4s': 'video/iso.segment',
  '.mp4': 'video/mp4',
  '.aac': 'audio/aac',
  '.webm': 'video/webm',
  '.jpg': 'image/jpeg',
  '.png': 'image/png',
  '.vtt': 'text/vtt',
};

/** Plain segments of letters, digits, dot, dash and underscore, none of them `.`/`..` or empty, at most `depth`. */
const isPlainRelativePath = (relativePath: string, depth: number) => {
  const segments = relativePath.split('/');
  return segments.length <= depth && segments.every((s) => /^[\w][\w.-]*$/.test(s) && !s.includes('..'));
};

/** Whether a path asked for by a client names a media file inside a recording. */
export const isSafeMediaPath = (relativePath: string) =>
  isPlainRelativePath(relativePath, 8) && path.extname(relativePath).toLowerCase() in mediaTypes;

/** A recording's directory under the storage root: a plain name, or a few plain levels ("2026/11/<id>"). */
export const isSafeStorageKey = (key: string) => isPlainRelativePath(key, 4);

export class DirectoryStorage implements RecordingStorage {
  constructor(private readonly root: string) {}

  async readManifest(storageKey: string): Promise<RecordingManifest | null> {
    const dir = this.directoryOf(storageKey);
    let text: string;
    try {
      text = await readFile(path.join(dir, 'manifest.json'), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    return recordingManifestSchema.parse(JSON.parse(text));
  }

  async openMedia(storageKey: string, relativePath: string): Promise<MediaFile | null> {
    if (!isSafeMediaPath(relativePath)) return null;
    const dir = this.directoryOf(storageKey);
    let file: string;
    try {
      // A symlink inside the recording must not lead out of it either.
      file = await realpath(path.join(dir, relativePath));
      const realDir = await realpath(dir);
      if (!file.startsWith(realDir + path.sep)) return null;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    const info = await stat(file);
    if (!info.isFile()) return null;
    return { body: createReadStream(file), sizeBytes: info.size, contentType: mediaTypes[path.extname(file).toLowerCase()]! };
  }

  private directoryOf(storageKey: string): string {
    if (!isSafeStorageKey(storageKey)) throw new Error(`storage key ${JSON.stringify(storageKey)} is not a plain directory name`);
    return path.join(this.root, storageKey);
  }
}
