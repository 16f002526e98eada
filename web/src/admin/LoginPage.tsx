import { Logo } from '../components/Logo.tsx';
import { usePageTitle } from '../router.tsx';
import type { Me } from '../types.ts';
import { SignInForm } from './SignInForm.tsx';

export function LoginPage({
  onLoggedIn,
  sessionEnded = false,
}: {
  onLoggedIn: (me: Me) => void;
  /** The browser still had a session that is now over (expired, signed out elsewhere). */
  sessionEnded?: boolean;
}) {
  usePageTitle('Log in');
  return (
    <main className="auth-page" id="main">
      <SignInForm className="auth-card" onSignedIn={onLoggedIn}>
        <div className="auth-brand">
          <Logo />
          <span>Remit</span>
        </div>
        <h1 tabIndex={-1}>Log in to your workspace</h1>
        <p className="muted">
          For admins and finance staff. Clients use the portal link in their invoice email.
        </p>
        {sessionEnded && (
          <p className="alert" role="status">
            Your session has ended. Log in again to carry on where you were.
          </p>
        )}
      </SignInForm>
    </main>
  );
}
