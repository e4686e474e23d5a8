import { ref } from 'vue';
import { request } from '@/api/graphql';
import { UsersDocument, type UsersQuery } from '@/gql/graphql';

/** The workspace's users, for the salesperson select. */
export function useUsers() {
  const users = ref<UsersQuery['users']>([]);
  void request(UsersDocument, {})
    .then((data) => {
      users.value = data.users;
    })
    .catch(() => {
      users.value = [];
    });

  /** Active users, plus an inactive one still set on the record (`keep`). */
  function userOptions(keep: string | null) {
    return users.value
      .filter((u) => u.active || u.id === keep)
      .map((u) => ({ value: u.id, label: u.name, disabled: !u.active }));
  }
  return { users, userOptions };
}
