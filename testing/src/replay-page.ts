import type { Page } from 'playwright-core';

/** Signs in on the replay page (Vietnamese labels) in `page`. */
export async function signInToReplay(page: Page, url: string, who: { username: string; password: string }): Promise<void> {
  await page.goto(`${url}/replay`);
  await page.getByLabel('Tên đăng nhập').fill(who.username);
  await page.getByLabel('Mật khẩu').fill(who.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}
