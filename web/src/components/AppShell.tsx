import type { ReactNode } from 'react';

/** The parts both app shells (staff and client portal) share: the skip link, the user menu and the main region. */

/** The first focusable link on a page, jumping past the header to `ShellMain`. */
export function SkipLink({ children }: { children: ReactNode }) {
  return (
    <a className="skip-link" href="#main">
      {children}
    </a>
  );
}

/** Who is signed in (`user`), anything that goes beside them (`children`), then the log-out button. */
export function UserMenu({
  user,
  logOutLabel,
  onLogOut,
  children,
}: {
  user: ReactNode;
  logOutLabel: string;
  onLogOut: () => void;
  children?: ReactNode;
}) {
  return (
    <div className="usermenu">
      <span className="username">{user}</span>
      {children}
      <button type="button" className="button button-ghost button-small" onClick={onLogOut}>
        {logOutLabel}
      </button>
    </div>
  );
}

/** The page's main region, the target of `SkipLink`. */
export function ShellMain({ className, children }: { className: string; children: ReactNode }) {
  return (
    <main id="main" className={className}>
      {children}
    </main>
  );
}
