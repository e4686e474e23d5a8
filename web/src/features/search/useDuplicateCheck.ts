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

/**
 * A company being typed is compared on its SIRET, its VAT number, and its name: with its
 * postal code when there is one, else alone (the server then wants a nearly identical name).
 */
export function companyDuplicateInput(company: {
  name: string;
  postalCode: string;
  siret: string;
  vatNumber: string;
}): DuplicateCheckInput | null {
  const input = {
    kind: 'COMPANY' as const,
    name: filled(company.name),
    postalCode: filled(company.postalCode),
    siret: filled(company.siret),
    vatNumber: filled(company.vatNumber),
  };
  return input.siret || input.vatNumber || input.name ? input : null;
}

/** The phones of a contact being typed (direct, then mobile) that are filled in. */
export function filledPhones(contact: { phoneDirect: string; phoneMobile: string }): string[] {
  return [contact.phoneDirect, contact.phoneMobile].map(filled).filter((p): p is string => !!p);
}
