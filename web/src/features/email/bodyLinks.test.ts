import { bodyParts } from './bodyLinks';

describe('links in a plain-text mail body', () => {
  it('makes the http(s) addresses links and keeps the rest as text', () => {
    expect(bodyParts('Bonjour,\nOuvrez http://localhost:4101/invitation/abc123 pour commencer.')).toEqual([
      { text: 'Bonjour,\nOuvrez ' },
      { text: 'http://localhost:4101/invitation/abc123', href: 'http://localhost:4101/invitation/abc123' },
      { text: ' pour commencer.' },
    ]);
  });

  it('leaves the punctuation that ends a sentence out of the link', () => {
    expect(bodyParts('(voir https://crm.example.fr/companies/1).')).toEqual([
      { text: '(voir ' },
      { text: 'https://crm.example.fr/companies/1', href: 'https://crm.example.fr/companies/1' },
      { text: ').' },
    ]);
  });

  it('links nothing else: no other scheme, no HTML', () => {
    expect(bodyParts('javascript:alert(1) <a href="x">y</a>')).toEqual([
      { text: 'javascript:alert(1) <a href="x">y</a>' },
    ]);
    expect(bodyParts('')).toEqual([]);
  });
});
