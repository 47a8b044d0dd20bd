import { z } from 'zod';

// Shared by the HTTP routes and scripts/create-ops-user.ts so every account obeys the same rules.
// RFC 5321 limits the pattern does not carry (and the `email` format in /openapi.json implies): a local part of at
// most 64 characters and domain labels of at most 63.
export const emailSchema = z.email().max(254).refine((email) => {
  const at = email.lastIndexOf('@');
  return at <= 64 && email.slice(at + 1).split('.').every((label) => label.length <= 63);
}, 'local part must be at most 64 characters and each domain label at most 63');
export const passwordSchema = z.string().min(10, 'must be at least 10 characters').max(256);
export const displayNameSchema = z.string().trim().min(1).max(100);
