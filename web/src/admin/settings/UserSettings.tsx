import { type FormEvent, useState } from 'react';
import { api } from '../../api.ts';
import { Button, ErrorBox, Field, Loading, useAsync, useFormErrors, useToast } from '../../components/ui.tsx';
import type { User } from '../../types.ts';
import { useSession } from '../session.tsx';

export function UserSettings() {
  const toast = useToast();
  const { me } = useSession();
  const { data, error, loading, reload } = useAsync(() => api.get<{ items: User[] }>('/users'), []);
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<'admin' | 'finance'>('finance');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors();
  async function add(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    errors.setError(null);
    try {
      await api.post('/users', { email, name, role, password });
      setEmail('');
      setName('');
      setPassword('');
      toast('User added');
      reload();
    } catch (caught) {
      errors.setError(caught as Error);
    } finally {
      setBusy(false);
    }
  }
  async function patch(user: User, change: Partial<User>) {
    try {
      await api.patch(`/users/${user.id}`, change);
      reload();
    } catch (caught) {
      errors.setError(caught as Error);
    }
  }
  return (
    <div className="card">
      <h2>Users and roles</h2>
      <p className="muted small">
        Admins manage settings and users; finance staff handle clients, invoices and payments.
      </p>
      {error && <ErrorBox error={error} onRetry={reload} />}
      {loading && !data && <Loading what="Loading users" />}
      {data && (
        <div className="table-wrap">
          <table className="table compact">
            <caption className="visually-hidden">Users</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
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
            </tbody>
          </table>
        </div>
      )}
      <form className="form inline-form wrap" onSubmit={add} noValidate>
        <h3 className="full">Add a user</h3>
        {errors.general && <ErrorBox error={errors.general} />}
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
        <Field label="Initial password" error={errors.fieldError('password')}>
          {(props) => (
            <input
              {...props}
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
          )}
        </Field>
        <Button type="submit" busy={busy}>
          Add user
        </Button>
        {errors.unshown}
      </form>
    </div>
  );
}
