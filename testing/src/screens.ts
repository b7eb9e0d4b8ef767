import path from 'node:path';
import type { Browser, Page } from 'playwright-core';

/** A page in its own context, as a Vietnamese operator's PC shows it: 1366x768, Vietnamese, Hà Nội time. */
export async function vietnamesePage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', viewport: { width: 1366, height: 768 } });
  return context.newPage();
}

/** Saves the page as `name` in SCREENSHOTS_DIR (the docs' screens) when that is set; else does nothing. */
export async function screenshotForDocs(page: Page, name: string): Promise<void> {
  const dir = process.env.SCREENSHOTS_DIR;
  if (dir) await page.screenshot({ path: path.join(dir, name) });
}
