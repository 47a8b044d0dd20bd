import { createHmac, timingSafeEqual } from 'node:crypto';

/** The cookie that lets a browser open Bull Board: a navigation cannot carry the API's bearer header. */
export const BOARD_COOKIE = 'ld_ops_board';
export const BOARD_PATH = '/ops/queues';
export const BOARD_SESSION_TTL_S = 600;

/**
 * `<userId>.<expiresAtMs>.<hmac>`: short-lived, bound to one ops user, signed with a key derived from the JWT
 * secret under its own label (so it can never pass as an access token, nor an access token as this).
 */
export function createBoardSessions(jwtSecret: string, now: () => number = Date.now) {
  const key = createHmac('sha256', jwtSecret).update('livedrop:ops-board-session:v1').digest();
  const sign = (body: string) => createHmac('sha256', key).update(body).digest('base64url');
  return {
    issue(userId: number): { value: string; expiresAt: number } {
      const expiresAt = now() + BOARD_SESSION_TTL_S * 1000;
      const body = `${userId}.${expiresAt}`;
      return { value: `${body}.${sign(body)}`, expiresAt };
    },
    /** The user id, or undefined for anything forged, malformed or expired. */
    verify(value: string | undefined): number | undefined {
      const m = value ? /^(\d{1,16})\.(\d{1,16})\.([\w-]{43})$/.exec(value) : null;
      if (!m) return undefined;
      const expected = Buffer.from(sign(`${m[1]}.${m[2]}`));
      const given = Buffer.from(m[3]!);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
      return Number(m[2]) > now() ? Number(m[1]) : undefined;
    },
  };
}

export type BoardSessions = ReturnType<typeof createBoardSessions>;

/** The named cookie from a Cookie header (no cookie-parser for one value). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
