import { ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { useMessage } from 'naive-ui';
import { errorMessage, request } from '@/api/graphql';
import { CancelJobDocument, ResolveErasureJobDocument, RetryJobDocument, type JobSummaryFragment } from '@/gql/graphql';

/**
 * Cancel, retry and « Marquer comme traité » (a GDPR deletion at a provider done by hand), with
 * feedback messages; `busy` holds the id of the job being acted on.
 */
export function useJobActions(onChanged: (job: JobSummaryFragment) => void) {
  const { t } = useI18n();
  const message = useMessage();
  const busy = ref<string | null>(null);

  async function run(id: string, action: () => Promise<JobSummaryFragment>, done: string) {
    busy.value = id;
    try {
      const job = await action();
      message.success(done);
      onChanged(job);
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      busy.value = null;
    }
  }

  return {
    busy,
    cancel: (id: string) =>
      run(id, async () => (await request(CancelJobDocument, { id })).cancelJob, t('jobs.cancelled')),
    retry: (id: string) => run(id, async () => (await request(RetryJobDocument, { id })).retryJob, t('jobs.retried')),
    resolveErasure: (id: string) =>
      run(
        id,
        async () => (await request(ResolveErasureJobDocument, { jobId: id })).resolveErasureJob,
        t('jobs.erasure.resolved'),
      ),
  };
}
