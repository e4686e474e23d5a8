import { ref } from 'vue';
import { request } from '@/api/graphql';
import { TaskCountsDocument } from '@/gql/graphql';

/** The signed-in user's open task counts (side menu); any page that changes a task refreshes them. */
const counts = ref({ todo: 0, overdue: 0, dueToday: 0 });

export function refreshTaskCounts(): Promise<void> {
  return request(TaskCountsDocument, {})
    .then(({ taskCounts }) => {
      counts.value = taskCounts;
    })
    .catch(() => undefined);
}

export function useTaskCounts() {
  return { counts, refresh: refreshTaskCounts };
}
