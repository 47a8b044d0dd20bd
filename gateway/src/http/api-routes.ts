import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';
import { z } from 'zod';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteSpec<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType> {
  method: Method;
  /** Express-style path relative to the API root, e.g. `/drops/:dropId`. */
  path: string;
  summary: string;
  tag: string;
  /** Documented security: `bearer` when the route needs an access token. Enforcement is the middleware's job. */
  auth?: 'bearer';
  /** Roles that may call it, for the docs (enforced by requireRole in `before`). */
  roles?: string[];
  body?: B;
  query?: Q;
  params?: P;
  /** Extra headers the route requires, documented (e.g. Idempotency-Key). */
  headers?: Record<string, { required: boolean; description: string }>;
  responses: Record<number, { description: string; schema?: z.ZodType }>;
  /** Middlewares run before validation (auth, role, rate limit). */
  before?: RequestHandler[];
}

export interface Validated<B, Q, P> {
  body: B;
  query: Q;
  params: P;
}

/**
 * Every public route is declared through `addRoute`: the same zod schemas validate the request and
 * generate `/openapi.json`, so the document cannot drift from what the server accepts.
 */
export class ApiRegistry {
  readonly specs: RouteSpec<z.ZodType, z.ZodType, z.ZodType>[] = [];

  addRoute<B extends z.ZodType = z.ZodUndefined, Q extends z.ZodType = z.ZodUndefined, P extends z.ZodType = z.ZodUndefined>(
    router: Router,
    spec: RouteSpec<B, Q, P>,
    handler: (req: Request, res: Response, input: Validated<z.infer<B>, z.infer<Q>, z.infer<P>>) => Promise<void> | void,
  ): void {
    this.specs.push(spec as unknown as RouteSpec<z.ZodType, z.ZodType, z.ZodType>);
    const validateAndRun = async (req: Request, res: Response, _next: NextFunction) => {
      // parse() throws ZodError → 400 validation_failed through the shared error handler.
      const input = {
        body: spec.body ? spec.body.parse(req.body ?? {}) : undefined,
        query: spec.query ? spec.query.parse(req.query) : undefined,
        params: spec.params ? spec.params.parse(req.params) : undefined,
      } as Validated<z.infer<B>, z.infer<Q>, z.infer<P>>;
      await handler(req, res, input);
    };
    router[spec.method](spec.path, ...(spec.before ?? []), validateAndRun);
  }
}

const toJson = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Record<string, unknown>;

/** OpenAPI 3.1 document generated from the registered specs. */
export function openApiDocument(registry: ApiRegistry, info: { title: string; version: string }, prefix = '') {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of registry.specs) {
    const oasPath = `${prefix}${spec.path}`.replace(/:(\w+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const [location, schema] of [['path', spec.params], ['query', spec.query]] as const) {
      if (!schema) continue;
      const json = toJson(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, s] of Object.entries(json.properties ?? {})) {
        parameters.push({ name, in: location, required: location === 'path' || (json.required ?? []).includes(name), schema: s });
      }
    }
    for (const [name, h] of Object.entries(spec.headers ?? {})) {
      parameters.push({ name, in: 'header', required: h.required, description: h.description, schema: { type: 'string' } });
    }
    const responses: Record<string, unknown> = {};
    for (const [status, r] of Object.entries(spec.responses)) {
      responses[status] = r.schema
        ? { description: r.description, content: { 'application/json': { schema: toJson(r.schema, 'output') } } }
        : { description: r.description };
    }
    paths[oasPath] ??= {};
    paths[oasPath][spec.method] = {
      summary: spec.summary,
      tags: [spec.tag],
      ...(spec.auth ? { security: [{ bearer: [] }] } : {}),
      ...(spec.roles ? { 'x-roles': spec.roles } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(spec.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: toJson(spec.body, 'input') } } } }
        : {}),
      responses: { ...responses, 503: { $ref: '#/components/responses/Unavailable' }, default: { $ref: '#/components/responses/Error' } },
    };
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      responses: {
        // Any route, while a dependency cannot be reached (common/src/errors/dependency-errors.ts).
        Unavailable: {
          description: 'mysql_unavailable | redis_unavailable | temporal_unavailable: retry after Retry-After seconds',
          headers: { 'Retry-After': { description: 'seconds to wait before retrying', schema: { type: 'integer' } } },
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
        Error: { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' } } },
          },
        },
      },
    },
  };
}
