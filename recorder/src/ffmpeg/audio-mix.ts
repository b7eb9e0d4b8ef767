/** The mixed audio's encoding: speech (voip), 48 kHz stereo as WebRTC's Opus, ~64 kbit/s. */
export const mixedAudioEncoding = ['-c:a', 'libopus', '-b:a', '64k', '-ar', '48000', '-ac', '2', '-application', 'voip'];

/**
 * ffmpeg arguments mixing the SDP's `inputs` audio streams into one Opus stream, the video (if
 * any) still copied. Each input is first put on its own timeline (aresample fills a gap, or a
 * track's late start, with silence) so amix lines them up by time, not by sample count. amix
 * sums (normalize=0): its default divides every voice by the number of inputs, halving the
 * level of a lone speaker; when two voices do peak together, a limiter (no auto level, so quiet
 * speech keeps its level) holds the sum under full scale instead of clipping. A track that ends
 * fades out in 0.5 s.
 */
export function audioMixArgs(inputs: number): string[] {
  const labels = Array.from({ length: inputs }, (_, i) => `[a${i}]`);
  const graph = [
    ...labels.map((label, i) => `[0:a:${i}]aresample=async=1:first_pts=0${label}`),
    `${labels.join('')}amix=inputs=${inputs}:normalize=0:dropout_transition=0.5,alimiter=limit=0.95:level=disabled:latency=enabled[mix]`,
  ].join(';');
  return ['-filter_complex', graph, '-map', '0:v?', '-c:v', 'copy', '-map', '[mix]', ...mixedAudioEncoding];
}
