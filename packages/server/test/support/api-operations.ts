import type { FastifyInstance } from 'fastify';
import { STAFF_ROLES } from '@tabline/domain';
import type { StaffRole } from '@tabline/domain';

/**
 * The API's operations as its OpenAPI document declares them, for tests that
 * must cover every endpoint, including those added after the test was
 * written: the authorisation matrix and the fuzz read this list instead of a
 * hand-kept one.
 */

/** A JSON Schema node, as the OpenAPI document holds it. */
export type JsonSchema = Readonly<Record<string, unknown>>;

/**
 * Who may call an operation, from its `security` requirement: nobody in
 * particular (public), a paired device, or staff with a live session and at
 * least `role` for the event in the path (`null`: any live session).
 */
export type OperationSecurity =
  | { readonly kind: 'public' }
  | { readonly kind: 'device' }
  | { readonly kind: 'staff'; readonly role: StaffRole | null };

export interface OperationParameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header';
  readonly required: boolean;
  readonly schema: JsonSchema;
}

export interface ApiOperation {
  /** `METHOD /path/{param}`, as the document names it. */
  readonly id: string;
  readonly method: string;
  /** The OpenAPI path template, `/v1/events/{eventId}/…`. */
  readonly path: string;
  readonly security: OperationSecurity;
  readonly parameters: readonly OperationParameter[];
  /** The JSON body's schema, or null for an operation without a body. */
  readonly body: JsonSchema | null;
}

interface OpenApiOperation {
  readonly security?: readonly Record<string, readonly string[]>[];
  readonly parameters?: readonly OperationParameter[];
  readonly requestBody?: { readonly content?: Record<string, { readonly schema?: JsonSchema }> };
}

interface OpenApiDocument {
  readonly paths: Record<string, Record<string, OpenApiOperation>>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** Every operation of the server's generated OpenAPI document. */
export function listApiOperations(app: FastifyInstance): ApiOperation[] {
  const document = app.swagger() as unknown as OpenApiDocument;
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]) => toApiOperation(method.toUpperCase(), path, operation)),
  );
}

function toApiOperation(method: string, path: string, operation: OpenApiOperation): ApiOperation {
  const id = `${method} ${path}`;
  const content = operation.requestBody?.content ?? {};
  const mediaTypes = Object.keys(content);
  if (mediaTypes.some((type) => type !== 'application/json')) {
    throw new Error(`${id} takes ${mediaTypes.join(', ')}: teach the API tests that media type`);
  }
  return {
    id,
    method,
    path,
    security: readSecurity(id, operation.security),
    parameters: operation.parameters ?? [],
    body: content['application/json']?.schema ?? null,
  };
}

/**
 * The one requirement an operation may have. Alternatives (several
 * requirements) or unknown schemes fail loudly: the tests would not know
 * which caller to expect.
 */
function readSecurity(id: string, security: OpenApiOperation['security']): OperationSecurity {
  if (security === undefined || security.length === 0) return { kind: 'public' };
  const [requirement, ...alternatives] = security;
  const schemes = Object.entries(requirement!);
  if (alternatives.length > 0 || schemes.length !== 1) {
    throw new Error(`${id} declares several security requirements: the API tests expect one`);
  }
  const [scheme, scopes] = schemes[0]!;
  if (scheme === 'deviceToken' && scopes.length === 0) return { kind: 'device' };
  if (scheme === 'staffSession' && scopes.length === 0) return { kind: 'staff', role: null };
  if (scheme === 'staffSession' && scopes.length === 1 && isStaffRole(scopes[0]!)) {
    return { kind: 'staff', role: scopes[0] };
  }
  throw new Error(`${id} declares security ${JSON.stringify(security)}, unknown to the API tests`);
}

function isStaffRole(scope: string): scope is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(scope);
}

/** The operation's path with each `{name}` replaced by its (percent-encoded) value. */
export function operationPath(
  operation: ApiOperation,
  values: Readonly<Record<string, string>>,
  encode: (value: string) => string = encodeURIComponent,
): string {
  return operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`${operation.id}: no value for {${name}}`);
    return encode(value);
  });
}

export function parametersIn(operation: ApiOperation, place: OperationParameter['in']) {
  return operation.parameters.filter((parameter) => parameter.in === place);
}
