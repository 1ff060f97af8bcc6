import { Type } from 'typebox';
import { PHOTO_STAGES, PHOTO_TYPES } from '../photo.js';

/** A project's photo as /api/projects/:id/photos answers; its bytes are at `url`. */
export const Photo = Type.Object({
  id: Type.Integer(),
  stage: Type.Enum(PHOTO_STAGES),
  content_type: Type.Enum(PHOTO_TYPES),
  byte_size: Type.Integer(),
  is_public: Type.Boolean(),
  caption: Type.Union([Type.String(), Type.Null()]),
  url: Type.String(),
  uploaded_by: Type.Optional(Type.String({ description: 'staff only' })),
  uploaded_at: Type.String({ format: 'date-time' }),
});
