import type { ConferenceDetail, ConferenceSite } from '@lienthong/contracts';
import type { Browser, Page } from 'playwright-core';
// Brings the page's typed `window.__lienthong` into this programme for page.evaluate callbacks.
import type {} from '../../web-viewer/src/site/diagnostics.js';
import { operatorApi } from '../../infra/local/operator-api.js';
import { waitFor } from './wait.js';

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
export const siteState = (page: Page) => page.evaluate(() => window.__lienthong?.state);

/** `window.__lienthong.inboundStats()`: what the site's receive transport got so far. */
export const inboundOf = (page: Page) =>
  page.evaluate(() => window.__lienthong!.inboundStats());

interface StackApi {
  url: string;
  operatorToken: string;
}
/** A conference's detail with each site's join link, as the console's print page gets them. */
export type LinkedConference = Omit<ConferenceDetail, 'sites'> & { sites: (ConferenceSite & { joinUrl: string })[] };

/** Adds every site's join link (GET /api/conferences/:id/join-links, page by page) to a conference's detail. */
export async function withJoinUrls(stack: StackApi, detail: ConferenceDetail): Promise<LinkedConference> {
  const links = await operatorApi(stack).all('joinLinks.list', { params: { id: detail.id } });
  const urls = new Map(links.map((link) => [link.siteId, link.url]));
  return { ...detail, sites: detail.sites.map((s) => ({ ...s, joinUrl: urls.get(s.id)! })) };
}

/** GET /api/conferences/:id of the stack's demo conference, with every site's join link. */
export async function demoConference(stack: StackApi & { seed: { conferenceId: string } }): Promise<LinkedConference> {
  return withJoinUrls(stack, await operatorApi(stack).call('conferences.get', { params: { id: stack.seed.conferenceId } }));
}

/**
 * The central hall joins in its own page and sends (its own program preview plays). `initScript`
 * runs in the hall's page before the app (a bench's experiment on the hall's browser).
 */
export async function hallOnAir(browser: Browser, conference: LinkedConference, initScript?: () => void): Promise<Page> {
  const context = await browser.newContext();
  if (initScript) await context.addInitScript(initScript);
  const hall = await context.newPage();
  await joinThroughDeviceCheck(hall, conference.sites.find((s) => s.isOrigin)!.joinUrl, { delegates: 250 });
  await waitFor('the hall to send', async () => ((await siteState(hall)) === 'receiving' ? true : undefined), 30_000);
  return hall;
}
