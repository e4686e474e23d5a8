import { changedEventInput, eventFieldsInput } from './eventForm';

const form = {
  name: 'Séminaire',
  startDate: '2027-03-15',
  endDate: null,
  venue: '',
  status: 'OPTION' as const,
  guestCount: null,
  salespersonId: null,
};

describe('eventFieldsInput', () => {
  it('sends a cleared salesperson as null, so that the update clears it', () => {
    const input = eventFieldsInput(form);
    expect(input).toHaveProperty('salespersonId', null);
    expect(input).toMatchObject({ endDate: null, venue: null, guestCount: null });
  });

  it('sends the chosen salesperson', () => {
    expect(eventFieldsInput({ ...form, salespersonId: 'u1' }).salespersonId).toBe('u1');
  });
});

describe('changedEventInput', () => {
  const saved = { ...eventFieldsInput(form), companyId: 'c1', contactIds: ['a'] };

  it('sends only what changed: an untouched contacts list is not sent again', () => {
    expect(changedEventInput({ ...saved, venue: 'Lille' }, saved)).toEqual({ venue: 'Lille' });
    expect(changedEventInput(saved, saved)).toEqual({});
    expect(changedEventInput({ ...saved, contactIds: ['a', 'b'] }, saved)).toEqual({ contactIds: ['a', 'b'] });
  });

  it('sends the contacts with another company (the API asks for them)', () => {
    expect(changedEventInput({ ...saved, companyId: 'c2' }, saved)).toEqual({ companyId: 'c2', contactIds: ['a'] });
  });
});
