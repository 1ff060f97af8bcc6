import { Type, type Static } from 'typebox';
import { ROLES, type Role } from './roles.js';
import { NonBlankString, Nullable, PositiveInt4 } from './schemaTypes.js';

/** The logged-in user a request acts as. */
export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  /** For role 'unit': the responsible unit whose projects the user works on. */
  unitId: number | null;
  unitName: string | null;
}

export const USERNAME_PATTERN = '^[A-Za-z0-9._-]{2,64}$';

/**
 * The one form of a username that the login lookup, the failed-login lock,
 * the unique index and user creation all compare: compatibility-normalised
 * (a full-width ｚｈａｎｇ typed with a Chinese input method is zhang) and with
 * ASCII letters lower-cased. Only ASCII is lower-cased, on purpose: Unicode
 * case mapping turns İ (U+0130) into i + a combining dot in JavaScript and
 * into i in some database locales, and a lock counted under one form while
 * the lookup finds the other is a lock that opens under a twin. Stored names
 * are ASCII (USERNAME_PATTERN), so the index's lower(username) is this same
 * function; a name whose key is not ASCII names no user.
 */
export function usernameKey(username: string): string {
  return username.normalize('NFKC').replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

export const Username = Type.String({ pattern: USERNAME_PATTERN, description: '2–64 letters, digits, . _ -' });

export const LoginBody = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 1024 }) },
  { additionalProperties: false },
);

export const CreateUserBody = Type.Object(
  {
    username: Username,
    display_name: NonBlankString(100),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
    role: Type.Enum(ROLES),
    unit_id: Type.Optional(Nullable(PositiveInt4({ description: 'required for role unit, empty otherwise' }))),
  },
  { additionalProperties: false },
);
export type CreateUser = Static<typeof CreateUserBody>;

export const PatchUserBody = Type.Object(
  {
    display_name: Type.Optional(NonBlankString(100)),
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
    role: Type.Optional(Type.Enum(ROLES)),
    unit_id: Type.Optional(Nullable(PositiveInt4())),
    disabled: Type.Optional(Type.Boolean({ description: 'a disabled user cannot log in; their sessions end' })),
  },
  { additionalProperties: false },
);
export type PatchUser = Static<typeof PatchUserBody>;

export const UserOutput = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  display_name: Type.String(),
  role: Type.Enum(ROLES),
  unit_id: Type.Union([Type.Integer(), Type.Null()]),
  unit_name: Type.Union([Type.String(), Type.Null()]),
  area_id: Type.Union([Type.Integer(), Type.Null()], { description: 'the street or community the user works in, from the staff list' }),
  area_name: Type.Union([Type.String(), Type.Null()]),
  disabled: Type.Boolean(),
  is_demo: Type.Boolean(),
  created_at: Type.String({ format: 'date-time' }),
});
