import {
  contactDuplicateInput,
  emptyInlineClient,
  emptyInlineContact,
  inlineContactInput,
  newClientInput,
} from './inlineClient';

describe('the client of an event, a quote or an invoice created inline', () => {
  it('sends the new client with its own and its main contact’s custom fields, never "active"', () => {
    const client = emptyInlineClient();
    client.company.name = ' Acme ';
    client.contact.lastName = 'Durand';
    client.companyCustomFields = { secteur: 'Luxe' };
    client.contactCustomFields = { badge: 'VIP' };
    const input = newClientInput(client);
    expect(input).toMatchObject({
      name: 'Acme',
      customFields: { secteur: 'Luxe' },
      mainContact: { lastName: 'Durand', firstName: null, customFields: { badge: 'VIP' } },
    });
    expect(input).not.toHaveProperty('active');
  });

  it('sends a new contact with its custom fields', () => {
    const draft = emptyInlineContact();
    draft.contact.firstName = 'Paul';
    draft.contact.email = ' paul@acme.fr ';
    draft.customFields = { badge: 'Presse' };
    expect(inlineContactInput(draft)).toMatchObject({
      firstName: 'Paul',
      email: 'paul@acme.fr',
      customFields: { badge: 'Presse' },
    });
  });

  it('checks a contact for duplicates on its e-mail, its phones, or its name within the chosen client', () => {
    const contact = emptyInlineContact().contact;
    expect(contactDuplicateInput(contact, { companyId: 'c1' })).toBeNull();
    contact.lastName = 'Durand';
    // A name alone means something only within a company.
    expect(contactDuplicateInput(contact, {})).toBeNull();
    expect(contactDuplicateInput(contact, { companyId: 'c1' })).toMatchObject({
      kind: 'CONTACT',
      lastName: 'Durand',
      companyId: 'c1',
    });
    contact.phoneMobile = '06 12 34 56 78';
    expect(contactDuplicateInput(contact, { country: 'France', postalCode: ' ' })).toMatchObject({
      phones: ['06 12 34 56 78'],
      companyId: null,
      country: 'France',
      postalCode: null,
    });
  });
});
