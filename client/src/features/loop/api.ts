import { useQuery } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { Photo as PhotoSchema } from '../../../../server/src/domain/api/photos.js';
import type { TransitionRequest } from '../../../../server/src/domain/lifecycle.js';
import type { PhotoStage } from '../../../../server/src/domain/photo.js';
import { requestJson } from '../../api/http.js';
import { queryKeys } from '../../api/queries.js';
import type { ProjectCollection, ProjectFeature } from '../../api/types.js';

/** A project's photo as the server's schema describes it; `uploaded_by` is for staff only. */
export type Photo = Static<typeof PhotoSchema>;

export interface PhotoUpload {
  file: Blob;
  stage: PhotoStage;
  isPublic: boolean;
  caption: string;
}

/** Under `projects`, so whatever refreshes a project refreshes its photos too. */
export const loopKeys = {
  photos: (projectId: number) => ['projects', 'photos', projectId] as const,
  tasks: queryKeys.tasks,
};

export function transitionProject(id: number, request: TransitionRequest): Promise<ProjectFeature> {
  return requestJson(`/api/projects/${id}/transitions`, { method: 'POST', body: JSON.stringify(request) });
}

export function fetchPhotos(projectId: number): Promise<Photo[]> {
  return requestJson(`/api/projects/${projectId}/photos`);
}

/** The image itself is the body, with its own Content-Type: no multipart, no base64. */
export function uploadPhoto(projectId: number, upload: PhotoUpload): Promise<Photo> {
  const query = new URLSearchParams({ stage: upload.stage, public: String(upload.isPublic) });
  if (upload.caption.trim()) query.set('caption', upload.caption.trim());
  return requestJson(`/api/projects/${projectId}/photos?${query}`, {
    method: 'POST',
    body: upload.file,
    headers: { 'content-type': upload.file.type },
  });
}

export function usePhotos(projectId: number) {
  return useQuery({ queryKey: loopKeys.photos(projectId), queryFn: () => fetchPhotos(projectId) });
}

/** Open projects by urgency, most overdue first: a unit user's own unit's. */
export function useTasks(enabled: boolean) {
  return useQuery({
    queryKey: loopKeys.tasks,
    queryFn: () => requestJson<ProjectCollection>('/api/tasks?limit=500'),
    enabled,
  });
}
