import type { Page } from 'playwright-core';
import { DEFAULT_DEMO_PASSWORD } from '../../server/src/config.js';
import type { Role } from '../../server/src/domain/roles.js';
import { DEMO_USERNAME } from './auth.js';

/**
 * Logs a page's browser context in as the demo account of a role, through the
 * API: the session cookie lands in the context, so the page opened next is
 * logged in. (The login dialog itself is tested in roles.test.ts.)
 */
export async function logInPage(page: Page, baseUrl: string, role: Role): Promise<void> {
  const response = await page.request.post(`${baseUrl}/api/auth/login`, {
    data: { username: DEMO_USERNAME[role], password: DEFAULT_DEMO_PASSWORD },
  });
  if (!response.ok()) throw new Error(`login as ${DEMO_USERNAME[role]} failed: ${response.status()} ${await response.text()}`);
}
