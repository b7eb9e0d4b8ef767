// What one recorded conference costs the recorder in copy mode, against a same-run baseline; what
// it costs while a floor holder's audio is mixed with the hall's; how soon after the conference
// ends its HLS plays, and how fast the low rendition encodes.
//   npm run bench:record            (RECORD_SECONDS=60 for longer windows)
// Copy cost: the recorder process and its segmenting ffmpeg. Baseline: a bare `ffmpeg -f null`
// receiving the same program through a second tap (UDP receive + RTP depacketizing, nothing
// written). Mix cost: the same two, the recorder now relaying the part's RTP and ffmpeg decoding
// two Opus tracks, mixing and encoding one. The source HLS transcodes the recorder runs meanwhile
// are reported apart.
import { readFile, rm } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startRecordedConference } from '@lienthong/testing/recorded-conference';
import { waitFor } from '@lienthong/testing/wait';
import { ProgramTap } from '../../control-plane/src/recording/program-tap.js';
import { tapSdp } from '../src/ffmpeg/sdp.js';
import { runFfmpeg } from '../src/ffmpeg/run.js';
import { renditionSpecs, transcodeArgs } from '../src/hls/renditions.js';
import { segmentInputs } from '../src/hls/packager.js';
import { partDir } from '../src/segments/manifest.js';

const windowSec = Number(process.env.RECORD_SECONDS ?? 30);
const ticksPerSec = 100; // USER_HZ on Linux
const ports = { controlPlane: 16012, node: { nodeId: 'node-bench-rec', localityTags: ['TW'], rtcMinPort: 16200, rtcMaxPort: 16239 }, rtp: [16240, 16269] as [number, number] };

/** CPU seconds so far: own, and of children already waited for. */
async function cpu(pid: number) {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { own: (Number(f[11]) + Number(f[12])) / ticksPerSec, children: (Number(f[13]) + Number(f[14])) / ticksPerSec };
}
const rssMb = async (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(await readFile(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** Each process's share of one core over `windowSec` (its children's apart), and its peak RSS. */
async function measure<K extends string>(pids: Record<K, number>) {
  const keys = Object.keys(pids) as K[];
  const sample = async () => Object.fromEntries(await Promise.all(keys.map(async (k) => [k, await cpu(pids[k])] as const))) as Record<K, Awaited<ReturnType<typeof cpu>>>;
  const before = await sample();
  const rss = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  for (let t = 0; t < windowSec; t++) {
    await new Promise((r) => setTimeout(r, 1000));
    for (const k of keys) rss[k] = Math.max(rss[k], await rssMb(pids[k]));
  }
  const after = await sample();
  const share = (k: K) => (after[k].own - before[k].own) / windowSec;
  const childrenShare = (k: K) => (after[k].children - before[k].children) / windowSec;
  return { share, childrenShare, rss };
}
const segmenterPid = async (id: string, part: number) => Number(await readFile(path.join(rec.dir, id, partDir(part), 'ffmpeg.pid'), 'utf8'));

const rec = await startRecordedConference(ports, { segmentSeconds: 4, jobLockMs: 10_000 });
const scratch = await mkdtemp(path.join(tmpdir(), 'lienthong-bench-'));
try {
  await rec.conference.startHall({ audio: true });
  const recorder = rec.startRecorder();
  const { id } = await rec.conference.plane.recordings.start(rec.conferenceId, null);
  await rec.waitManifest(id, 'the first part', (m) => m.parts.length > 0);

  // The baseline receiver on a tap of its own.
  const tap = await ProgramTap.open(rec.conference.plane.rooms.handle(rec.conferenceId), rec.conference.plane.fleet, {
    video: { ip: '127.0.0.1', port: ports.rtp[1] + 3 },
    audio: [{ ip: '127.0.0.1', port: ports.rtp[1] + 7 }],
  }, []);
  await writeFile(path.join(scratch, 'tap.sdp'), tapSdp(tap.tracks, '127.0.0.1'));
  const baseline = spawn('ffmpeg', ['-nostdin', '-loglevel', 'error', '-protocol_whitelist', 'file,udp,rtp', '-f', 'sdp', '-i', 'tap.sdp', '-map', '0', '-c', 'copy', '-f', 'null', '-'], { cwd: scratch, stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 300));
  await tap.start();
  await new Promise((r) => setTimeout(r, 3000)); // past ffmpegs' start-up

  const copy = await measure({ recorder: recorder.process.pid!, ffmpeg: await segmenterPid(id, 0), baseline: baseline.pid! });
  const copyCpu = copy.share('recorder') + copy.share('ffmpeg');
  baseline.kill('SIGTERM');
  await tap.close();

  // A site takes the floor with a tone of its own: its audio and the hall's are mixed.
  await rec.conference.giveFloorToSecondCamera({ toneHz: 1000 });
  await rec.waitManifest(id, 'the mixed part', (m) => (m.parts[1]?.segments.length ?? 0) > 0);
  const mix = await measure({ recorder: recorder.process.pid!, ffmpeg: await segmenterPid(id, 1) });
  const mixCpu = mix.share('recorder') + mix.share('ffmpeg');

  // Conference end -> the HLS plays.
  await rec.conference.stopHallMedia();
  const endedAt = performance.now();
  await rec.endConference();
  const ready = await rec.waitManifest(id, 'ready', (m) => m.status === 'ready', 120_000);
  const endToPlayableSec = (performance.now() - endedAt) / 1000;

  // The low rendition's encode speed, segment by segment as the finishing job makes it.
  let mediaSec = 0;
  const encodeStarted = performance.now();
  for (const s of segmentInputs(ready)) {
    await runFfmpeg('ffmpeg', transcodeArgs(renditionSpecs.low, s, path.join(scratch, 'low.ts')), { cwd: path.join(rec.dir, id) });
    mediaSec += s.durationSec;
  }
  const lowXRealtime = mediaSec / ((performance.now() - encodeStarted) / 1000);
  await waitFor('the finishing job', async () => ((await rec.manifestOf(id))?.renditions.length === 3 ? true : undefined), 120_000, 200).catch(() => undefined);

  const r2 = (n: number) => Math.round(n * 1000) / 1000;
  console.log(
    JSON.stringify(
      {
        bench: 'record',
        windowSec,
        program: 'VP8 320x240 15 fps ~300 kbps + Opus 48 kbps (ffmpeg test pattern through a real media node); mixed: + a floor site\'s Opus 48 kbps',
        copyMode: {
          cpuShareOfOneCore: r2(copyCpu),
          recorderProcessCpu: r2(copy.share('recorder')),
          segmenterFfmpegCpu: r2(copy.share('ffmpeg')),
          rssMb: { recorder: r2(copy.rss.recorder), segmenterFfmpeg: r2(copy.rss.ffmpeg) },
        },
        baselineFfmpegNullReceive: { cpuShareOfOneCore: r2(copy.share('baseline')), rssMb: r2(copy.rss.baseline) },
        copyVsBaselineCpuRatio: copy.share('baseline') > 0 ? r2(copyCpu / copy.share('baseline')) : null,
        mixMode: {
          audioTracks: 2,
          cpuShareOfOneCore: r2(mixCpu),
          recorderProcessCpuWithRelay: r2(mix.share('recorder')),
          segmenterFfmpegCpu: r2(mix.share('ffmpeg')),
          rssMb: { recorder: r2(mix.rss.recorder), segmenterFfmpeg: r2(mix.rss.ffmpeg) },
        },
        mixVsCopyCpuRatio: copyCpu > 0 ? r2(mixCpu / copyCpu) : null,
        sourceHlsTranscodeCpuShare: { copy: r2(copy.childrenShare('recorder')), mix: r2(mix.childrenShare('recorder')) },
        recordedSec: ready.durationSec,
        endToPlayableHlsSec: r2(endToPlayableSec),
        lowRenditionXRealtime: r2(lowXRealtime),
        cores: (await readFile('/proc/cpuinfo', 'utf8')).split('\n').filter((l) => l.startsWith('processor')).length,
      },
      null,
      2,
    ),
  );
} finally {
  await rec.stop();
  await rm(scratch, { recursive: true, force: true });
}
process.exit(0);
