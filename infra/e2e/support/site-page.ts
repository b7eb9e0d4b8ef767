import { conferenceDetailSchema, type ConferenceDetail } from '@lienthong/contracts';
import type { Browser, Page } from 'playwright-core';
import type { InboundStats } from '../../../web-viewer/src/site/stats.js';
import { waitFor } from '../../local/wait.js';

/**
 * Opens a site's join link and goes through the device check the way a site's operator does:
 * the preview opens, the delegate count is typed (when given), then "Vào hội nghị" is clicked.
 * Returns the moment of the click (ms, this process's clock).
 */
export async function joinThroughDeviceCheck(page: Page, joinUrl: string, options: { delegates?: number } = {}): Promise<number> {
  await page.goto(joinUrl);
  await page.getByTestId('device-check').waitFor({ state: 'visible', timeout: 15_000 });
  if (options.delegates !== undefined) await page.getByTestId('delegates').fill(String(options.delegates));
  const button = page.getByTestId('join-button');
  await button.waitFor({ state: 'visible', timeout: 15_000 });
  const clickedAt = Date.now();
  await button.click();
  return clickedAt;
}

/** `window.__lienthong.state` of a site page: 'connecting', 'ready', 'receiving', 'error:<CODE>', … */
export const siteState = (page: Page) => page.evaluate(() => (window as any).__lienthong?.state as string | undefined);

/** `window.__lienthong.inboundStats()`: what the site's receive transport got so far. */
export const inboundOf = (page: Page) =>
  page.evaluate(() => (window as any).__lienthong.inboundStats() as Promise<InboundStats>);

/** GET /api/conferences/:id of the stack's demo conference (with every site's join link). */
export async function demoConference(stack: { url: string; operatorToken: string; seed: { conferenceId: string } }) {
  const res = await fetch(`${stack.url}/api/conferences/${stack.seed.conferenceId}`, {
    headers: { authorization: `Bearer ${stack.operatorToken}` },
  });
  if (!res.ok) throw new Error(`GET conference: ${res.status} ${await res.text()}`);
  return conferenceDetailSchema.parse(await res.json());
}

/** The central hall joins in its own page and sends (its own program preview plays). */
export async function hallOnAir(browser: Browser, conference: ConferenceDetail): Promise<Page> {
  const hall = await (await browser.newContext()).newPage();
  await joinThroughDeviceCheck(hall, conference.sites.find((s) => s.isOrigin)!.joinUrl, { delegates: 250 });
  await waitFor('the hall to send', async () => ((await siteState(hall)) === 'receiving' ? true : undefined), 30_000);
  return hall;
}
