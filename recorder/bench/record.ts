// What one recorded conference costs the recorder in copy mode, against a same-run baseline, how
// soon after the conference ends its HLS plays, and how fast the low rendition encodes.
//   npm run bench:record            (RECORD_SECONDS=60 for a longer window)
// Copy cost: the recorder process and its segmenting ffmpeg. Baseline: a bare `ffmpeg -f null`
// receiving the same program through a second tap (UDP receive + RTP depacketizing, nothing
// written). The source HLS transcodes the recorder runs meanwhile are reported apart.
import { readFile, rm } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startRecordedConference } from '../../infra/e2e/support/recorded-conference.js';
import { waitFor } from '../../infra/local/wait.js';
import { ProgramTap } from '../../control-plane/src/recording/program-tap.js';
import { tapSdp } from '../src/ffmpeg/sdp.js';
import { runFfmpeg } from '../src/ffmpeg/run.js';
import { renditionSpecs, transcodeArgs } from '../src/hls/renditions.js';
import { segmentInputs } from '../src/hls/packager.js';

const windowSec = Number(process.env.RECORD_SECONDS ?? 30);
const ticksPerSec = 100; // USER_HZ on Linux
const ports = { controlPlane: 46012, node: { nodeId: 'node-bench-rec', localityTags: ['TW'], rtcMinPort: 46200, rtcMaxPort: 46239 }, rtp: [46240, 46279] as [number, number] };

/** CPU seconds so far: own, and of children already waited for. */
async function cpu(pid: number) {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { own: (Number(f[11]) + Number(f[12])) / ticksPerSec, children: (Number(f[13]) + Number(f[14])) / ticksPerSec };
}
const rssMb = async (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(await readFile(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

const rec = await startRecordedConference(ports, { segmentSeconds: 4, jobLockMs: 10_000 });
const scratch = await mkdtemp(path.join(tmpdir(), 'lienthong-bench-'));
try {
  await rec.conference.startHall({ audio: true });
  const recorder = rec.startRecorder();
  const { id } = await rec.conference.plane.recordings.start(rec.conferenceId, null);
  await rec.waitManifest(id, 'the first part', (m) => m.parts.length > 0);

  // The baseline receiver on a tap of its own.
  const tap = await ProgramTap.open(rec.conference.room, rec.conference.plane.fleet, {
    video: { ip: '127.0.0.1', port: ports.rtp[1] - 7 },
    audio: { ip: '127.0.0.1', port: ports.rtp[1] - 3 },
  });
  await writeFile(path.join(scratch, 'tap.sdp'), tapSdp(tap.tracks, '127.0.0.1'));
  const baseline = spawn('ffmpeg', ['-nostdin', '-loglevel', 'error', '-protocol_whitelist', 'file,udp,rtp', '-f', 'sdp', '-i', 'tap.sdp', '-map', '0', '-c', 'copy', '-f', 'null', '-'], { cwd: scratch, stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 300));
  await tap.start();
  await new Promise((r) => setTimeout(r, 3000)); // past ffmpegs' start-up

  const ffmpegPid = Number(await readFile(path.join(rec.dir, id, 'archive/p000/ffmpeg.pid'), 'utf8'));
  const pids = { recorder: recorder.process.pid!, ffmpeg: ffmpegPid, baseline: baseline.pid! };
  const before = { recorder: await cpu(pids.recorder), ffmpeg: await cpu(pids.ffmpeg), baseline: await cpu(pids.baseline) };
  const rss = { recorder: 0, ffmpeg: 0, baseline: 0 };
  for (let t = 0; t < windowSec; t++) {
    await new Promise((r) => setTimeout(r, 1000));
    for (const k of Object.keys(pids) as (keyof typeof pids)[]) rss[k] = Math.max(rss[k], await rssMb(pids[k]));
  }
  const after = { recorder: await cpu(pids.recorder), ffmpeg: await cpu(pids.ffmpeg), baseline: await cpu(pids.baseline) };
  const share = (k: keyof typeof pids) => (after[k].own - before[k].own) / windowSec;
  const copyCpu = share('recorder') + share('ffmpeg');
  const transcodeCpu = (after.recorder.children - before.recorder.children) / windowSec;
  baseline.kill('SIGTERM');
  await tap.close();

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
        program: 'VP8 320x240 15 fps ~300 kbps + Opus 48 kbps (ffmpeg test pattern through a real media node)',
        copyMode: {
          cpuShareOfOneCore: r2(copyCpu),
          recorderProcessCpu: r2(share('recorder')),
          segmenterFfmpegCpu: r2(share('ffmpeg')),
          rssMb: { recorder: r2(rss.recorder), segmenterFfmpeg: r2(rss.ffmpeg) },
        },
        baselineFfmpegNullReceive: { cpuShareOfOneCore: r2(share('baseline')), rssMb: r2(rss.baseline) },
        copyVsBaselineCpuRatio: share('baseline') > 0 ? r2(copyCpu / share('baseline')) : null,
        sourceHlsTranscodeCpuShare: r2(transcodeCpu),
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
