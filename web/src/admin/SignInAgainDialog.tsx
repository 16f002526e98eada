import { Dialog } from '../components/ui.tsx';
import type { Me } from '../types.ts';
import { SignInForm } from './SignInForm.tsx';

/**
 * Shown over the page when the session ends mid-work (expired, signed out elsewhere, revoked): the page stays
 * mounted underneath, so what the user typed is kept, and the call that was refused runs again once they are in.
 */
export function SignInAgainDialog({
  open,
  onSignedIn,
  onCancel,
}: {
  open: boolean;
  onSignedIn: (me: Me) => void;
  onCancel: () => void;
}) {
  return (
    <Dialog open={open} title="Sign in again" onClose={onCancel}>
      <SignInForm onSignedIn={onSignedIn} submitLabel="Sign in and continue">
        <p>
          Your session has ended. Sign in again to continue: what you typed is kept, and what you were saving
          is saved once you are signed in.
        </p>
      </SignInForm>
    </Dialog>
  );
}
