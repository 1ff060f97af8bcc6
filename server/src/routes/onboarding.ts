import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PositiveInt4 } from '../domain/schemaTypes.js';
import type { BasemapConfig } from '../config.js';
import { OnboardingOutput } from '../domain/onboarding.js';
import { loadedSoFar } from '../queries/onboarding.js';
import { errorResponses } from './errorResponses.js';

/** What a new district has loaded so far, for the administrator's first-day checklist. */
export function onboardingRoutes(basemap: BasemapConfig): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/onboarding',
      {
        schema: {
          summary: 'What is loaded so far — areas, units, staff, reference layers, ledgers, basemap — for the first-day checklist (administrators)',
          tags: ['system'],
          querystring: Type.Object({ district: Type.Optional(PositiveInt4({ description: 'one district’s own counts; the whole server’s without' })) }, { additionalProperties: false }),
          response: { 200: OnboardingOutput, ...errorResponses(401, 403) },
        },
        onRequest: app.authorize('manageAreas'),
      },
      async (request) => ({ ...(await loadedSoFar(app.db.pool, request.query.district ?? null)), basemap: basemap.kind }),
    );
  };
}
