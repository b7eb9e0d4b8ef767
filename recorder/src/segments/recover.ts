import type { RecordingManifest } from '@lienthong/contracts';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { addSegments, endPart, partDir } from './manifest.js';
import { parseSegmentList } from './segment-list.js';

/**
 * Reads the last part's segment list (ffmpeg's record of closed segments) into the manifest:
 * segments closed after the manifest was last written (e.g. by ffmpeg finishing its segment as
 * the crashed recorder's pipe closed) are kept. The part is ended where its last segment ends.
 */
export async function readPartList(m: RecordingManifest, workDir: string): Promise<RecordingManifest> {
  const part = m.parts.at(-1);
  if (!part) return m;
  const text = await readFile(path.join(workDir, partDir(part.index), 'segments.csv'), 'utf8').catch(() => '');
  return addSegments(m, parseSegmentList(text));
}

export async function recoverLastPart(m: RecordingManifest, workDir: string): Promise<RecordingManifest> {
  const part = m.parts.at(-1);
  if (!part || part.endedAt) return m;
  const read = await readPartList(m, workDir);
  const last = read.parts.at(-1)!;
  const recorded = last.segments.reduce((n, s) => n + s.durationSec, 0);
  return endPart(read, new Date(Date.parse(last.startedAt) + recorded * 1000));
}
