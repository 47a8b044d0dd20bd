import createClient, { type Middleware } from 'openapi-fetch';
import type { Session } from '../auth/session';
import type { paths } from './schema';

export type Api = ReturnType<typeof createApi>;

/**
 * The typed API client (types generated from the gateway's /openapi.json). Every request carries the
 * access token; a 401 `token_expired` (a token that died in flight, or a tab woken from sleep) is answered
 * by one refresh and one replay of the same request, so the user never sees it.
 */
export function createApi(session: Session, baseUrl = '') {
  const client = createClient<paths>({ baseUrl });
  client.use(authMiddleware(session));
  return client;
}

function authMiddleware(session: Session): Middleware {
  const sent = new Map<string, { replay: Request; token: string | null }>();
  return {
    async onRequest({ request, id }) {
      const token = await session.freshAccessToken();
      if (token) request.headers.set('authorization', `Bearer ${token}`);
      sent.set(id, { replay: request.clone(), token });
      return request;
    },
    async onResponse({ response, id }) {
      const entry = sent.get(id);
      sent.delete(id);
      if (response.status !== 401 || !entry?.token) return response;
      const body = (await response.clone().json().catch(() => null)) as { error?: { code?: string } } | null;
      if (body?.error?.code !== 'token_expired') return response;
      // Another request may already have refreshed: then the current token is newer than the one we sent.
      const current = session.get()?.accessToken;
      const token = current && current !== entry.token ? current : await session.refresh();
      if (!token) return response;
      entry.replay.headers.set('authorization', `Bearer ${token}`);
      return fetch(entry.replay);
    },
    onError({ id }) {
      sent.delete(id);
    },
  };
}
