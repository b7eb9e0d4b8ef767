import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface SegmenterOptions {
  ffmpeg: string;
  /** the part's directory: session.sdp, segments.csv and the segments go there */
  dir: string;
  sdp: string;
  extension: 'webm' | 'mkv';
  segmentSeconds: number;
  /** a line of ffmpeg's saying packets went missing: the caller asks for a keyframe */
  onTrouble(line: string): void;
  onLog(line: string): void;
}

/** ffmpeg's words for lost packets or undecodable input (copy mode: from its RTP depacketizers). */
const trouble = /missed \d+ packets|Missing packets|max delay reached|decode|corrupt|keyframe|Invalid data/i;

/**
 * The ffmpeg arguments of one part: RTP from the tap's SDP, copied (no re-encoding) into
 * segments of about `segmentSeconds` that each start on a keyframe and are complete files, listed
 * in segments.csv as each one closes.
 */
export const mediaTimeoutSeconds = 2;

export function segmenterArgs(o: Pick<SegmenterOptions, 'extension' | 'segmentSeconds'>): string[] {
  return [
    ...['-hide_banner', '-nostdin', '-loglevel', 'warning'],
    // No packet for this long ends the part (the program paused or went): the segment closes.
    ...['-protocol_whitelist', 'file,udp,rtp', '-listen_timeout', String(mediaTimeoutSeconds), '-f', 'sdp', '-i', 'session.sdp'],
    ...['-map', '0', '-c', 'copy'],
    ...['-f', 'segment', '-segment_time', String(o.segmentSeconds), '-segment_format', o.extension === 'webm' ? 'webm' : 'matroska'],
    ...['-reset_timestamps', '1', '-segment_list', 'segments.csv', '-segment_list_type', 'csv', '-segment_list_flags', '+live'],
    `s%05d.${o.extension}`,
  ];
}

/**
 * ffmpeg runs under a small shell guard reading our stdin: when the recorder closes it (a normal
 * stop) or dies (even kill -9: the pipe closes), the guard sends ffmpeg SIGTERM, and ffmpeg closes
 * the segment it was writing, so it is complete and listed. The guard writes ffmpeg's pid to
 * ffmpeg.pid in the part's directory. (sh gives background jobs /dev/null as stdin and ignores
 * SIGINT in them: hence stdin kept on fd 3, and SIGTERM. ffmpeg sees the signal between packets
 * only: with none arriving it ends after `-listen_timeout`; a second signal would abort it before
 * it closes the segment.)
 */
const guard = [
  'exec 3<&0',
  '"$@" 3<&- & pid=$!',
  'echo $pid > ffmpeg.pid',
  '( cat <&3 >/dev/null; kill -TERM $pid 2>/dev/null ) &',
  'wait $pid',
].join('\n');

export class Segmenter {
  /** `stopped`: we asked it to stop; else code 0 means its input ended (no media), anything else a crash. */
  readonly exited: Promise<{ code: number | null; stopped: boolean }>;
  private stopping = false;

  private constructor(private readonly child: ChildProcess) {
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve({ code, stopped: this.stopping })));
  }

  static async start(o: SegmenterOptions): Promise<Segmenter> {
    await writeFile(path.join(o.dir, 'session.sdp'), o.sdp);
    const child = spawn('sh', ['-c', guard, 'segmenter', o.ffmpeg, ...segmenterArgs(o)], { cwd: o.dir, stdio: ['pipe', 'ignore', 'pipe'] });
    // ffmpeg gone on its own (killed): let the guard's reader go too.
    child.once('exit', () => child.stdin?.end());
    let rest = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.trim()) continue;
        o.onLog(line);
        if (trouble.test(line)) o.onTrouble(line);
      }
    });
    return new Segmenter(child);
  }

  /** Ends the part: ffmpeg closes the current segment and exits. */
  async stop(timeoutMs = 10_000): Promise<void> {
    this.stopping = true;
    this.child.stdin?.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }
}
