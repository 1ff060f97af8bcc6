import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { CAPABILITIES, type Capability, type Role } from '../../../server/src/domain/roles.js';
import { ApiError, requestJson, setCsrfToken } from '../api/http.js';

/** The logged-in user as GET /api/me and POST /api/auth/login answer it. */
export interface SessionUser {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  unit_id: number | null;
  unit_name: string | null;
}

/** Who is using the app: a user with the capabilities of their role, or the public (user null). */
export interface Session {
  user: SessionUser | null;
  capabilities: readonly Capability[];
}

export const PUBLIC_SESSION: Session = { user: null, capabilities: [] };

interface MeBody {
  user: SessionUser;
  capabilities: string[];
  csrfToken: string;
}

export interface DemoAccounts {
  accounts: { username: string; role: Role }[];
  password: string | null;
}

export const sessionKey = ['session'] as const;

const isCapability = (c: string): c is Capability => c in CAPABILITIES;

/** Keeps the CSRF token for the writes that follow, and returns what the interface needs. */
function sessionOf(me: MeBody): Session {
  setCsrfToken(me.csrfToken);
  return { user: me.user, capabilities: me.capabilities.filter(isCapability) };
}

export async function fetchSession(): Promise<Session> {
  try {
    return sessionOf(await requestJson<MeBody>('/api/me'));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(null);
      return PUBLIC_SESSION;
    }
    throw error;
  }
}

export function fetchDemoAccounts(): Promise<DemoAccounts> {
  return requestJson('/api/auth/demo-accounts');
}

/**
 * Queries whose answers do not depend on who asks: boundaries, units, the
 * server's configuration. Everything else (project lists and details, history,
 * photos, tasks, the dashboard) is refetched when the user changes.
 */
const SAME_FOR_EVERYONE = new Set<unknown>(['session', 'areas', 'units', 'config']);

/**
 * After a login or logout: drop what the previous user was shown (private
 * fields must not linger in the cache) and fetch it again as the new one.
 */
function resetUserQueries(queryClient: QueryClient): Promise<void> {
  return queryClient.resetQueries({ predicate: (query) => !SAME_FOR_EVERYONE.has(query.queryKey[0]) });
}

/** The current session; the public while it loads or when not logged in. */
export function useSession(): { session: Session; loading: boolean } {
  const query = useQuery({ queryKey: sessionKey, queryFn: fetchSession, staleTime: Infinity, retry: 1 });
  return { session: query.data ?? PUBLIC_SESSION, loading: query.isPending };
}

/**
 * `onLoggedIn` runs with the login, not after the component that asked has
 * re-rendered: the new session replaces the login button (and its dialog) at once.
 */
export function useLogin(onLoggedIn: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (credentials: { username: string; password: string }) =>
      requestJson<MeBody>('/api/auth/login', { method: 'POST', body: JSON.stringify(credentials) }),
    onSuccess: (me) => {
      onLoggedIn();
      queryClient.setQueryData(sessionKey, sessionOf(me));
      void resetUserQueries(queryClient);
    },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => requestJson<void>('/api/auth/logout', { method: 'POST' }),
    onSuccess: () => {
      setCsrfToken(null);
      queryClient.setQueryData(sessionKey, PUBLIC_SESSION);
      void resetUserQueries(queryClient);
    },
    // The cookie is the server's to clear: when it could not, ask who this browser is now.
    onError: () => void queryClient.invalidateQueries({ queryKey: sessionKey }),
  });
}

/**
 * A write refused because the session ended (401: expired, or an administrator
 * changed the user) or its CSRF token is stale (another tab logged in again):
 * ask the server who this browser is now, so the interface follows.
 */
export function useSessionRecheck(): (error: unknown) => void {
  const queryClient = useQueryClient();
  return (error) => {
    const stale = error instanceof ApiError && (error.status === 401 || error.body.code === 'CSRF_TOKEN_INVALID');
    if (stale) void queryClient.invalidateQueries({ queryKey: sessionKey });
  };
}
