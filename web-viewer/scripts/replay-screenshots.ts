/**
 * The replay library's screens for `npm run screenshots -w web-viewer`: a member's library, the
 * player part-way through a recording, and an operator's study report, in Vietnamese. Uses the
 * stack the main script started; the recording is real HLS made by ffmpeg into its recordings dir.
 * Run alone (`node --import tsx scripts/replay-screenshots.ts`) it starts a stack of its own
 * without media nodes (replay needs none), its control plane on REPLAY_SHOTS_PORT (default 16310).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { z } from 'zod';
import { hashPassword } from '../../control-plane/src/auth/passwords.js';
import type { Database } from '../../control-plane/src/db/database.js';
import { createFixtureRecording } from '@lienthong/testing/recording-fixture';
import type { Stack } from '../../infra/local/stack.js';
import { waitFor } from '@lienthong/testing/wait';
import { openDatabase } from '../../control-plane/src/db/database.js';
import { launchChromium } from '@lienthong/testing/browser';
import { startScratchStack } from '@lienthong/testing/scratch-stack';

export interface ReplayShotsContext {
  browser: Browser;
  stack: Stack;
  db: Database;
  recordingsDir: string;
  newPage(): Promise<Page>;
  shoot(page: Page, name: string): Promise<void>;
}

export async function shootReplayScreens({ stack, db, recordingsDir, newPage, shoot }: ReplayShotsContext): Promise<void> {
  const p = db.prisma;
  const unit = (code: string) => p.unit.findUniqueOrThrow({ where: { code } });
  const [hn, district] = await Promise.all([unit('HN'), unit('HN-BD')]);
  const hall = await p.site.findUniqueOrThrow({ where: { code: 'DC-HN' } });

  // The national demo conference, recorded, with a test and a reflection to write.
  const { id } = await createFixtureRecording(p, recordingsDir, stack.seed.conferenceId, {
    durationSec: 40,
    chapters: [
      { startSec: 0, title: 'Khai mạc hội nghị', kind: 'start' },
      { startSec: 8, title: 'Quán triệt Nghị quyết Đại hội', kind: 'agenda' },
      { startSec: 20, title: 'Phát biểu của Bí thư Thành ủy Hà Nội', kind: 'floor' },
      { startSec: 32, title: 'Bế mạc', kind: 'agenda' },
    ],
  });
  await p.studyAssignment.create({
    data: {
      recordingId: id,
      questions: [
        { prompt: 'Nghị quyết xác định nhiệm vụ trọng tâm nào?', choices: ['Phát triển kinh tế số', 'Xây dựng Đảng trong sạch, vững mạnh', 'Cả hai'], correct: 2 },
        { prompt: 'Nghị quyết có hiệu lực từ năm nào?', choices: ['2025', '2026'], correct: 1 },
      ],
      passMark: 50,
      reflectionPrompt: 'Liên hệ bản thân: đồng chí sẽ làm gì để thực hiện Nghị quyết tại chi bộ?',
      updatedBy: 'screenshots',
    },
  });
  // Two more of Hà Nội's conferences in the library: one being processed, one studied already.
  for (const [title, day, status] of [
    ['Hội nghị Ban Chấp hành Đảng bộ Thành phố Hà Nội', 3, 'processing'],
    ['Hội nghị học tập chuyên đề Bác Hồ năm 2026', 12, 'ready'],
  ] as const) {
    const start = new Date(Date.now() - day * 86_400_000);
    const conference = await p.conference.create({
      data: { title, hostUnitId: hn.id, originSiteId: hall.id, status: 'ended', scheduledStart: start, scheduledEnd: new Date(start.getTime() + 7_200_000), sites: { create: [{ siteId: hall.id }] } },
    });
    await p.recording.create({ data: { conferenceId: conference.id, status, storageKey: `shot-${conference.id}`, durationSec: 5400, startedAt: start } });
  }

  const member = { username: 'dangvien.badinh', password: 'mat-khau-hoc-tap-2026' };
  await p.person.create({
    data: { username: member.username, displayName: 'Nguyễn Văn Ba', role: 'member', unitId: district.id, passwordHash: await hashPassword(member.password) },
  });

  const page = await newPage();
  await page.goto(`${stack.url}/replay`);
  await page.getByLabel('Tên đăng nhập').fill(member.username);
  await page.getByLabel('Mật khẩu').fill(member.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.locator(`[data-recording="${id}"]`).waitFor({ timeout: 15_000 });

  // The player: play into the second chapter, pause (the pause reports the watched stretch).
  await page.goto(`${stack.url}/replay/${id}`);
  const video = page.getByTestId('replay-video');
  await video.waitFor();
  await video.evaluate((v: HTMLVideoElement) => {
    v.muted = true;
    return v.play();
  });
  await waitFor('12 s of playback', async () => ((await video.evaluate((v: HTMLVideoElement) => v.currentTime)) >= 12 ? true : undefined), 30_000);
  await video.evaluate((v: HTMLVideoElement) => v.pause());
  // The report sent on pause (not the 10 s one before it) shows the whole stretch.
  await waitFor('the pause report', async () => (Number(await page.getByTestId('study-progress').getAttribute('data-share')) >= 0.29 ? true : undefined), 10_000);
  await shoot(page, 'replay-player.png');

  await page.goto(`${stack.url}/replay`);
  await page.locator(`[data-recording="${id}"]`).waitFor();
  await shoot(page, 'replay-library.png');

  // Two more members of Hà Nội and Đà Nẵng who studied it, one with a reflection to mark.
  for (const [code, name, watched, score, reflection] of [
    ['HN-HK', 'Trần Thị Tư', 38, 100, 'Qua học tập, tôi nhận thức rõ trách nhiệm nêu gương của đảng viên và sẽ cụ thể hóa nghị quyết trong công việc hằng ngày.'],
    ['DN-HC', 'Lê Văn Năm', 20, 50, null],
  ] as const) {
    const unitRow = await unit(code);
    const person = await p.person.create({ data: { username: `dv-${code.toLowerCase()}`, displayName: name, role: 'member', unitId: unitRow.id } });
    await p.studyRecord.create({
      data: {
        personId: person.id,
        recordingId: id,
        unitId: unitRow.id,
        intervals: [[0, watched]],
        watchedSec: watched,
        positionSec: watched,
        testScore: score,
        testPassed: score >= 50,
        testAt: new Date(),
        ...(reflection ? { reflection, reflectionAt: new Date() } : {}),
      },
    });
  }

  // The operator's report of that recording (the stack's system admin token).
  const operator = await newPage();
  await operator.goto(`${stack.url}/replay/${id}/report#token=${stack.operatorToken}`);
  await operator.getByTestId('study-report').waitFor({ timeout: 15_000 });
  await shoot(operator, 'replay-study-report.png');
  await operator.close();
  await page.close();
}

async function runAlone() {
  const port = z.coerce.number().int().min(1).max(65535).default(16310).parse(process.env.REPLAY_SHOTS_PORT);
  const docs = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../docs');
  const recordingsDir = await mkdtemp(path.join(tmpdir(), 'lienthong-replay-shots-'));
  const stack = await startScratchStack([], { port, recordingsDir });
  const browser = await launchChromium();
  const db = await openDatabase({ databaseUrl: stack.databaseUrl });
  try {
    await shootReplayScreens({
      browser,
      stack,
      db,
      recordingsDir,
      newPage: async () => (await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' })).newPage(),
      shoot: async (page, name) => {
        await page.screenshot({ path: path.join(docs, name) });
        console.log(`saved web-viewer/docs/${name}`);
      },
    });
  } finally {
    await browser.close();
    await db.close();
    await stack.stop();
    await rm(recordingsDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await runAlone();
