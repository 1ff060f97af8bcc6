import argon2 from 'argon2';

/**
 * Passwords are stored as argon2id hashes (the PHC string carries salt and
 * parameters, so they can be raised later without breaking old hashes).
 * 19 MiB, 2 passes, 1 lane: OWASP's recommended minimum for argon2id.
 */
const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 8;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

// Verifying against this when the user does not exist makes "no such user" take
// as long as "wrong password", so timing does not tell which usernames exist.
let decoyHash: Promise<string> | undefined;
export async function verifyAgainstDecoy(password: string): Promise<false> {
  decoyHash ??= hashPassword('decoy password that no account has');
  await verifyPassword(await decoyHash, password);
  return false;
}

/** Why a new password is refused, or null. */
export function passwordProblem(password: string, username: string): { en: string; zh: string } | null {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return { en: `must be at least ${MIN_PASSWORD_LENGTH} characters`, zh: `至少 ${MIN_PASSWORD_LENGTH} 个字符` };
  }
  if (password.toLowerCase().includes(username.toLowerCase())) {
    return { en: 'must not contain the username', zh: '不能包含用户名' };
  }
  return null;
}
