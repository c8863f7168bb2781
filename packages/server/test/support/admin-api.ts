import { beforeAll } from 'vitest';
import { createEventFixture } from '@tabline/testkit/event-fixture';
import type { EventFixture } from '@tabline/testkit/event-fixture';
import { createStaffFixture, signInStaff } from '@tabline/testkit/staff-fixture';
import type { TestStackContext } from '@tabline/testkit/use-test-stack';
import { PULL_PATH } from '@tabline/protocol';
import type { PullResponse } from '@tabline/protocol';

/** An answer of the API: status and parsed body (null when empty). */
export interface Answer<Body = Record<string, unknown>> {
  readonly status: number;
  readonly body: Body & { code?: string; errors?: { path: string; message: string }[] };
}

/** Calls the API at `baseUrl` as a member of staff (or anonymously). */
export function adminApi(baseUrl: () => string) {
  return async <Body = Record<string, unknown>>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown } = {},
  ): Promise<Answer<Body>> => {
    const response = await fetch(`${baseUrl()}${path}`, {
      method,
      headers: {
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text === '' ? null : JSON.parse(text)) as never };
  };
}

/** One pull of a device (every page after `cursor`, merged). */
export async function pullAll(
  baseUrl: string,
  deviceToken: string,
  cursor = '0',
): Promise<PullResponse> {
  let merged: PullResponse | undefined;
  let next = cursor;
  for (;;) {
    const response = await fetch(`${baseUrl}${PULL_PATH}?cursor=${next}`, {
      headers: { authorization: `Bearer ${deviceToken}` },
    });
    if (response.status !== 200) throw new Error(`pull: ${response.status}`);
    const page = (await response.json()) as PullResponse;
    merged = merged
      ? {
          ...page,
          categories: [...merged.categories, ...page.categories],
          products: [...merged.products, ...page.products],
          promotions: [...merged.promotions, ...page.promotions],
          wristbands: [...merged.wristbands, ...page.wristbands],
        }
      : page;
    if (!page.hasMore) return merged;
    next = page.cursor;
  }
}

/** Who calls the admin API in a test file, signed in once before its tests. */
export interface AdminCallers {
  /** Sessions of the test event's owner, manager and cashier, and of another organisation's owner. */
  readonly tokens: { owner: string; manager: string; cashier: string; stranger: string };
  /** Another organisation's event, whose ids the callers must not reach. */
  other: EventFixture;
  /** `/v1/events/<the test event>`, the prefix of its admin routes. */
  event: string;
}

/** Signs in the test event's staff and another organisation's owner before the file's tests. */
export function useAdminCallers(ctx: TestStackContext): AdminCallers {
  const callers = {
    tokens: { owner: '', manager: '', cashier: '', stranger: '' },
    other: undefined as unknown as EventFixture,
    event: '',
  };
  beforeAll(async () => {
    const staff = await createStaffFixture(ctx.test.database, ctx.fixture);
    callers.other = await createEventFixture(ctx.test.database);
    const otherStaff = await createStaffFixture(ctx.test.database, callers.other);
    const { tokens } = callers;
    tokens.owner = await signInStaff(ctx.stack.url, staff.owner);
    tokens.manager = await signInStaff(ctx.stack.url, staff.manager);
    tokens.cashier = await signInStaff(ctx.stack.url, staff.cashier);
    tokens.stranger = await signInStaff(ctx.stack.url, otherStaff.owner);
    callers.event = `/v1/events/${ctx.fixture.eventId}`;
  });
  return callers;
}
