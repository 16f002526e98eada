import type { ProjectRow } from '../../db/schema.ts';

export interface ProjectView {
  id: string;
  clientId: string;
  name: string;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
}

export function toProjectView(row: ProjectRow): ProjectView {
  return {
    id: row.id,
    clientId: row.client_id,
    name: row.name,
    archived: row.archived_at !== null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
