import { hash, verify } from '@node-rs/argon2';

// argon2id with the OWASP-recommended floor (19 MiB, 2 passes): costly enough to slow offline guessing,
// cheap enough that a login spike does not starve the event loop (hashing runs on the libuv pool).
const OPTIONS = { algorithm: 2 /* Algorithm.Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string): Promise<string> => hash(password, OPTIONS);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // a malformed stored hash is a failed login, not a 500
  }
}

/**
 * A real hash of a random secret, computed once: unknown emails are checked against it so a login for a
 * missing account costs as much as one for an existing account (no user enumeration by timing).
 */
let dummyHash: Promise<string> | undefined;
export const dummyPasswordHash = () => (dummyHash ??= hashPassword(`no-such-user-${Math.random()}`));
