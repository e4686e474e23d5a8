import type { EventStatus } from '@/gql/graphql';

/** The most guests the API accepts (MAX_GUEST_COUNT, server/src/modules/event/event.service.ts). */
export const MAX_GUEST_COUNT = 1_000_000;

/** The API's rule for the guest count (empty is allowed): checked before saving, see the page. */
export function validGuestCount(n: number | null): boolean {
  return n === null || (Number.isInteger(n) && n >= 0 && n <= MAX_GUEST_COUNT);
}

/** The event form's own fields (the client and contacts are handled by the page). */
export interface EventFormFields {
  name: string;
  startDate: string | null;
  endDate: string | null;
  venue: string;
  status: EventStatus;
  guestCount: number | null;
  salespersonId: string | null;
}

/**
 * The fields as sent on create and update. Every field is sent, empty ones as null: on updates
 * the API leaves an absent field as it is, so leaving out a cleared value (the salesperson)
 * would keep the old one while the page says "saved".
 */
export function eventFieldsInput(form: EventFormFields) {
  return {
    name: form.name,
    startDate: form.startDate,
    endDate: form.endDate || null,
    venue: form.venue || null,
    status: form.status,
    guestCount: form.guestCount,
    salespersonId: form.salespersonId || null,
  };
}

/**
 * What an update sends: the fields that differ from the event as loaded or last saved, so that
 * a save sends only what the user changed (an untouched contacts list is not sent again). A
 * new client takes its contacts with it (the API asks for them when the company changes).
 */
export function changedEventInput<T extends Record<string, unknown>>(current: T, saved: T): Partial<T> {
  const changed: Partial<T> = {};
  for (const key of Object.keys(current) as (keyof T)[]) {
    if (JSON.stringify(current[key]) !== JSON.stringify(saved[key])) changed[key] = current[key];
  }
  if ('companyId' in changed && 'contactIds' in current)
    changed['contactIds' as keyof T] = current['contactIds' as keyof T];
  return changed;
}
