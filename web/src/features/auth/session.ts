import { computed, readonly, ref } from 'vue';
import { request } from '@/api/graphql';
import { LoginDocument, LogoutDocument, MeDocument, type CurrentUserFragment } from '@/gql/graphql';

/** The signed-in user, shared by the whole app (null until `me` answered). */
const user = ref<CurrentUserFragment | null>(null);
/** The last failure of `loadSession` other than "not signed in" (e.g. server down). */
const loadError = ref<unknown>(null);
let pending: Promise<CurrentUserFragment> | null = null;

export function useSession() {
  return {
    user: readonly(user),
    loadError: readonly(loadError),
    isAdmin: computed(() => user.value?.role === 'ADMIN'),
  };
}

export function currentUser(): CurrentUserFragment | null {
  return user.value;
}

/** Asks the API who we are (once at a time). Throws ApiError (UNAUTHENTICATED when signed out). */
export function loadSession(): Promise<CurrentUserFragment> {
  pending ??= request(MeDocument, {}, { skipAuthRedirect: true })
    .then(({ me }) => {
      user.value = me;
      loadError.value = null;
      return me;
    })
    .catch((err: unknown) => {
      user.value = null;
      loadError.value = err;
      throw err;
    })
    .finally(() => {
      pending = null;
    });
  return pending;
}

export async function login(email: string, password: string): Promise<CurrentUserFragment> {
  const { login: me } = await request(LoginDocument, { email, password }, { skipAuthRedirect: true });
  user.value = me;
  loadError.value = null;
  return me;
}

export async function logout(): Promise<void> {
  try {
    await request(LogoutDocument, {}, { skipAuthRedirect: true });
  } finally {
    clearSession();
  }
}

export function clearSession(): void {
  user.value = null;
  loadError.value = null;
}
