import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TransitionRequest } from '../../../../server/src/domain/lifecycle.js';
import { invalidateProjectViews, queryKeys } from '../../api/queries.js';
import type { ProjectFeature } from '../../api/types.js';
import { transitionProject, uploadPhoto } from './api.js';

export interface StepSubmission {
  request: TransitionRequest;
  /** An after-photo sent with a completion. */
  photo: { file: File; isPublic: boolean } | null;
}

export interface StepOutcome {
  project: ProjectFeature;
  /** The step was taken but its photo was refused: the user is told, and can upload it again. */
  photoError: unknown;
}

/**
 * Takes one step of the loop, then uploads its photo if there is one. The step
 * goes first: a photo without its step would tell a story that did not happen.
 * The callbacks run with the answer even when the form that asked is gone: a
 * new status replaces the form at once.
 */
export function useTransition(projectId: number, callbacks: { onSuccess(outcome: StepOutcome): void; onError(error: unknown): void }) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ request, photo }: StepSubmission): Promise<StepOutcome> => {
      const project = await transitionProject(projectId, request);
      let photoError: unknown = null;
      if (photo) {
        try {
          await uploadPhoto(projectId, { file: photo.file, stage: 'after', isPublic: photo.isPublic, caption: '' });
        } catch (error) {
          photoError = error;
        }
      }
      return { project, photoError };
    },
    onSuccess: (outcome) => {
      callbacks.onSuccess(outcome);
      queryClient.setQueryData(queryKeys.project(projectId), outcome.project);
      // The lists, the history and the photos (all under `projects`), the work lists, coverage and the dashboard's figures.
      invalidateProjectViews(queryClient);
    },
    onError: callbacks.onError,
  });
}
