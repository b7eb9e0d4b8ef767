import type { RecordingManifest } from '@lienthong/contracts';

/**
 * Where recordings live. ffmpeg writes into a local working directory per recording; a file is
 * handed to `publish` once it is final (a finished segment, a playlist, the poster), and the
 * manifest is always written last, so a reader that trusts the manifest never meets a missing or
 * half-written file. The directory store's working directory is the store itself.
 */
export interface RecordingStorage {
  /** Local directory for the recording's files while they are being made. */
  workDir(recordingId: string): string;
  /** The stored manifest, validated; null when the recording has none yet. */
  readManifest(recordingId: string): Promise<RecordingManifest | null>;
  /** Replaces the manifest atomically (readers see the old one or the new one, never a mix). */
  writeManifest(manifest: RecordingManifest): Promise<void>;
  /** Writes a small text file (a playlist) atomically and publishes it. */
  writeText(recordingId: string, relativePath: string, text: string): Promise<void>;
  /** A file finished in the working directory is final. */
  publish(recordingId: string, relativePath: string): Promise<void>;
}
