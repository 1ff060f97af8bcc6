import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CreateUserBody, PatchUserBody, UserOutput } from '../domain/user.js';
import { allUsers, type UserRow } from '../queries/users.js';
import { changeUser, createUser } from '../services/users.js';
import { Int4IdParams } from './params.js';
import { errorResponses } from './errorResponses.js';

const userOutput = (u: UserRow) => ({ ...u, created_at: u.created_at.toISOString() });

/** Accounts, for administrators only. Passwords are never returned, not even hashed. */
export const userRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const onlyAdmins = app.authorize('manageUsers');

  app.get(
    '/api/users',
    { schema: { summary: 'All users', tags: ['users'], response: { 200: Type.Array(UserOutput), ...errorResponses(401, 403) } }, onRequest: onlyAdmins },
    async () => (await allUsers(app.db.pool)).map(userOutput),
  );

  app.post(
    '/api/users',
    {
      schema: { summary: 'Create a user (a unit user needs unit_id)', tags: ['users'], body: CreateUserBody, response: { 201: UserOutput, ...errorResponses(401, 403, 413, 415) } },
      onRequest: onlyAdmins,
    },
    async (request, reply) => reply.code(201).send(userOutput(await createUser(app.db.pool, request.body))),
  );

  app.patch(
    '/api/users/:id',
    {
      schema: {
        summary: 'Change a user: name, role, unit, password, disabled. Changing what they may do ends their sessions.',
        tags: ['users'],
        params: Int4IdParams,
        body: PatchUserBody,
        response: { 200: UserOutput, ...errorResponses(401, 403, 404, 413, 415) },
      },
      onRequest: onlyAdmins,
    },
    async (request) => userOutput(await changeUser(app.db.pool, request.params.id, request.body, request.user!.id)),
  );
};
