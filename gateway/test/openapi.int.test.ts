import type { Express } from 'express';
import { startGateway, type GatewayHarness } from './support/gateway-harness';

interface RouteLayer { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: RouteLayer[] } }

/** Every route Express will actually serve under /v1, read from the router stack (not from the registry). */
function servedRoutes(app: Express): { method: string; path: string }[] {
  const out: { method: string; path: string }[] = [];
  const walk = (stack: RouteLayer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') out.push({ method, path: layer.route.path });
      } else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((app as unknown as { router: { stack: RouteLayer[] } }).router.stack);
  return out;
}

type Operation = {
  parameters?: { name: string; in: string; required: boolean; schema: unknown }[];
  requestBody?: { content: Record<string, { schema: { type?: string; properties?: Record<string, unknown> } }> };
  responses: Record<string, unknown>;
  security?: Record<string, unknown>[];
  tags: string[];
};
type Doc = {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, { type: string; scheme?: string }> };
};

describe('/openapi.json', () => {
  let h: GatewayHarness;
  let doc: Doc;
  beforeAll(async () => {
    h = await startGateway();
    doc = (await h.request.get('/openapi.json').expect(200)).body;
  });
  afterAll(async () => { await h.close(); });

  it('is OpenAPI 3.1 in shape', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toEqual({ title: expect.any(String), version: expect.any(String) });
    expect(Object.keys(doc.paths).length).toBeGreaterThan(0);
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const [path, ops] of Object.entries(doc.paths)) {
      expect(path).toMatch(/^\/(v1|media)\//); // /media/{name} is the CDN-facing delivery path
      expect(path).not.toMatch(/:\w/); // Express params are converted to {templated}
      for (const [method, op] of Object.entries(ops)) {
        expect(['get', 'put', 'post', 'delete', 'patch']).toContain(method);
        expect(Object.keys(op.responses).length).toBeGreaterThan(0);
        expect(op.tags.length).toBe(1);
        for (const s of op.security ?? []) for (const name of Object.keys(s)) expect(doc.components.securitySchemes).toHaveProperty(name);
        // Every {param} in the path is documented as a required path parameter, and nothing else is.
        const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
        const pathParams = (op.parameters ?? []).filter((p) => p.in === 'path');
        expect(pathParams.map((p) => p.name).sort()).toEqual(templated);
        for (const p of op.parameters ?? []) {
          expect(['path', 'query', 'header']).toContain(p.in);
          expect(p.schema).toBeDefined();
          if (p.in === 'path') expect(p.required).toBe(true);
        }
        if (op.requestBody) expect(op.requestBody.content['application/json']!.schema.type).toBe('object');
      }
    }
  });

  it('documents every route the app serves under /v1', () => {
    // Outside /v1: health, metrics, the document, the web app (`/v1` about, `/` or the SPA fallback regex), and
    // /media/:name, served at the root (a CDN path) and documented as /media/{name}.
    const served = servedRoutes(h.app).filter((r) => typeof r.path === 'string'
      && !['/healthz', '/readyz', '/metrics', '/openapi.json', '/', '/v1', '/media/:name'].includes(r.path));
    expect(doc.paths['/media/{name}']?.get).toBeDefined();
    expect(served).toEqual(expect.arrayContaining([
      { method: 'post', path: '/auth/signup' }, { method: 'put', path: '/creators/:creatorId/follow' },
      { method: 'patch', path: '/products/:productId' },
    ]));
    for (const { method, path } of served) {
      const oasPath = `/v1${path}`.replace(/:(\w+)/g, '{$1}');
      expect({ method, path: oasPath, documented: Boolean(doc.paths[oasPath]?.[method]) }).toEqual({ method, path: oasPath, documented: true });
    }
  });

  it('carries body schemas and parameters of the auth, follow and product routes', () => {
    const body = (path: string, method: string) => doc.paths[path]![method]!.requestBody!.content['application/json']!.schema;
    expect(Object.keys(body('/v1/auth/signup', 'post').properties!).sort()).toEqual(['displayName', 'email', 'password', 'role']);
    expect(Object.keys(body('/v1/products', 'post').properties!)).toEqual(expect.arrayContaining(['title', 'priceMinor', 'currency', 'mediaUrls']));
    expect(Object.keys(body('/v1/products/{productId}', 'patch').properties!)).toContain('priceMinor');
    const followers = doc.paths['/v1/creators/{creatorId}/followers']!.get!;
    expect(followers.parameters!.map((p) => `${p.in}:${p.name}`).sort()).toEqual(['path:creatorId', 'query:cursor', 'query:limit']);
    expect(followers.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/v1/creators/{creatorId}/follower-count']!.get!.security).toBeUndefined();
  });
});

describe('/openapi.json: a dependency down', () => {
  it('documents a 503 with Retry-After on every operation (mysql_unavailable | redis_unavailable | temporal_unavailable)', async () => {
    const h = await startGateway();
    try {
      const doc = (await h.request.get('/openapi.json').expect(200)).body as Doc & {
        components: { responses: Record<string, { headers?: Record<string, unknown>; description: string }> };
      };
      const missing = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops)
        .filter(([, op]) => (op.responses['503'] as { $ref?: string } | undefined)?.$ref !== '#/components/responses/Unavailable')
        .map(([method]) => `${method} ${path}`));
      expect(missing).toEqual([]);
      expect(doc.components.responses.Unavailable?.headers).toHaveProperty('Retry-After');
    } finally {
      await h.close();
    }
  });
});
