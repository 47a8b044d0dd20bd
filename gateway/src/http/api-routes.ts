import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';
import { z } from 'zod';
import { AppError } from '@livedrop/common';

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
  headers?: Record<string, { required: boolean; description: string; schema?: Record<string, unknown> }>;
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
  private readonly methodsByPath = new Map<string, Set<string>>();

  addRoute<B extends z.ZodType = z.ZodUndefined, Q extends z.ZodType = z.ZodUndefined, P extends z.ZodType = z.ZodUndefined>(
    router: Router,
    spec: RouteSpec<B, Q, P>,
    handler: (req: Request, res: Response, input: Validated<z.infer<B>, z.infer<Q>, z.infer<P>>) => Promise<void> | void,
  ): void {
    this.specs.push(spec as unknown as RouteSpec<z.ZodType, z.ZodType, z.ZodType>);
    const methods = this.methodsByPath.get(spec.path) ?? new Set<string>();
    this.methodsByPath.set(spec.path, methods.add(spec.method.toUpperCase()));
    const validateAndRun = async (req: Request, res: Response, _next: NextFunction) => {
      // parse() throws ZodError → 400 validation_failed through the shared error handler.
      const input = {
        body: spec.body ? spec.body.parse(req.body ?? {}) : undefined,
        query: spec.query ? spec.query.parse(req.query) : undefined,
        params: spec.params ? spec.params.parse(req.params) : undefined,
      } as Validated<z.infer<B>, z.infer<Q>, z.infer<P>>;
      await handler(req, res, input);
    };
    router[spec.method](spec.path, this.yieldToLiteralPaths(spec.path), ...(spec.before ?? []), validateAndRun);
  }

  /**
   * `DELETE /products/1/media/order` must not reach `DELETE …/media/:mediaId` (a 400 for the id "order"): a URL
   * that a path with a literal segment in that place also matches belongs to that path (its 405), so a route
   * with a parameter steps aside there. Its shadowing paths are found once, at the first request.
   */
  private yieldToLiteralPaths(path: string) {
    let shadows: string[][] | undefined;
    const segments = path.split('/');
    return (req: Request, _res: Response, next: NextFunction) => {
      shadows ??= [...this.methodsByPath.keys()].map((p) => p.split('/')).filter((other) => other.length === segments.length
        && other.some((seg, i) => segments[i]!.startsWith(':') && !seg.startsWith(':'))
        && other.every((seg, i) => seg === segments[i] || seg.startsWith(':') || segments[i]!.startsWith(':')));
      if (shadows.length === 0) return next();
      const actual = req.path.split('/');
      const shadowed = shadows.some((other) => other.every((seg, i) => seg.startsWith(':') || seg === actual[i]));
      return next(shadowed ? 'route' : undefined);
    };
  }

  /**
   * Call after every addRoute: a known path asked with a method it does not have answers 405 with `Allow`
   * (not 404, which would say the resource is not there), and OPTIONS lists exactly that path's methods.
   * HEAD keeps Express's own answer (a GET without the body).
   */
  rejectOtherMethods(router: Router): void {
    // A literal segment before a parameter that would also match it (`media/order` before `media/:mediaId`).
    const params = (path: string) => (path.match(/:/g) ?? []).length;
    const byPath = [...this.methodsByPath].sort(([a], [b]) => params(a) - params(b));
    for (const [path, methods] of byPath) {
      const allow = [...methods].join(', ');
      // OPTIONS is answered here, per registered path, rather than by Express: Express lists the methods of every
      // route matching the URL, so `/products/1/media/order` would also advertise the DELETE of `media/:mediaId`.
      const optionsAllow = methods.has('GET') ? `${allow}, HEAD` : allow;
      router.all(path, (req, res, next) => {
        if (req.method === 'HEAD') return next();
        if (req.method === 'OPTIONS') {
          res.setHeader('Allow', optionsAllow);
          res.status(204).end();
          return;
        }
        res.setHeader('Allow', allow);
        throw new AppError(405, 'method_not_allowed', `${req.method} is not allowed here; allowed: ${allow}`);
      });
    }
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
      parameters.push({ name, in: 'header', required: h.required, description: h.description, schema: h.schema ?? { type: 'string' } });
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
      // A body whose every field is optional may be left out (the route parses a missing body as {}).
      ...(spec.body
        ? { requestBody: { required: !spec.body.safeParse({}).success, content: { 'application/json': { schema: toJson(spec.body, 'input') } } } }
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
