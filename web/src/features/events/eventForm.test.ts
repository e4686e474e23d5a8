import { eventFieldsInput } from './eventForm';

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
