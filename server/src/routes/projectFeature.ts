import { deadlineStanding } from '../domain/status.js';
import type { ProjectRow, PublicProjectRow } from '../queries/projects.js';

// Project rows as the answers' schemas (ProjectListFeature, ProjectFeature in domain/api/projects.ts) describe them.

function publicProperties(row: PublicProjectRow, today: string) {
  return {
    kind: row.kind,
    title: row.title,
    address: row.address,
    status: row.status,
    unit_id: row.unit_id,
    unit_name: row.unit_name,
    deadline: row.deadline,
    reported_on: row.reported_on,
    completed_on: row.completed_on,
    verified_on: row.verified_on,
    households_benefited: row.households_benefited,
    area_id: row.area_id,
    area_name: row.area_name,
    attributes: row.attributes,
    ...deadlineStanding(row, today),
    version: row.version,
    is_demo: row.is_demo,
    updated_at: row.updated_at.toISOString(),
  };
}

/** A project on a map or in a list: public fields only. */
export function projectListFeature(row: PublicProjectRow, today: string) {
  return { type: 'Feature' as const, id: row.id, geometry: row.geometry, properties: publicProperties(row, today) };
}

/**
 * A project opened on its own. The reporter's name and phone and the internal
 * note are private: included only for viewers allowed to see them (staff, and a
 * unit for its own projects), absent — not null — for everyone else.
 */
export function projectFeature(row: ProjectRow, today: string, options: { includePrivate: boolean }) {
  return {
    type: 'Feature' as const,
    id: row.id,
    geometry: row.geometry,
    properties: {
      ...publicProperties(row, today),
      description: row.description,
      completion_note: row.completion_note,
      reopen_count: row.reopen_count,
      created_at: row.created_at.toISOString(),
      ...(options.includePrivate
        ? { reporter_name: row.reporter_name, reporter_phone: row.reporter_phone, internal_note: row.internal_note }
        : {}),
    },
  };
}
