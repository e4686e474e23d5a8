import { ref, shallowRef, toValue, type MaybeRefOrGetter } from 'vue';
import { request } from '@/api/graphql';
import { usePolling } from '@/composables/usePolling';
import { JobsDocument, type JobsQueryVariables, type JobSummaryFragment } from '@/gql/graphql';

/** A list of jobs refreshed every `ms` milliseconds while the calling component is mounted. */
export function useJobList(variables: MaybeRefOrGetter<JobsQueryVariables>, ms = 2000) {
  const jobs = shallowRef<JobSummaryFragment[]>([]);
  const totalCount = ref(0);
  const loaded = ref(false);
  const error = ref<unknown>(null);

  async function load() {
    try {
      const { jobs: page } = await request(JobsDocument, toValue(variables));
      jobs.value = page.edges.map((edge) => edge.node);
      totalCount.value = page.totalCount;
      error.value = null;
    } catch (err) {
      error.value = err;
    } finally {
      loaded.value = true;
    }
  }

  const polling = usePolling(load, ms);

  /** Puts a job returned by a mutation in place at once, then reloads. */
  function replace(job: JobSummaryFragment) {
    jobs.value = jobs.value.map((j) => (j.id === job.id ? job : j));
    void polling.refresh();
  }

  return { jobs, totalCount, loaded, error, refresh: polling.refresh, replace };
}
