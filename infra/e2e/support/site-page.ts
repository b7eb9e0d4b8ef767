import type { Page } from 'playwright-core';

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
