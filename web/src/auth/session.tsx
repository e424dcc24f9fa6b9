import { createContext, useContext } from 'react';
import type { User } from '../api/types';

export interface SessionState {
  user: User;
  /** Re-reads the signed-in user (after a role or two-factor change). */
  refresh: () => Promise<void>;
  signOut: () => Promise<void>;
}

export const SessionContext = createContext<SessionState | null>(null);

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a signed-in shell');
  return s;
}
