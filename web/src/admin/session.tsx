import { createContext, useContext } from 'react';
import type { Me, Settings } from '../types.ts';

export interface StaffSession {
  me: Me;
  settings: Settings | null;
  reloadSettings: () => void;
  logout: () => void;
}

export const SessionContext = createContext<StaffSession | null>(null);

export function useSession(): StaffSession {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside the signed-in app');
  return session;
}
