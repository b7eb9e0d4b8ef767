import type { Page } from 'playwright-core';

/** Creates an operator of the unit with this code who can log in (through the REST API, as the stack's admin). */
export async function createOperator(
  stack: { url: string; operatorToken: string },
  o: { username: string; password: string; displayName: string; unitId: string },
): Promise<void> {
  const res = await fetch(`${stack.url}/api/people`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.operatorToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ username: o.username, displayName: o.displayName, password: o.password, role: 'operator', unitId: o.unitId }),
  });
  if (res.status !== 201) throw new Error(`create operator ${o.username}: ${res.status} ${await res.text()}`);
}

/** Logs in through the console's login form, as a person does, and waits for the console's navigation. */
export async function logInToConsole(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(`${url}/console`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByTestId('nav-units').waitFor({ timeout: 15_000 });
}
