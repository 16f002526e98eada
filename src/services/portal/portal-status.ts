/** What staff see about a contact's portal access. */
export type PortalStatus = 'not_invited' | 'invited' | 'active' | 'deactivated';

export interface PortalAccessView {
  status: PortalStatus;
  invitedAt: string | null;
  activatedAt: string | null;
  deactivatedAt: string | null;
  lastLoginAt: string | null;
}

export function portalAccessView(
  account: {
    invited_at: Date | null;
    activated_at: Date | null;
    deactivated_at: Date | null;
    last_login_at: Date | null;
  } | null,
): PortalAccessView {
  const status: PortalStatus = !account
    ? 'not_invited'
    : account.deactivated_at
      ? 'deactivated'
      : account.activated_at
        ? 'active'
        : account.invited_at
          ? 'invited'
          : 'not_invited';
  return {
    status,
    invitedAt: account?.invited_at?.toISOString() ?? null,
    activatedAt: account?.activated_at?.toISOString() ?? null,
    deactivatedAt: account?.deactivated_at?.toISOString() ?? null,
    lastLoginAt: account?.last_login_at?.toISOString() ?? null,
  };
}
