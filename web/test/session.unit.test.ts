import { createApi } from '../src/lib/api/client';
import { createSession, type SessionState } from '../src/lib/auth/session';

class MemoryStorage implements Storage {
  private data = new Map<string, string>();
  get length() { return this.data.size; }
  clear() { this.data.clear(); }
  getItem(k: string) { return this.data.get(k) ?? null; }
  key(i: number) { return [...this.data.keys()][i] ?? null; }
  removeItem(k: string) { this.data.delete(k); }
  setItem(k: string, v: string) { this.data.set(k, v); }
}

const user = { id: 7, email: 'a@b.test', displayName: 'A', role: 'shopper' as const };
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A fake gateway: /auth/refresh rotates (and, like the real one, refuses a token used twice); /me only takes a rotated access token. */
function fakeGateway() {
  let generation = 1;
  const used = new Set<string>();
  const calls: string[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const req = input instanceof Request ? input : new Request(input, init);
    const path = new URL(req.url).pathname;
    calls.push(path);
    if (path === '/v1/auth/refresh') {
      const { refreshToken } = (await req.json()) as { refreshToken: string };
      if (used.has(refreshToken)) return json(401, { error: { code: 'refresh_token_reused', message: 'reused' } });
      used.add(refreshToken);
      generation += 1;
      return json(200, { accessToken: `access-${generation}`, refreshToken: `refresh-${generation}`, tokenType: 'Bearer', expiresIn: 900 });
    }
    if (path === '/v1/me') {
      return generation > 1 && req.headers.get('authorization') === `Bearer access-${generation}`
        ? json(200, { user: { ...user, createdAt: '2026-01-01T00:00:00Z' } })
        : json(401, { error: { code: 'token_expired', message: 'expired' } });
    }
    return json(404, { error: { code: 'route_not_found', message: 'no' } });
  };
  return { fetch, calls };
}

function signedIn(storage: Storage, accessExpiresAt: number) {
  const state: SessionState = { user, accessToken: 'access-1', refreshToken: 'refresh-1', accessExpiresAt };
  storage.setItem('livedrop.session', JSON.stringify(state));
}

describe('the session and the API client', () => {
  const realFetch = globalThis.fetch;
  afterEach(() => { globalThis.fetch = realFetch; });

  it('refreshes once for many concurrent callers, so the rotating refresh token is never spent twice', async () => {
    const gw = fakeGateway();
    const storage = new MemoryStorage();
    signedIn(storage, Date.now() - 1000); // access token already expired
    const session = createSession({ storage, fetch: gw.fetch, baseUrl: 'http://gw' });
    const tokens = await Promise.all([session.freshAccessToken(), session.freshAccessToken(), session.refresh(), session.freshAccessToken()]);
    expect(tokens).toEqual(['access-2', 'access-2', 'access-2', 'access-2']);
    expect(gw.calls.filter((c) => c === '/v1/auth/refresh')).toHaveLength(1);
    expect(session.get()).toMatchObject({ accessToken: 'access-2', refreshToken: 'refresh-2' });
  });

  it('takes the pair another tab already rotated instead of spending the old refresh token', async () => {
    const gw = fakeGateway();
    const storage = new MemoryStorage();
    signedIn(storage, Date.now() - 1000);
    const session = createSession({ storage, fetch: gw.fetch, baseUrl: 'http://gw' });
    // The other tab rotated refresh-1 → refresh-9 while this one still holds refresh-1 in memory.
    storage.setItem('livedrop.session', JSON.stringify({ user, accessToken: 'access-9', refreshToken: 'refresh-9', accessExpiresAt: Date.now() + 600_000 }));
    expect(await session.refresh()).toBe('access-9');
    expect(gw.calls).toEqual([]);
  });

  it('signs out when the server ends the login (401 on refresh)', async () => {
    const gw = fakeGateway();
    const storage = new MemoryStorage();
    signedIn(storage, Date.now() - 1000);
    const session = createSession({ storage, fetch: gw.fetch, baseUrl: 'http://gw' });
    await session.refresh(); // spends refresh-1
    storage.setItem('livedrop.session', JSON.stringify({ user, accessToken: 'access-1', refreshToken: 'refresh-1', accessExpiresAt: 0 }));
    const stale = createSession({ storage, fetch: gw.fetch, baseUrl: 'http://gw' });
    expect(await stale.refresh()).toBeNull();
    expect(stale.get()).toBeNull();
    expect(stale.expired()).toBe(true); // the UI says "your session has ended"
    expect(session.expired()).toBe(false);
    expect(storage.getItem('livedrop.session')).toBeNull();
  });

  it('answers a 401 token_expired with one refresh and one replay of the request', async () => {
    const gw = fakeGateway();
    globalThis.fetch = gw.fetch as typeof globalThis.fetch;
    const storage = new MemoryStorage();
    signedIn(storage, Date.now() + 600_000); // looks fresh locally, but the server says expired
    const session = createSession({ storage, fetch: gw.fetch, baseUrl: 'http://gw' });
    const api = createApi(session, 'http://gw');
    const [a, b] = await Promise.all([api.GET('/v1/me'), api.GET('/v1/me')]);
    expect([a.response.status, b.response.status]).toEqual([200, 200]);
    expect(gw.calls.filter((c) => c === '/v1/auth/refresh')).toHaveLength(1);
    expect(gw.calls.filter((c) => c === '/v1/me')).toHaveLength(4); // two refused, two replayed
  });
});
