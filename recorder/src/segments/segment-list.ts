/**
 * ffmpeg's segment muxer writes one CSV line (`file,start,end`) per segment once it is finished
 * and closed (`-segment_list_type csv -segment_list_flags +live`): the list is the crash-safe
 * record of what is playable, read by the running job and by the one that resumes after a crash.
 */
export interface FinishedSegment {
  file: string;
  startSec: number;
  endSec: number;
}

export function parseSegmentList(text: string): FinishedSegment[] {
  const out: FinishedSegment[] = [];
  for (const line of text.split('\n')) {
    const m = /^([^,]+),(-?[\d.]+),(-?[\d.]+)\s*$/.exec(line.trim());
    if (!m) continue; // a line being written, or empty
    const [, file, start, end] = m;
    const startSec = Number(start);
    const endSec = Number(end);
    if (endSec > startSec) out.push({ file: file!, startSec, endSec });
  }
  return out;
}
