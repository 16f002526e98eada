import { useState } from 'react';
import { api } from '../../api.ts';
import { NewPasswordField } from '../../components/CredentialFields.tsx';
import { AddForm, CompactTable } from '../../components/ListCard.tsx';
import { Button, ErrorBox, Field, Loading, useAsync, useToast } from '../../components/ui.tsx';
import { useSave } from '../../components/use-save.ts';
import type { User } from '../../types.ts';
import { useSession } from '../session.tsx';

const USER_COLUMNS = [{ label: 'Name' }, { label: 'Email' }, { label: 'Role' }, { label: 'Status' }];

export function UserSettings() {
  const toast = useToast();
  const { me } = useSession();
  const { data, error, loading, reload } = useAsync(() => api.get<{ items: User[] }>('/users'), []);
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<'admin' | 'finance'>('finance');
  const [password, setPassword] = useState('');
  const save = useSave();
  const { errors, attempt } = save;
  const add = save.submit(async () => {
    await api.post('/users', { email, name, role, password });
    setEmail('');
    setName('');
    setPassword('');
    toast('User added');
    reload();
  });
  const patch = (user: User, change: Partial<User>) =>
    attempt(async () => {
      await api.patch(`/users/${user.id}`, change);
      reload();
    });
  return (
    <div className="card">
      <h2>Users and roles</h2>
      <p className="muted small">
        Admins manage settings and users; finance staff handle clients, invoices and payments.
      </p>
      {error && <ErrorBox error={error} onRetry={reload} />}
      {loading && !data && <Loading what="Loading users" />}
      {data && (
        <CompactTable caption="Users" columns={USER_COLUMNS}>
          {data.items.map((user) => (
            <tr key={user.id}>
              <td data-label="Name">{user.name || '—'}</td>
              <td data-label="Email">{user.email}</td>
              <td data-label="Role">
                <label className="visually-hidden" htmlFor={`role-${user.id}`}>
                  Role of {user.email}
                </label>
                <select
                  id={`role-${user.id}`}
                  value={user.role}
                  disabled={user.id === me.userId}
                  onChange={(event) => patch(user, { role: event.target.value as User['role'] })}
                >
                  <option value="admin">Admin</option>
                  <option value="finance">Finance</option>
                </select>
              </td>
              <td data-label="Status">
                <Button
                  small
                  variant="ghost"
                  disabled={user.id === me.userId}
                  onClick={() => patch(user, { active: !user.active })}
                >
                  {user.active ? 'Deactivate' : 'Reactivate'}
                </Button>
              </td>
            </tr>
          ))}
        </CompactTable>
      )}
      <AddForm title="Add a user" save={save} onSubmit={add} submitLabel="Add user">
        <Field label="Email" error={errors.fieldError('email')}>
          {(props) => (
            <input {...props} type="email" value={email} onChange={(event) => setEmail(event.target.value)} />
          )}
        </Field>
        <Field label="Name" error={errors.fieldError('name')}>
          {(props) => <input {...props} value={name} onChange={(event) => setName(event.target.value)} />}
        </Field>
        <Field label="Role" error={errors.fieldError('role')}>
          {(props) => (
            <select
              {...props}
              value={role}
              onChange={(event) => setRole(event.target.value as 'admin' | 'finance')}
            >
              <option value="finance">Finance</option>
              <option value="admin">Admin</option>
            </select>
          )}
        </Field>
        <NewPasswordField
          label="Initial password"
          error={errors.fieldError('password')}
          value={password}
          onChange={setPassword}
        />
      </AddForm>
    </div>
  );
}
