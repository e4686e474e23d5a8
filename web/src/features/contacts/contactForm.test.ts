import { NEW_CONTACT_KEYS, contactPageInput, emptyNewContactForm, newContactInput } from './contactForm';

describe('new contact form', () => {
  it('sends potential, social links and opt-in with the identity fields', () => {
    const form = {
      ...emptyNewContactForm(),
      firstName: ' Zoé ',
      lastName: 'Martin',
      potentialId: 'p1',
      linkedin: ' linkedin.com/in/zoe-martin ',
      facebook: '  ',
      optIn: true,
    };
    expect(newContactInput(form)).toEqual({
      civilityId: null,
      firstName: 'Zoé',
      lastName: 'Martin',
      email: null,
      position: null,
      phoneDirect: null,
      phoneMobile: null,
      phoneSwitchboard: null,
      sourceId: null,
      potentialId: 'p1',
      facebook: null,
      linkedin: 'linkedin.com/in/zoe-martin',
      twitter: null,
      instagram: null,
      optIn: true,
      optInMethod: null,
      optInNote: null,
    });
  });

  it('sends how consent was given only with an opt-in', () => {
    const proof = { optInMethod: 'IN_PERSON' as const, optInNote: '  Formulaire signé au Salon X 2026 ' };
    expect(newContactInput({ ...emptyNewContactForm(), ...proof, optIn: true })).toMatchObject({
      optIn: true,
      optInMethod: 'IN_PERSON',
      optInNote: 'Formulaire signé au Salon X 2026',
    });
    // Switched on, filled, then switched off again: the API would refuse them without an opt-in.
    expect(newContactInput({ ...emptyNewContactForm(), ...proof, optIn: false })).toMatchObject({
      optIn: false,
      optInMethod: null,
      optInNote: null,
    });
  });

  it('starts without consent and names the fields whose errors it shows', () => {
    expect(emptyNewContactForm()).toMatchObject({ optIn: false, potentialId: null, linkedin: '' });
    expect(NEW_CONTACT_KEYS).toEqual(
      expect.arrayContaining([
        'firstName',
        'sourceId',
        'potentialId',
        'facebook',
        'instagram',
        'optIn',
        'optInMethod',
        'optInNote',
      ]),
    );
  });

  it('keeps the contact page sending the same fields plus its own', () => {
    const input = contactPageInput({
      ...emptyNewContactForm(),
      twitter: 'x.com/zoe',
      situationId: 's1',
      progressStateId: null,
      salespersonId: 'u1',
      companyId: 'c1',
    });
    expect(input).toMatchObject({ twitter: 'x.com/zoe', optIn: false, situationId: 's1', companyId: 'c1' });
    expect(Object.keys(input).sort()).toEqual(
      [...NEW_CONTACT_KEYS, 'situationId', 'progressStateId', 'salespersonId', 'companyId'].sort(),
    );
  });
});
