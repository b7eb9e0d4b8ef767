import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { z } from 'zod';

const run = promisify(execFile);

const probeSchema = z.object({
  streams: z.array(z.object({ codec_type: z.string(), codec_name: z.string() })),
  format: z.object({ duration: z.coerce.number().optional() }),
});
export type Probe = z.infer<typeof probeSchema>;

/** ffprobe's view of a media file or playlist: its streams and duration. Throws if it cannot read it. */
export async function ffprobe(file: string): Promise<Probe> {
  const { stdout } = await run(
    process.env.FFPROBE_PATH ?? 'ffprobe',
    ['-v', 'error', '-allowed_extensions', 'ALL', '-show_entries', 'stream=codec_type,codec_name:format=duration', '-of', 'json', file],
    { timeout: 60_000 },
  );
  return probeSchema.parse(JSON.parse(stdout));
}

export const codecs = (p: Probe) => p.streams.map((s) => `${s.codec_type}:${s.codec_name}`).sort();
