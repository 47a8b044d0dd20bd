import { z } from 'zod';

// Shared by the HTTP routes and scripts/create-ops-user.ts so every account obeys the same rules.
export const emailSchema = z.email().max(254);
export const passwordSchema = z.string().min(10, 'must be at least 10 characters').max(256);
export const displayNameSchema = z.string().trim().min(1).max(100);
