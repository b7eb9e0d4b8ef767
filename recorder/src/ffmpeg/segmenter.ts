import { createSocket } from 'node:dgram';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { audioMixArgs } from './audio-mix.js';
import { spawnGuarded, type GuardedChild } from './guard.js';

export interface SegmenterOptions {
  ffmpeg: string;
  /** where ffmpeg receives each track (the SDP's ports): a stop says RTCP BYE there */
  rtp: { ip: string; ports: number[] };
  /** the part's directory: session.sdp, segments.csv and the segments go there */
  dir: string;
  sdp: string;
  extension: 'webm' | 'mkv';
  segmentSeconds: number;
  /** the SDP's audio streams: more than one are mixed (and so encoded), else everything is copied */
  audioStreams: number;
  /** a line of ffmpeg's saying packets went missing: the caller asks for a keyframe */
  onTrouble(line: string): void;
  onLog(line: string): void;
}

/** ffmpeg's words for lost packets or undecodable input (copy mode: from its RTP depacketizers). */
const trouble = /missed \d+ packets|Missing packets|max delay reached|decode|corrupt|keyframe|Invalid data/i;

/**
 * The ffmpeg arguments of one part: RTP from the tap's SDP, copied (no re-encoding; but the audio
 * when several tracks are mixed) into segments of about `segmentSeconds` that each start on a
 * keyframe and are complete files, listed in segments.csv as each one closes.
 */
export function segmenterArgs(o: Pick<SegmenterOptions, 'extension' | 'segmentSeconds' | 'audioStreams'>): string[] {
  return [
    ...['-hide_banner', '-nostdin', '-loglevel', 'warning'],
    // ffmpeg ends its input by itself after ~10 s without a packet (the program paused or went).
    ...['-protocol_whitelist', 'file,udp,rtp', '-f', 'sdp', '-i', 'session.sdp'],
    ...(o.audioStreams > 1 ? audioMixArgs(o.audioStreams) : ['-map', '0', '-c', 'copy']),
    ...['-f', 'segment', '-segment_time', String(o.segmentSeconds), '-segment_format', o.extension === 'webm' ? 'webm' : 'matroska'],
    ...['-reset_timestamps', '1', '-segment_list', 'segments.csv', '-segment_list_type', 'csv', '-segment_list_flags', '+live'],
    `s%05d.${o.extension}`,
  ];
}

/**
 * ffmpeg runs guarded (see `spawnGuarded`): when the recorder stops or dies, ffmpeg gets SIGTERM
 * and closes the segment it was writing, so it is complete and listed. Its pid goes to ffmpeg.pid
 * in the part's directory, for the recorder that takes over. ffmpeg sees the signal between packets
 * only: with none arriving it ends after its ~10 s receive timeout; a second signal would abort it
 * before it closes the segment.
 */

export class Segmenter {
  /** `stopped`: we asked it to stop; else code 0 means its input ended (no media), anything else a crash. */
  readonly exited: Promise<{ code: number | null; stopped: boolean }>;
  private stopping = false;

  private constructor(
    private readonly child: GuardedChild,
    private readonly rtp: SegmenterOptions['rtp'],
  ) {
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve({ code, stopped: this.stopping })));
  }

  static async start(o: SegmenterOptions): Promise<Segmenter> {
    await writeFile(path.join(o.dir, 'session.sdp'), o.sdp);
    const child = spawnGuarded(o.ffmpeg, segmenterArgs(o), { cwd: o.dir, stdout: 'ignore', pidFile: 'ffmpeg.pid' });
    let rest = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.trim()) continue;
        o.onLog(line);
        if (trouble.test(line)) o.onTrouble(line);
      }
    });
    return new Segmenter(child, o.rtp);
  }

  /**
   * Ends the part: ffmpeg closes the current segment and exits. An RTCP BYE on every stream's port
   * ends its input at once, packets or not (ffmpeg sees a signal only between packets, and with
   * none arriving would wait ~10 s for its receive timeout); SIGTERM through the guard follows.
   */
  async stop(timeoutMs = 10_000): Promise<void> {
    this.stopping = true;
    await sayBye(this.rtp.ip, this.rtp.ports).catch(() => undefined);
    const term = setTimeout(() => this.child.stdin.end(), 2000);
    const kill = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(term);
    clearTimeout(kill);
    this.child.stdin.end();
  }
}

/**
 * A compound RTCP packet ending in BYE (RFC 3550 6.6): an empty receiver report, then a BYE of one
 * source. ffmpeg ignores anything shorter than an RTP header (12 bytes), hence the report first.
 */
export const rtcpBye = () => Buffer.from([0x80, 201, 0, 1, 0, 0, 0, 0, 0x81, 203, 0, 1, 0, 0, 0, 0]);

/** Ends the input of an ffmpeg reading RTP on these ports (see `stop`). */
export async function sayBye(ip: string, ports: number[]): Promise<void> {
  const socket = createSocket('udp4');
  const to = ip === '0.0.0.0' ? '127.0.0.1' : ip;
  try {
    for (const port of ports) await new Promise<void>((resolve, reject) => socket.send(rtcpBye(), port, to, (err) => (err ? reject(err) : resolve())));
  } finally {
    socket.close();
  }
}
