import createClient from 'openapi-fetch';
import type { paths } from '../api/schema';

export type Role = 'shopper' | 'creator' | 'ops';

export interface SessionUser {
  id: number;
  email: string;
  displayName: string;
  role: Role;
}

export interface SessionState {
  user: SessionUser;
  accessToken: string;
  refreshToken: string;
  /** epoch ms */
  accessExpiresAt: number;
}

interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

const STORAGE_KEY = 'livedrop.session';
const LOCK_NAME = 'livedrop.refresh';
/** Refresh this long before the access token expires, so a request never leaves with a dying token. */
const EXPIRY_MARGIN_MS = 15_000;

export type Session = ReturnType<typeof createSession>;

/**
 * The signed-in account and its tokens, shared by every tab through localStorage. The refresh token
 * rotates on every use and the server revokes the whole login when a used one comes back, so refreshes
 * are single-flight inside a tab (one promise) AND across tabs (a Web Lock, then a re-read: if another
 * tab already rotated, its new pair is taken instead of spending the old token a second time).
 */
export interface SessionOptions {
  storage?: Storage;
  /** Cross-tab mutual exclusion for the refresh (Web Locks); without it refreshes are single-flight per tab only. */
  locks?: Pick<LockManager, 'request'>;
  fetch?: typeof globalThis.fetch;
  baseUrl?: string;
}

export function createSession(options: SessionOptions = {}) {
  const storage = options.storage ?? window.localStorage;
  const locks = options.locks ?? globalThis.navigator?.locks;
  const plain = createClient<paths>({ baseUrl: options.baseUrl ?? '', ...(options.fetch ? { fetch: options.fetch } : {}) });
  const listeners = new Set<() => void>();
  let state = read();
  let inflight: Promise<string | null> | null = null;
  /** True when the server ended the login (refresh refused), so the UI can say so instead of just signing out. */
  let expired = false;

  function read(): SessionState | null {
    try {
      const raw = storage.getItem(STORAGE_KEY);
      return raw ? (JSON.parse(raw) as SessionState) : null;
    } catch {
      return null;
    }
  }

  function write(next: SessionState | null) {
    state = next;
    if (next) storage.setItem(STORAGE_KEY, JSON.stringify(next));
    else storage.removeItem(STORAGE_KEY);
    for (const l of listeners) l();
  }

  // Another tab signed in, out, or rotated the tokens.
  globalThis.addEventListener?.('storage', (e: StorageEvent) => {
    if (e.key !== STORAGE_KEY) return;
    state = read();
    for (const l of listeners) l();
  });

  async function rotate(used: string): Promise<string | null> {
    const latest = read();
    if (!latest) {
      write(null);
      return null;
    }
    if (latest.refreshToken !== used) {
      // Another tab rotated while we waited for the lock: use its pair.
      write(latest);
      return latest.accessToken;
    }
    const { data, response } = await plain.POST('/v1/auth/refresh', { body: { refreshToken: used } });
    if (!data) {
      // 401: the login is over (expired, revoked, reused). Anything else (429, 5xx): keep it, try later.
      if (response.status === 401) {
        expired = true;
        write(null);
      }
      return null;
    }
    write(withPair(latest.user, data));
    return data.accessToken;
  }

  function refresh(): Promise<string | null> {
    const used = state?.refreshToken;
    if (!used) return Promise.resolve(null);
    if (inflight) return inflight;
    const run = async () => (locks ? await locks.request(LOCK_NAME, () => rotate(used)) : rotate(used));
    const pending = run().catch(() => null).finally(() => { inflight = null; });
    inflight = pending;
    return pending;
  }

  return {
    get: () => state,
    expired: () => expired,
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => { listeners.delete(listener); };
    },
    signIn(user: SessionUser, pair: TokenPair) {
      expired = false;
      write(withPair(user, pair));
    },
    /** Forgets the tokens locally and revokes the refresh token (best effort: offline still signs out). */
    async signOut() {
      const current = state;
      write(null);
      if (current) await plain.POST('/v1/auth/logout', { body: { refreshToken: current.refreshToken } }).catch(() => undefined);
    },
    refresh,
    /** An access token good for at least a few seconds, refreshed first when needed; null when signed out. */
    async freshAccessToken(): Promise<string | null> {
      if (!state) return null;
      if (state.accessExpiresAt - Date.now() > EXPIRY_MARGIN_MS) return state.accessToken;
      return refresh();
    },
  };
}

function withPair(user: SessionUser, pair: TokenPair): SessionState {
  return { user, accessToken: pair.accessToken, refreshToken: pair.refreshToken, accessExpiresAt: Date.now() + pair.expiresIn * 1000 };
}
