import type { Page } from 'playwright-core';
import { operatorApi } from '../../infra/local/operator-api.js';
import { waitFor } from './wait.js';

/** Creates an operator of the unit with this code who can log in (through the REST API, as the stack's admin; the password is theirs, not a temporary one). */
export async function createOperator(
  stack: { url: string; operatorToken: string },
  o: { username: string; password: string; displayName: string; unitId: string },
): Promise<void> {
  await operatorApi(stack).call('people.create', {
    body: { username: o.username, displayName: o.displayName, password: o.password, passwordIsTemporary: false, role: 'operator', unitId: o.unitId },
  });
}

/** Logs in through the console's login form, as a person does, and waits for the console's navigation. */
export async function logInToConsole(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(`${url}/console`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByTestId('nav-units').waitFor({ timeout: 15_000 });
}

/** A live-console tile's thumbnail (the `<video>` in the site's tile of the grid). */
export const tilePreview = (console: Page, siteId: string) => console.getByTestId('live-grid').locator(`[data-site="${siteId}"] [data-testid="tile-preview"]`);

/** Waits until the site's tile plays its thumbnail: a decoded size, then frames decoded one after another. */
export async function tilePreviewPlaying(console: Page, siteId: string): Promise<void> {
  const framesOf = () =>
    tilePreview(console, siteId).evaluate((v: HTMLVideoElement) => ({ width: v.videoWidth, frames: v.getVideoPlaybackQuality().totalVideoFrames }), undefined, {
      timeout: 2_000,
    });
  await tilePreview(console, siteId).waitFor({ timeout: 30_000 });
  const first = await waitFor('a decoded picture', async () => {
    const q = await framesOf().catch(() => undefined);
    return q && q.width > 0 && q.frames > 0 ? q : undefined;
  }, 20_000, 250);
  await waitFor('more frames', async () => ((await framesOf().catch(() => first)).frames > first.frames + 10 ? true : undefined), 20_000, 250);
}
