/**
 * Our Twilio client sends valid CreateMessage requests: what it puts on the
 * wire, as the fake SMS provider recorded it, is checked against the request
 * schema of POST /2010-04-01/Accounts/{AccountSid}/Messages.json in Twilio's
 * own OpenAPI description. The fake accepting a request proves less: it
 * ignores parameters it does not know, as Twilio does, so a misspelt
 * `StatusCallbak` would pass it silently.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSmsProvider } from '@tabline/testkit';
import type { FakeSmsProvider } from '@tabline/testkit';
import { readTwilioOpenApi } from '@tabline/testkit/twilio-openapi';
import { createTwilioSmsProvider } from '@tabline/workers';
import type { OutgoingSms, TwilioSmsProviderOptions } from '@tabline/workers';

const CREATE_MESSAGE_PATH = '/2010-04-01/Accounts/{AccountSid}/Messages.json';
const FORM = 'application/x-www-form-urlencoded';

/** The parts of an OpenAPI 3.0 schema object a form parameter can use. */
interface Schema {
  readonly $ref?: string;
  readonly type?: string;
  readonly format?: string;
  readonly pattern?: string;
  readonly enum?: readonly string[];
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly items?: Schema;
}

interface FormSchema {
  readonly properties: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
}

interface Spec {
  readonly paths: Record<string, { post?: Operation } | undefined>;
  readonly components: { readonly schemas: Record<string, Schema> };
}

interface Operation {
  readonly parameters: readonly { name: string; in: string; schema: Schema }[];
  readonly requestBody: { content: Record<string, { schema: FormSchema } | undefined> };
}

const INTEGER = /^-?\d+$/;

/** A `$ref` to `#/components/schemas/…` replaced by what it names. */
function resolve(spec: Spec, schema: Schema): Schema {
  if (schema.$ref === undefined) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  const target = spec.components.schemas[name];
  if (target === undefined) throw new Error(`the spec has no schema ${schema.$ref}`);
  return resolve(spec, target);
}

/** What is wrong with one value against its schema's type; the value is form text. */
function typeProblem(schema: Schema, value: string): string | null {
  switch (schema.type) {
    case 'integer': {
      if (!INTEGER.test(value)) return 'not an integer';
      const number = Number(value);
      if (schema.minimum !== undefined && number < schema.minimum) return `< ${schema.minimum}`;
      if (schema.maximum !== undefined && number > schema.maximum) return `> ${schema.maximum}`;
      return null;
    }
    case 'number':
      return value.trim() === '' || !Number.isFinite(Number(value)) ? 'not a number' : null;
    case 'boolean':
      return value === 'true' || value === 'false' ? null : 'not true or false';
    case 'string':
    case undefined:
      return null;
    default:
      return `a ${schema.type} cannot be a form value`;
  }
}

/** What is wrong with a string value: length, pattern, enum, format. */
function stringProblem(schema: Schema, value: string): string | null {
  if (schema.enum !== undefined && !schema.enum.includes(value)) return 'not in the enum';
  if (schema.minLength !== undefined && value.length < schema.minLength) return 'too short';
  if (schema.maxLength !== undefined && value.length > schema.maxLength) return 'too long';
  if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(value)) {
    return `does not match ${schema.pattern}`;
  }
  if (schema.format === 'uri' && !URL.canParse(value)) return 'not a URI';
  if (schema.format === 'date-time' && Number.isNaN(Date.parse(value))) return 'not a date-time';
  return null;
}

function valueProblems(spec: Spec, name: string, schema: Schema, value: string): string[] {
  const resolved = resolve(spec, schema);
  const problem = typeProblem(resolved, value) ?? stringProblem(resolved, value);
  return problem === null ? [] : [`${name}=${JSON.stringify(value)}: ${problem}`];
}

/**
 * Every way `form` breaks a form request schema: a parameter the schema does
 * not have, a required one missing, a single-valued one repeated, a value of
 * the wrong type or out of its bounds. Empty when the request is valid.
 */
function formProblems(spec: Spec, schema: FormSchema, form: URLSearchParams): string[] {
  const names = [...new Set(form.keys())];
  const problems = (schema.required ?? [])
    .filter((name) => !form.has(name))
    .map((name) => `${name}: required, missing`);
  for (const name of names) {
    const property = Object.hasOwn(schema.properties, name) ? schema.properties[name] : undefined;
    if (property === undefined) {
      problems.push(`${name}: not a parameter of the operation`);
      continue;
    }
    const resolved = resolve(spec, property);
    const values = form.getAll(name);
    if (resolved.type !== 'array' && values.length > 1) {
      problems.push(`${name}: given ${values.length} times`);
    }
    const itemSchema = resolved.type === 'array' ? (resolved.items ?? {}) : resolved;
    problems.push(...values.flatMap((value) => valueProblems(spec, name, itemSchema, value)));
  }
  return problems;
}

/** The CreateMessage operation: its form schema and the AccountSid path parameter. */
function createMessageOperation(spec: Spec) {
  const operation = spec.paths[CREATE_MESSAGE_PATH]?.post;
  const form = operation?.requestBody.content[FORM]?.schema;
  const accountSid = operation?.parameters.find((p) => p.name === 'AccountSid' && p.in === 'path');
  if (form === undefined || accountSid === undefined) {
    throw new Error(`the spec has no ${FORM} POST ${CREATE_MESSAGE_PATH} with an AccountSid`);
  }
  return { form, accountSid: accountSid.schema };
}

/** Problems of the request path: the operation's path, with a valid AccountSid. */
function pathProblems(spec: Spec, accountSidSchema: Schema, path: string): string[] {
  const template = new RegExp(`^${CREATE_MESSAGE_PATH.replace('{AccountSid}', '([^/]+)')}$`);
  const accountSid = template.exec(path)?.[1];
  if (accountSid === undefined) return [`${path}: not ${CREATE_MESSAGE_PATH}`];
  return valueProblems(spec, 'AccountSid', accountSidSchema, decodeURIComponent(accountSid));
}

let spec: Spec;
let operation: ReturnType<typeof createMessageOperation>;
let fake: FakeSmsProvider;
beforeAll(async () => {
  spec = readTwilioOpenApi() as Spec;
  operation = createMessageOperation(spec);
  fake = await startFakeSmsProvider();
});
afterAll(async () => {
  await fake.close();
});

/** Sends one receipt through our client and returns the request the fake recorded. */
async function sendThroughClient(
  options: Partial<TwilioSmsProviderOptions>,
  body: string,
  message: Partial<OutgoingSms> = {},
) {
  const client = createTwilioSmsProvider({
    baseUrl: fake.url,
    accountSid: fake.accountSid,
    authToken: fake.authToken,
    from: '+15005550006',
    ...options,
  });
  const before = fake.requests().length;
  const outcome = await client.send(
    {
      to: '+15558675310',
      body,
      statusCallbackUrl: null,
      validityPeriodSeconds: 1_800,
      ...message,
    },
    AbortSignal.timeout(10_000),
  );
  expect(outcome).toMatchObject({ kind: 'accepted' });
  const sent = fake.requests().slice(before);
  expect(sent).toHaveLength(1);
  return sent[0]!;
}

describe("our Twilio client's CreateMessage requests, against Twilio's OpenAPI description", () => {
  /** Options given the fake's URL, and the receipt's text. */
  type Case = [
    string,
    (url: string) => Partial<TwilioSmsProviderOptions>,
    string,
    Partial<OutgoingSms>,
  ];
  const cases: Case[] = [
    ['with the default options', () => ({}), 'Tabline receipt: 2 x Lager, 13.00 USD', {}],
    [
      'with an alphanumeric sender and the longest validity period',
      () => ({ from: 'TABLINE' }),
      `Tabline receipt: ${'Crème brûlée, '.repeat(20)}`,
      { validityPeriodSeconds: 36_000 },
    ],
    [
      'with a trailing slash on the base URL and the shortest validity period',
      (url) => ({ baseUrl: `${url}/` }),
      'Tabline: refund 4.50 EUR',
      { validityPeriodSeconds: 1 },
    ],
    [
      'with a status callback',
      () => ({}),
      'Tabline receipt: 1 x Water',
      {
        statusCallbackUrl:
          'http://127.0.0.1:3000/v1/sms/status/0193a5e2-7c41-7b3d-9f2e-4d1c8a6b3f27',
      },
    ],
  ];

  it.each(cases)('are valid %s', async (_, options, body, message) => {
    const request = await sendThroughClient(options(fake.url), body, message);
    expect(request).toMatchObject({ method: 'POST', status: 201 });
    expect(pathProblems(spec, operation.accountSid, request.path)).toEqual([]);
    const form = new URLSearchParams(request.params);
    expect(form.get('To')).toBe('+15558675310');
    expect(form.get('Body')).toBe(body);
    expect(formProblems(spec, operation.form, form)).toEqual([]);
  });

  it('stay valid with a StatusCallback with a query, which the checker checks as a URI', async () => {
    const request = await sendThroughClient({}, 'Tabline receipt');
    const form = new URLSearchParams(request.params);
    form.set('StatusCallback', 'https://tabline.example/v1/sms/status?event=42');
    const response = await fetch(`${fake.url}${request.path}`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${btoa(`${fake.accountSid}:${fake.authToken}`)}`,
        'content-type': FORM,
      },
      body: form,
    });
    expect(response.status).toBe(201);
    const recorded = fake.requests().at(-1)!;
    expect(recorded.params.StatusCallback).toBe('https://tabline.example/v1/sms/status?event=42');
    expect(formProblems(spec, operation.form, new URLSearchParams(recorded.params))).toEqual([]);

    form.set('StatusCallback', 'tabline status');
    expect(formProblems(spec, operation.form, form)).toEqual([
      'StatusCallback="tabline status": not a URI',
    ]);
  });
});

describe('the form schema checker', () => {
  const valid = { To: '+15558675310', From: '+15005550006', Body: 'receipt' };
  const problemsOf = (entries: [string, string][]) =>
    formProblems(spec, operation.form, new URLSearchParams(entries));

  it('finds unknown, missing, repeated and mistyped parameters', () => {
    expect(problemsOf(Object.entries(valid))).toEqual([]);
    expect(problemsOf([['From', valid.From]])).toEqual(['To: required, missing']);
    expect(problemsOf([...Object.entries(valid), ['StatusCallbak', 'https://x.example']])).toEqual([
      'StatusCallbak: not a parameter of the operation',
    ]);
    expect(problemsOf([...Object.entries(valid), ['To', '+15558675311']])).toEqual([
      'To: given 2 times',
    ]);
    expect(problemsOf([...Object.entries(valid), ['ValidityPeriod', '9.5']])).toEqual([
      'ValidityPeriod="9.5": not an integer',
    ]);
    expect(problemsOf([...Object.entries(valid), ['MessagingServiceSid', 'MG12']])).toEqual([
      'MessagingServiceSid="MG12": too short',
    ]);
    expect(problemsOf([...Object.entries(valid), ['RiskCheck', 'maybe']])).toEqual([
      'RiskCheck="maybe": not in the enum',
    ]);
    expect(problemsOf([...Object.entries(valid), ['SmartEncoded', 'yes']])).toEqual([
      'SmartEncoded="yes": not true or false',
    ]);
  });

  it('accepts repeated values of an array parameter, checking each', () => {
    const media: [string, string][] = [
      ['MediaUrl', 'https://tabline.example/a.png'],
      ['MediaUrl', 'https://tabline.example/b.png'],
    ];
    expect(problemsOf([...Object.entries(valid), ...media])).toEqual([]);
    expect(problemsOf([...Object.entries(valid), ['MediaUrl', 'a.png']])).toEqual([
      'MediaUrl="a.png": not a URI',
    ]);
  });

  it('keeps integers within the minimum and maximum a schema gives', () => {
    const schema: FormSchema = {
      properties: { PageSize: { type: 'integer', minimum: 1, maximum: 1000 } },
    };
    const check = (value: string) =>
      formProblems(spec, schema, new URLSearchParams({ PageSize: value }));
    expect(['1', '1000'].map(check)).toEqual([[], []]);
    expect(check('0')).toEqual(['PageSize="0": < 1']);
    expect(check('1001')).toEqual(['PageSize="1001": > 1000']);
  });

  it('checks the path and its AccountSid', () => {
    const path = (sid: string) => `/2010-04-01/Accounts/${sid}/Messages.json`;
    expect(pathProblems(spec, operation.accountSid, path(fake.accountSid))).toEqual([]);
    expect(pathProblems(spec, operation.accountSid, path('AC12'))).toEqual([
      'AccountSid="AC12": too short',
    ]);
    expect(pathProblems(spec, operation.accountSid, '/2010-04-01/Messages.json')).toEqual([
      `/2010-04-01/Messages.json: not ${CREATE_MESSAGE_PATH}`,
    ]);
  });
});
