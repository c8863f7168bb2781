import type { Page } from 'playwright-core';
import type { WebStackContext } from './use-web-stack.ts';

/** Opens the dashboard and signs in as the demo event's owner; resolves on the overview. */
export async function signInToDashboard(page: Page, web: WebStackContext): Promise<void> {
  await page.goto(`${web.stack.url}/dashboard/`);
  await page.getByLabel('Email').fill('owner@demo.tabline.test');
  await page.getByLabel('Password').fill(web.demo.ownerPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
}

/** Goes to a section of the dashboard by the sidebar, as people do. */
export async function openSection(page: Page, label: string): Promise<void> {
  const nav = page.getByRole('navigation', { name: 'Sections' });
  await nav.getByRole('link', { name: new RegExp(`^${label}`) }).click();
  await page.getByRole('heading', { name: label, level: 1 }).waitFor();
}

/** Signs the demo event's owner in through the API and returns the session's token. */
export async function ownerSessionToken(web: WebStackContext): Promise<string> {
  const response = await fetch(`${web.stack.url}/v1/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'owner@demo.tabline.test', password: web.demo.ownerPassword }),
  });
  if (response.status !== 201) throw new Error(`sign-in failed: ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

/** Calls the staff API as `token` and returns the parsed answer, failing on any status but `expected`. */
export async function staffRequest<T>(
  web: WebStackContext,
  token: string,
  method: string,
  path: string,
  options: { body?: unknown; expected?: number; idempotencyKey?: string } = {},
): Promise<T> {
  const response = await fetch(`${web.stack.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.idempotencyKey === undefined
        ? {}
        : { 'idempotency-key': options.idempotencyKey }),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  if (response.status !== (options.expected ?? 200)) {
    throw new Error(`${method} ${path}: ${response.status} ${text}`);
  }
  return (text === '' ? undefined : JSON.parse(text)) as T;
}
