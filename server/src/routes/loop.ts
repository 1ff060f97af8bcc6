import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PositiveInt4 } from '../domain/schemaTypes.js';
import { Type } from 'typebox';
import { NotFoundError } from '../domain/errors.js';
import { TransitionBody } from '../domain/lifecycle.js';
import { MAX_PHOTO_BYTES, PHOTO_STAGES, PHOTO_TYPES } from '../domain/photo.js';
import { can } from '../domain/roles.js';
import { OPEN_STATUSES } from '../domain/status.js';
import { photosOfProject, photoWithBytes, type PhotoMeta } from '../queries/photos.js';
import { openProjectsByUrgency } from '../queries/projects.js';
import { addPhoto } from '../services/photos.js';
import { projectInReach, withinReach } from '../services/projectAccess.js';
import { transitionProject } from '../services/transitions.js';
import { IdParams } from './params.js';
import { Photo } from '../domain/api/photos.js';
import { ProjectCollection, ProjectFeature } from '../domain/api/projects.js';
import { projectFeature, projectListFeature } from './projectFeature.js';
import { errorResponses } from './errorResponses.js';

function photoOutput(p: PhotoMeta, staff: boolean) {
  return {
    id: p.id,
    stage: p.stage,
    content_type: p.content_type,
    byte_size: p.byte_size,
    is_public: p.is_public,
    caption: p.caption,
    url: `/api/photos/${p.id}`,
    ...(staff ? { uploaded_by: p.uploaded_by } : {}),
    uploaded_at: p.uploaded_at.toISOString(),
  };
}

const PhotoQuery = Type.Object(
  {
    stage: Type.Enum(PHOTO_STAGES, { description: 'before or after the work' }),
    public: Type.Optional(Type.Boolean({ default: false, description: 'shown to the public too' })),
    caption: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

const TasksQuery = Type.Object(
  {
    overdue: Type.Optional(Type.Boolean({ description: 'only overdue ones (督办)' })),
    unit: Type.Optional(PositiveInt4({ description: 'one responsible unit (a unit user always sees its own)' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000, default: 500 })),
  },
  { additionalProperties: false },
);

/** The loop: status transitions, photos of the work, and the work list ordered by urgency. */
export const loopRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Photos arrive as their own bytes (Content-Type image/…), not wrapped in JSON or multipart.
  app.addContentTypeParser([...PHOTO_TYPES], { parseAs: 'buffer', bodyLimit: MAX_PHOTO_BYTES }, (_request, body, done) => {
    done(null, body);
  });

  app.post(
    '/api/projects/:id/transitions',
    {
      schema: {
        summary: 'Move a project one step round the loop (reported → assigned → in_progress → completed → verified; cancelled)',
        description:
          'assigned needs unit_id (or one already set) and takes deadline or the kind’s time limit; completed needs a note; ' +
          'verified needs satisfaction ≥ 3; completed → in_progress (reopen) needs satisfaction ≤ 2; cancelled needs a note. ' +
          'A step the loop does not have is 409 INVALID_TRANSITION; a role that may not take it, 403.',
        tags: ['loop'],
        params: IdParams,
        body: TransitionBody,
        response: { 200: ProjectFeature, ...errorResponses(401, 403, 404, 409, 413, 415) },
      },
      onRequest: app.requireLogin,
    },
    async (request) => {
      const row = await transitionProject(app.db.pool, request.params.id, request.body, request.user!, app.today());
      return projectFeature(row, app.today(), { includePrivate: true });
    },
  );

  app.post(
    '/api/projects/:id/photos',
    {
      schema: {
        summary: 'Add a photo (JPEG, PNG or WebP, ≤ 5 MiB) before or after the work; the body is the image itself',
        tags: ['loop'],
        params: IdParams,
        querystring: PhotoQuery,
        response: { 201: Photo, ...errorResponses(401, 403, 404) },
      },
      bodyLimit: MAX_PHOTO_BYTES,
      onRequest: app.authorize('uploadPhoto'),
    },
    async (request, reply) => {
      const photo = await addPhoto(
        app.db.pool,
        request.params.id,
        {
          // No body at all (no Content-Type) reads as an empty photo: refused as one, by name.
          bytes: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
          declaredType: request.headers['content-type']?.split(';')[0]?.trim(),
          stage: request.query.stage,
          isPublic: request.query.public ?? false,
          caption: request.query.caption?.trim() || null,
        },
        request.user!,
      );
      return reply.code(201).send(photoOutput(photo, true));
    },
  );

  app.get(
    '/api/projects/:id/photos',
    {
      schema: {
        summary: 'A project’s photos: all of them for staff, those marked public for everyone else',
        tags: ['loop'],
        params: IdParams,
        response: { 200: Type.Array(Photo), ...errorResponses(404) },
      },
    },
    async (request) => {
      await projectInReach(app.db.pool, request.params.id, request.user);
      const staff = can(request.user?.role, 'readPrivate');
      const photos = await photosOfProject(app.db.pool, request.params.id, { publicOnly: !staff });
      return photos.map((p) => photoOutput(p, staff));
    },
  );

  app.get(
    '/api/photos/:id',
    {
      schema: {
        summary: 'A photo’s image; one not marked public only for staff who can see its project',
        tags: ['loop'],
        params: IdParams,
        response: {
          // The image's bytes, sent as they are; only the errors are JSON.
          200: { description: 'the image', content: { 'image/*': { schema: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) } } },
          ...errorResponses(404),
        },
      },
    },
    async (request, reply) => {
      const photo = await photoWithBytes(app.db.pool, request.params.id);
      const staff = can(request.user?.role, 'readPrivate') && photo !== undefined && withinReach(request.user, photo);
      if (!photo || (!photo.is_public && !staff)) throw new NotFoundError(`photo ${request.params.id} does not exist`);
      return reply
        .type(photo.content_type)
        .header('cache-control', photo.is_public ? 'public, max-age=86400' : 'private, no-store')
        .header('content-disposition', 'inline')
        .send(photo.bytes);
    },
  );

  app.get(
    '/api/tasks',
    {
      schema: {
        summary: 'Open projects by urgency — most overdue first, then nearest deadline; a unit user gets its own unit’s',
        tags: ['loop'],
        querystring: TasksQuery,
        response: { 200: ProjectCollection, ...errorResponses(401, 403) },
      },
      onRequest: app.requireLogin,
    },
    async (request) => {
      const user = request.user!;
      const unitId = user.role === 'unit' ? user.unitId : (request.query.unit ?? null);
      const today = app.today();
      const rows = await openProjectsByUrgency(app.db.pool, {
        unitId,
        overdueOnly: request.query.overdue === true,
        openStatuses: OPEN_STATUSES,
        today,
        limit: request.query.limit ?? 500,
      });
      return { type: 'FeatureCollection' as const, features: rows.map((r) => projectListFeature(r, today)) };
    },
  );
};
