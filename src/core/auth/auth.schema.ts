import { z } from 'zod';
import { ROLES } from '../access';

export const roleSchema = z.enum(ROLES);
export const usernameSchema = z
  .string()
  .min(3)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, dot, dash, underscore');

export const loginBody = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
  totp: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
});

export const userView = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  totpEnabled: z.boolean(),
  disabled: z.boolean(),
  lockedUntil: z.string().nullable(),
  createdAt: z.string(),
});
export type UserView = z.infer<typeof userView>;

export const sessionView = z.object({
  user: userView,
  csrfToken: z.string(),
});

export const createUserBody = z.object({
  username: usernameSchema,
  displayName: z.string().min(1).max(120),
  role: roleSchema,
  password: z.string().min(12).max(256),
});

export const updateUserBody = z
  .object({ role: roleSchema.optional(), disabled: z.boolean().optional() })
  .refine((b) => b.role !== undefined || b.disabled !== undefined, 'nothing to change');

export const userIdParams = z.object({ id: z.uuid() });

export const changePasswordBody = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(12).max(256),
});

export const totpSetupView = z.object({ secret: z.string(), uri: z.string() });
export const totpCodeBody = z.object({ code: z.string().regex(/^\d{6}$/) });
export const okView = z.object({ ok: z.literal(true) });
