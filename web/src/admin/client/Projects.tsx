import { type FormEvent, useState } from 'react';
import { api } from '../../api.ts';
import { apiChanged, useClientProjects } from '../../api-queries.ts';
import { Button, ErrorBox, Field, useFormErrors, useToast } from '../../components/ui.tsx';
import type { Project } from '../../types.ts';

export function Projects({ clientId }: { clientId: string }) {
  const toast = useToast();
  const { data, error, reload } = useClientProjects(clientId);
  const [name, setName] = useState('');
  const errors = useFormErrors();
  async function add(event: FormEvent) {
    event.preventDefault();
    errors.setError(null);
    try {
      await api.post('/projects', { clientId, name });
      setName('');
      toast('Project added');
      void apiChanged('/projects');
    } catch (caught) {
      errors.setError(caught as Error);
    }
  }
  async function toggle(project: Project) {
    await api.patch(`/projects/${project.id}`, { archived: !project.archived });
    void apiChanged('/projects');
  }
  return (
    <div className="card">
      <h2>Projects</h2>
      {error && <ErrorBox error={error} onRetry={reload} />}
      {data && data.length === 0 && <p className="muted">No projects. Projects group a client's invoices.</p>}
      {data && data.length > 0 && (
        <ul className="list">
          {data.map((project) => (
            <li key={project.id}>
              <span>
                {project.name}
                {project.archived && <span className="muted"> (archived)</span>}
              </span>
              <Button small variant="ghost" onClick={() => toggle(project)}>
                {project.archived ? 'Restore' : 'Archive'}
              </Button>
            </li>
          ))}
        </ul>
      )}
      <form className="inline-form" onSubmit={add}>
        <Field label="New project" error={errors.fieldError('name')}>
          {(props) => <input {...props} value={name} onChange={(event) => setName(event.target.value)} />}
        </Field>
        <Button type="submit" disabled={!name.trim()}>
          Add project
        </Button>
      </form>
      {errors.general && <ErrorBox error={errors.general} />}
      {errors.unshown}
    </div>
  );
}
