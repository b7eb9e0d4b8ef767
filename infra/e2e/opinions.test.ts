import { callMessage, namespaces, siteRequests } from '@lienthong/contracts';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoNodes } from '../local/stack.js';
import { waitFor } from '@lienthong/testing/wait';
import { launchChromium } from '@lienthong/testing/browser';
import { createOperator, logInToConsole } from '@lienthong/testing/console-page';
import { startScratchStack } from '@lienthong/testing/scratch-stack';
import { demoConference, joinThroughDeviceCheck, siteState, type LinkedConference } from '@lienthong/testing/site-page';

/**
 * Written opinions with real browsers: a commune's operator types a delegate's question on the
 * site page, the secretariat accepts it in the live console (where another site's question waits
 * too) and forwards it with the other merged into it, the hall shows it on the chair's screen, and
 * the commune sees "forwarded". With SCREENSHOTS_DIR set, the three screens are saved there.
 */
const shots = process.env.SCREENSHOTS_DIR;
const operatorPassword = 'mật-khẩu-thư-ký-2026';
const question = 'Đề nghị Trung ương cho biết lộ trình hỗ trợ kinh phí chuyển đổi số cho các xã vùng cao trong năm tới?';

describe('written opinions: site, secretariat, chair', () => {
  let stack: Awaited<ReturnType<typeof startScratchStack>>;
  let browser: Browser;
  let conference: LinkedConference;

  beforeAll(async () => {
    stack = await startScratchStack(demoNodes(18200, 50));
    [browser, conference] = await Promise.all([launchChromium(), demoConference(stack)]);
    // The host's secretariat: an operator of the central unit.
    await createOperator(stack, { username: 'thu.ky', password: operatorPassword, displayName: 'Tổ thư ký', unitId: conference.hostUnit.id });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const newPage = async () => (await browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', viewport: { width: 1366, height: 768 } })).newPage();
  const shoot = async (page: Page, name: string) => {
    if (shots) await page.screenshot({ path: path.join(shots, name) });
  };
  /** Another site sends an opinion over its own socket, as its page would. */
  async function sendFrom(siteId: string, text: string, speakerName: string) {
    const socket = io(`${stack.url}${namespaces.site}`, { auth: { token: await stack.tokens.signSite({ sub: siteId, conf: conference.id }, 600) }, transports: ['websocket'], reconnection: false });
    try {
      await new Promise<void>((resolve, reject) => socket.once('connect', () => resolve()).once('connect_error', reject));
      return await callMessage(socket, siteRequests, 'sendOpinion', { clientRef: randomUUID(), kind: 'question', speakerName, speakerRole: 'Đại biểu', text });
    } finally {
      socket.close();
    }
  }

  it('goes from the site page through the console to the chair screen, and its status back to the site', async () => {
    const communes = conference.sites.filter((s) => !s.isOrigin && s.unit.tier === 3);
    const [sender, other] = [communes[0]!, communes.at(-1)!];
    // The hall, the commune and the secretariat's console open side by side (the chair's screen
    // needs the hall in the conference, not its picture on air).
    const joined = async (joinUrl: string, delegates: number) => {
      const page = await newPage();
      await joinThroughDeviceCheck(page, joinUrl, { delegates });
      return page;
    };
    const secretariat = async () => {
      const page = await newPage();
      await logInToConsole(page, stack.url, 'thu.ky', operatorPassword);
      await page.goto(`${stack.url}/console/conferences/${conference.id}/live`);
      return page;
    };
    const [hall, site, console] = await Promise.all([joined(conference.sites.find((s) => s.isOrigin)!.joinUrl, 250), joined(sender.joinUrl, 60), secretariat()]);

    // The site's operator types the delegate's question.
    await site.getByTestId('opinions-button').click();
    const panel = site.getByTestId('opinions');
    await panel.getByRole('radio', { name: 'Câu hỏi' }).check();
    await panel.getByTestId('opinion-speaker').fill('Hoàng Văn Thái');
    await panel.getByTestId('opinion-role').fill('Bí thư Đảng ủy xã');
    await panel.getByTestId('opinion-text').fill(question);
    await panel.getByTestId('opinion-send').click();
    await panel.getByTestId('opinion-sent').waitFor();
    const mine = panel.getByTestId('my-opinion').first();
    expect(await mine.getByTestId('opinion-status').innerText()).toBe('Đã gửi, chờ xử lý');
    const similar = await sendFrom(other.id, 'Kinh phí chuyển đổi số cho xã vùng cao sẽ được hỗ trợ thế nào?', 'Lò Thị Mai');
    await sendFrom(communes[1]!.id, 'Đề nghị bổ sung tài liệu hướng dẫn bằng tiếng dân tộc.', 'Vàng A Chứ');

    // The secretariat: accept, merge the similar question into it, forward to the chair.
    const queue = console.getByTestId('opinions-panel');
    const card = queue.locator('[data-testid="queued-opinion"]', { hasText: question });
    await card.getByTestId('opinion-accept').click();
    await waitFor('accepted in the queue', async () => ((await card.getAttribute('data-status')) === 'accepted' ? true : undefined));
    const similarCard = queue.locator(`[data-opinion-id="${similar.id}"]`);
    await similarCard.getByTestId('opinion-merge').click();
    await similarCard.getByTestId('opinion-merge-target').selectOption(await card.getAttribute('data-opinion-id'));
    await similarCard.getByTestId('opinion-confirm-merge').click();
    await similarCard.waitFor({ state: 'detached' });
    await waitFor('accepted on the site', async () => ((await mine.getAttribute('data-status')) === 'accepted' ? true : undefined));
    await card.getByTestId('opinion-forward').click();
    await console.getByTestId('opinion-filter-onScreen').click();
    await queue.locator('[data-testid="queued-opinion"][data-status="forwarded"]', { hasText: question }).waitFor();

    // The chair's screen in the hall, with the site that asked the same.
    const onScreen = hall.getByTestId('hall-opinion');
    await onScreen.waitFor({ timeout: 10_000 });
    expect(await onScreen.innerText()).toContain(question);
    expect(await onScreen.innerText()).toContain('Hoàng Văn Thái, Bí thư Đảng ủy xã');
    expect(await onScreen.innerText()).toContain(`Cùng ý kiến: ${other.name} (Lò Thị Mai)`);
    // And the status on the sending site.
    await waitFor('forwarded on the site', async () => ((await mine.getAttribute('data-status')) === 'forwarded' ? true : undefined));
    expect(await mine.getByTestId('opinion-status').innerText()).toBe('Đã chuyển chủ tọa');

    await shoot(site, 'site-opinions.png');
    await console.getByTestId('opinion-filter-all').click();
    await queue.scrollIntoViewIfNeeded();
    await shoot(console, 'console-opinions.png');
    if (shots) await waitFor('the hall on air', async () => ((await siteState(hall)) === 'receiving' ? true : undefined), 30_000);
    await shoot(hall, 'hall-opinions.png');
  });
});
