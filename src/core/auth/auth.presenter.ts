import type { UserRow } from '../db/schema';
import type { UserView } from './auth.schema';

/** The only fields of a user that ever leave the server: never the hash, the TOTP secret or failure counts. */
export function presentUser(u: UserRow): UserView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    totpEnabled: Boolean(u.totp_enabled),
    disabled: Boolean(u.disabled),
    lockedUntil: u.locked_until,
    createdAt: u.created_at,
  };
}
