import { createContext, type ReactNode, useContext } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '../components/ui.tsx';
import { PortalLogin } from './PortalAuthPages.tsx';
import type { PortalMe } from './portal-types.ts';

/** Who is signed in to the portal (undefined while asking), and what the sign-in pages call once signed in. */
export interface PortalSession {
  me: PortalMe | null | undefined;
  /** The session ended while a page was open: who it was, so signing in again is one step. */
  ended: { email: string } | null;
  signedIn: () => Promise<void>;
}

export const PortalSessionContext = createContext<PortalSession>({
  me: undefined,
  ended: null,
  signedIn: async () => undefined,
});

export function usePortalSession(): PortalSession {
  return useContext(PortalSessionContext);
}

const SignedInContext = createContext<PortalMe | null>(null);

/** The signed-in contact, for pages below SignedInOnly. */
export function useSignedInContact(): PortalMe {
  const me = useContext(SignedInContext);
  if (!me) throw new Error('useSignedInContact is only for pages below SignedInOnly');
  return me;
}

/** Shows its pages once someone is signed in; the sign-in form until then. */
export function SignedInOnly({ children }: { children: ReactNode }) {
  const { me, ended, signedIn } = usePortalSession();
  const { t } = useTranslation();
  if (me === undefined) return <Loading what={t('app.opening')} />;
  if (me === null) return <PortalLogin onDone={signedIn} ended={ended} />;
  return <SignedInContext.Provider value={me}>{children}</SignedInContext.Provider>;
}
