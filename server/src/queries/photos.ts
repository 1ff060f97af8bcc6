import type pg from 'pg';
import type { PhotoStage, PhotoType } from '../domain/photo.js';

type Queryable = pg.Pool | pg.PoolClient;

export interface PhotoMeta {
  id: number;
  project_id: number;
  stage: PhotoStage;
  content_type: PhotoType;
  byte_size: number;
  is_public: boolean;
  caption: string | null;
  uploaded_by: string;
  uploaded_at: Date;
}

const META = 'id, project_id, stage, content_type, byte_size, is_public, caption, uploaded_by, uploaded_at';

export async function insertPhoto(
  client: pg.PoolClient,
  p: { projectId: number; stage: PhotoStage; contentType: PhotoType; bytes: Buffer; isPublic: boolean; caption: string | null; uploadedBy: string },
): Promise<PhotoMeta> {
  const { rows } = await client.query<PhotoMeta>(
    `INSERT INTO project_photos (project_id, stage, content_type, byte_size, bytes, is_public, caption, uploaded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${META}`,
    [p.projectId, p.stage, p.contentType, p.bytes.length, p.bytes, p.isPublic, p.caption, p.uploadedBy],
  );
  return rows[0]!;
}

/** A project's photos, oldest first; with `publicOnly`, those marked public. */
export async function photosOfProject(db: Queryable, projectId: number, options: { publicOnly: boolean }): Promise<PhotoMeta[]> {
  const { rows } = await db.query<PhotoMeta>(
    `SELECT ${META} FROM project_photos WHERE project_id = $1 AND ($2::boolean = false OR is_public) ORDER BY id`,
    [projectId, options.publicOnly],
  );
  return rows;
}

/** One photo with its bytes, and its project's unit (to decide who may see it). */
export async function photoWithBytes(
  db: Queryable,
  photoId: number,
): Promise<(PhotoMeta & { bytes: Buffer; unit_id: number | null }) | undefined> {
  const { rows } = await db.query<PhotoMeta & { bytes: Buffer; unit_id: number | null }>(
    `SELECT ${META.split(', ').map((c) => `ph.${c}`).join(', ')}, ph.bytes, p.unit_id
       FROM project_photos ph JOIN projects p ON p.id = ph.project_id
      WHERE ph.id = $1 AND p.deleted_at IS NULL`,
    [photoId],
  );
  return rows[0];
}

/** The first public photo of each project that has one. */
export async function firstPublicPhotos(db: Queryable, projectIds: number[]): Promise<Map<number, number>> {
  const { rows } = await db.query<{ project_id: number; id: number }>(
    `SELECT project_id, min(id) AS id FROM project_photos WHERE is_public AND project_id = ANY ($1::bigint[]) GROUP BY project_id`,
    [projectIds],
  );
  return new Map(rows.map((r) => [Number(r.project_id), Number(r.id)]));
}
