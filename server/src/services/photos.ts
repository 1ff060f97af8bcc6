import type pg from 'pg';
import { withTransaction } from '../db/transaction.js';
import { InvalidInputError, RequestRefusedError } from '../domain/errors.js';
import { MAX_PHOTO_BYTES, PHOTO_TYPES, sniffPhotoType, type PhotoStage } from '../domain/photo.js';
import type { SessionUser } from '../domain/user.js';
import { insertPhoto, type PhotoMeta } from '../queries/photos.js';
import { appendHistory } from '../queries/projects.js';
import { projectInReach } from './projectAccess.js';

/**
 * Stores a photo of a project's work, checked by its bytes (JPEG, PNG or WebP,
 * at most 5 MiB), with a history row; a refused upload stores nothing.
 */
export async function addPhoto(
  pool: pg.Pool,
  projectId: number,
  upload: { bytes: Buffer; declaredType: string | undefined; stage: PhotoStage; isPublic: boolean; caption: string | null },
  user: SessionUser,
): Promise<PhotoMeta> {
  if (upload.bytes.length === 0) {
    throw new InvalidInputError([{ in: 'body', field: '', reason: 'the photo is empty', reason_zh: '照片为空' }]);
  }
  if (upload.bytes.length > MAX_PHOTO_BYTES) {
    throw new RequestRefusedError(413, 'PHOTO_TOO_LARGE', `a photo may be at most ${MAX_PHOTO_BYTES / 1024 / 1024} MiB`, '照片不能超过 5 MB');
  }
  const type = sniffPhotoType(upload.bytes);
  if (type === null || (upload.declaredType !== undefined && upload.declaredType !== type)) {
    throw new RequestRefusedError(
      415,
      'UNSUPPORTED_PHOTO_TYPE',
      `a photo must be ${PHOTO_TYPES.join(', ')}, sent with its own Content-Type` + (type ? ` (this is ${type})` : ''),
      '照片须为 JPEG、PNG 或 WebP 格式',
    );
  }
  return withTransaction(pool, async (client) => {
    const project = await projectInReach(client, projectId, user, { lock: true });
    const photo = await insertPhoto(client, {
      projectId,
      stage: upload.stage,
      contentType: type,
      bytes: upload.bytes,
      isPublic: upload.isPublic,
      caption: upload.caption,
      uploadedBy: user.username,
    });
    // The photo is part of the record: history notes it without changing the project's version.
    await appendHistory(client, projectId, {
      version: project.version,
      action: 'photo',
      actor: user.username,
      from_status: project.status,
      to_status: project.status,
      changes: { photo: [null, { id: photo.id, stage: photo.stage, is_public: photo.is_public }] },
      note: upload.caption,
    });
    return photo;
  });
}
