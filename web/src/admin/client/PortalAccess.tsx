import { api } from '../../api.ts';
import { Button, ErrorBox, useAsync, useToast } from '../../components/ui.tsx';
import { useRowAction } from '../../components/use-save.ts';
import { dateTime } from '../../format.ts';

interface ContactAccess {
  id: string;
  name: string;
  email: string;
  portal: {
    status: string;
    invitedAt: string | null;
    lastLoginAt: string | null;
    deactivatedAt: string | null;
  };
}

const PORTAL_STATUS_LABELS: Record<string, string> = {
  not_invited: 'Not invited',
  invited: 'Invited',
  active: 'Active',
  deactivated: 'Deactivated',
};

/** Who of the client's contacts can use the portal; staff invite or cut them off here. */
export function PortalAccess({ clientId }: { clientId: string }) {
  const toast = useToast();
  const { data, error, reload } = useAsync(
    () => api.get<{ items: ContactAccess[] }>(`/clients/${clientId}/contacts`),
    [clientId],
  );
  const { busy, failure, run } = useRowAction();
  const act = (contact: ContactAccess, action: 'invite' | 'deactivate') =>
    run(contact.id, async () => {
      await api.post(`/contacts/${contact.id}/portal/${action}`);
      toast(
        action === 'invite'
          ? `Invitation sent to ${contact.email}`
          : `${contact.name} can no longer use the portal`,
      );
      reload();
    });
  return (
    <div className="card">
      <h2>Client portal access</h2>
      <p className="muted small">
        Contacts open invoices from their email link, or sign in to see all of this client's invoices.
      </p>
      {error && <ErrorBox error={error} onRetry={reload} />}
      {failure && <ErrorBox error={failure} />}
      {data && data.items.length === 0 && (
        <p className="muted">Add a contact above to give them portal access.</p>
      )}
      {data && data.items.length > 0 && (
        <ul className="list">
          {data.items.map((contact) => (
            <li key={contact.id}>
              <span>
                <strong>{contact.name}</strong>{' '}
                <span className="muted small">{contact.email || 'no email'}</span>
                <br />
                <span className="small">
                  {PORTAL_STATUS_LABELS[contact.portal.status] ?? contact.portal.status}
                  {contact.portal.lastLoginAt && ` · last signed in ${dateTime(contact.portal.lastLoginAt)}`}
                </span>
              </span>
              <span className="actions">
                {contact.email && contact.portal.status !== 'active' && (
                  <Button small busy={busy === contact.id} onClick={() => act(contact, 'invite')}>
                    {contact.portal.status === 'invited' ? 'Invite again' : 'Invite'}
                  </Button>
                )}
                {contact.portal.status !== 'not_invited' && contact.portal.status !== 'deactivated' && (
                  <Button
                    small
                    variant="ghost"
                    busy={busy === contact.id}
                    onClick={() => act(contact, 'deactivate')}
                  >
                    Deactivate
                  </Button>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
