import { computed, reactive, ref, shallowRef, watch, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRoute, useRouter } from 'vue-router';
import { useMessage } from 'naive-ui';
import { fieldErrors } from '@/api/graphql';
import { useUnsavedChangesGuard } from '@/composables/useUnsavedChangesGuard';
import { useAction } from '@/composables/useAction';
import type {
  ContactFieldsInput,
  CreateCompanyInput,
  FinanceLineFieldsFragment,
  FinanceLineInput,
} from '@/gql/graphql';
import type { Party } from './DocumentPartyFields.vue';
import {
  blankLine,
  draftsToInput,
  errorsOnDrafts,
  linesToDrafts,
  localDay,
  prefill,
  sentLineIndexes,
} from './documentForm';
import { emptyInlineClient, emptyInlineContact, inlineContactInput, newClientInput } from './inlineClient';
import type { LineDraft } from './totals';

/** What the quote and the invoice pages read of a loaded document. */
export interface DocumentShape {
  id: string;
  status: string;
  printUrl: string;
  pdfUrl: string;
  /** An invoice's last e-mailing (quotes say it by their status). */
  sentAt?: string | null;
  issueDate: string;
  notes?: string | null;
  company: { id: string };
  contact?: { id: string } | null;
  event?: { id: string } | null;
  /** The billing address picked on the document; null: it follows the company's default one. */
  chosenBillingAddressId?: string | null;
  /** The billing address as copied onto the document (an issued one shows it as printed). */
  billingAddress?: DocumentAddress;
  lines: readonly FinanceLineFieldsFragment[];
  /** An invoice made from a quote: the whole quote, a deposit or the balance. */
  quotePart?: string | null;
  /** The stored totals (a deposit's or a balance's VAT is not recomputed from its lines). */
  totalExclTax?: string;
  totalInclTax?: string;
  vat?: readonly StoredVat[];
}

export interface StoredVat {
  rate: string;
  base: string;
  tax: string;
}

/** Stored totals shown instead of the live ones (LinesEditor), for lines that are not edited. */
export interface FixedTotals {
  totalExclTax: string;
  totalInclTax: string;
  vat: readonly StoredVat[];
}

export interface DocumentAddress {
  label?: string | null;
  addressLine1?: string | null;
  addressLine2?: string | null;
  postalCode?: string | null;
  city?: string | null;
  country?: string | null;
}

/** One line of an address as the document prints it: "Siège, 5 rue Neuve, 69001 Lyon". */
export function addressText(a: DocumentAddress | null | undefined): string {
  if (!a) return '';
  return [a.label, a.addressLine1, a.addressLine2, [a.postalCode, a.city].filter(Boolean).join(' '), a.country]
    .filter(Boolean)
    .join(', ');
}

/** The dates and notes a document form edits; `second` is the quote's "valid until" or the invoice's due date. */
export interface DocumentDates {
  issueDate: string | null;
  second: string | null;
  notes: string;
}

export interface DocumentFieldsPayload {
  issueDate?: string;
  notes: string | null;
  contactId: string | null;
  eventId: string | null;
  billingAddressId?: string | null;
  lines: FinanceLineInput[];
}

/** The new client sent inline (with its main contact), or the chosen company (with, maybe, a new contact of it). */
type ClientPayload =
  | { newClient: CreateCompanyInput; contactId: null }
  | { companyId: string | null }
  | { companyId: string | null; newContact: ContactFieldsInput; contactId: null };

export interface DocumentFormOptions<Doc extends DocumentShape, Fields> {
  id: () => string | undefined;
  routeName: 'quote' | 'invoice';
  /** The second date read off a loaded document. */
  secondOf: (doc: Doc) => string | null | undefined;
  /** The fields sent on create and update, from the shared ones and the second date (`creating`: no document yet). */
  withSecond: (fields: DocumentFieldsPayload, second: string | null, creating: boolean) => Fields;
  load: (id: string) => Promise<Doc>;
  update: (id: string, fields: Fields) => Promise<Doc>;
  /** Creates the document; returns its id. */
  create: (input: Fields & ClientPayload) => Promise<string>;
}

/**
 * The state and actions the quote and the invoice pages share: the document loaded by id
 * (or a new one prefilled from the query string), the client party, dates, lines, the busy
 * flag and the field errors of the last action, and saving (update, or create then open).
 */
export function useDocumentForm<Doc extends DocumentShape, Fields>(options: DocumentFormOptions<Doc, Fields>) {
  const { t, locale } = useI18n();
  const route = useRoute();
  const router = useRouter();
  const message = useMessage();

  const doc = shallowRef<Doc | null>(null);
  const party = ref<Party>(prefill(route.query));
  const client = reactive(emptyInlineClient());
  const newContact = reactive(emptyInlineContact());
  // A document being opened gets its own date from `fill`; a new one starts on today.
  const form = reactive<DocumentDates>({
    issueDate: options.id() ? null : localDay(new Date()),
    second: null,
    notes: '',
  });
  const lines = ref<LineDraft[]>([blankLine()]);
  const loading = ref(false);
  const loadError = ref<unknown>(null);
  // One action at a time (useAction ignores a call while one runs); its error feeds the field errors.
  const { busy, error, run } = useAction();
  /** The drafts' indexes of the lines last sent (blank ones are not): the API's errors number those. */
  const sentLines = ref<number[]>([]);
  const errors = computed(() => errorsOnDrafts(fieldErrors(error.value), sentLines.value));

  function fill(d: Doc) {
    doc.value = d;
    party.value = {
      companyId: d.company.id,
      contactId: d.contact?.id ?? null,
      eventId: d.event?.id ?? null,
      billingAddressId: d.chosenBillingAddressId ?? null,
    };
    Object.assign(form, { issueDate: d.issueDate, second: options.secondOf(d) ?? null, notes: d.notes ?? '' });
    lines.value = linesToDrafts(d.lines, locale.value);
    saved.value = JSON.stringify(fields());
  }

  watch(
    options.id,
    async (id) => {
      if (!id) return;
      loading.value = true;
      try {
        fill(await options.load(id));
        loadError.value = null;
      } catch (err) {
        loadError.value = err;
      } finally {
        loading.value = false;
      }
    },
    { immediate: true },
  );

  const fields = (): Fields =>
    options.withSecond(
      {
        ...(form.issueDate ? { issueDate: form.issueDate } : {}),
        notes: form.notes || null,
        contactId: party.value.contactId,
        eventId: party.value.eventId,
        // Sent when an address is picked, or cleared on a document that had one (null: back to
        // the company's default address); otherwise the document's copy stays as it is.
        ...(party.value.billingAddressId || doc.value?.chosenBillingAddressId
          ? { billingAddressId: party.value.billingAddressId }
          : {}),
        lines: draftsToInput(lines.value),
      },
      form.second,
      doc.value === null,
    );

  // What the open document's form held when last loaded or saved: leaving with other values asks first.
  const saved = ref<string | null>(null);
  useUnsavedChangesGuard(() => doc.value !== null && saved.value !== null && JSON.stringify(fields()) !== saved.value);

  const save = () =>
    run(async () => {
      sentLines.value = sentLineIndexes(lines.value);
      if (doc.value) {
        fill(await options.update(doc.value.id, fields()));
        message.success(t('finance.saved'));
        return;
      }
      const id = await options.create({
        ...fields(),
        ...(client.on
          ? { newClient: newClientInput(client), contactId: null }
          : newContact.on
            ? { companyId: party.value.companyId, newContact: inlineContactInput(newContact), contactId: null }
            : { companyId: party.value.companyId }),
      });
      message.success(t('finance.saved'));
      await router.replace({ name: options.routeName, params: { id } });
    });

  /** Saves the open document's pending edits first (what is e-mailed is what is on screen); false when saving failed. */
  async function saveIfChanged(): Promise<boolean> {
    if (doc.value === null || saved.value === null || JSON.stringify(fields()) === saved.value) return true;
    await save();
    return JSON.stringify(fields()) === saved.value;
  }

  /** Reads the open document again (its status after it was e-mailed). */
  async function reload(): Promise<void> {
    if (doc.value) fill(await options.load(doc.value.id));
  }

  return {
    doc,
    party,
    client,
    newContact,
    form,
    lines,
    loading,
    loadError,
    busy,
    error,
    errors,
    fill,
    run,
    fields,
    save,
    saveIfChanged,
    reload,
  };
}

/**
 * What DocumentPage shows and edits of a document form: the whole state and saving, the
 * document seen only through the fields the frame reads (its type differs per page).
 */
export type DocumentFormState = Omit<
  ReturnType<typeof useDocumentForm<DocumentShape, unknown>>,
  'doc' | 'fill' | 'run' | 'fields'
> & { doc: Readonly<Ref<DocumentShape | null>> };
