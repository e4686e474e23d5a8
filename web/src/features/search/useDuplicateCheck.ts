import { onBeforeUnmount, ref, watch } from 'vue';
import { request } from '@/api/graphql';
import { DuplicateCandidatesDocument, type DuplicateCandidatesQuery, type DuplicateCheckInput } from '@/gql/graphql';

export type DuplicateCandidate = DuplicateCandidatesQuery['duplicateCandidates'][number];

/**
 * Existing records that may be the one being typed into a create form, checked shortly
 * after the user stops typing (`input` returns null when there is nothing to compare yet).
 * A failed check never gets in the way of the form: it just shows nothing.
 */
export function useDuplicateCheck(input: () => DuplicateCheckInput | null, delayMs = 400) {
  const candidates = ref<DuplicateCandidate[]>([]);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let seq = 0;

  async function run() {
    const mine = ++seq;
    const value = input();
    if (!value) {
      candidates.value = [];
      return;
    }
    try {
      const { duplicateCandidates } = await request(DuplicateCandidatesDocument, { input: value });
      if (mine === seq) candidates.value = duplicateCandidates;
    } catch {
      if (mine === seq) candidates.value = [];
    }
  }

  watch(
    () => JSON.stringify(input()),
    () => {
      clearTimeout(timer);
      timer = setTimeout(() => void run(), delayMs);
    },
  );
  onBeforeUnmount(() => clearTimeout(timer));
  return { candidates };
}

/** Blank strings out, so that only what the user typed is compared. */
export function filled(value: string | null | undefined): string | null {
  const v = value?.trim();
  return v ? v : null;
}
