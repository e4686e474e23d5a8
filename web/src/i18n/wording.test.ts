import en from './en';
import fr from './fr';

/** Words users read on buttons and filter chips, as QA asked for them. */
describe('wording', () => {
  it('the export button says what it does, boolean filters are capitalised, activities have an author', () => {
    expect(fr.export.start).toBe('Exporter');
    expect(en.export.start).toBe('Export');
    expect([fr.recordList.ops.IS_TRUE, fr.recordList.ops.IS_FALSE]).toEqual(['Oui', 'Non']);
    expect([en.recordList.ops.IS_TRUE, en.recordList.ops.IS_FALSE]).toEqual(['Yes', 'No']);
    expect(fr.activities.author).toBe('Auteur');
  });

  it("the merge text of contacts names what a contact has, not a company's contacts and addresses", () => {
    expect(fr.merge.explainContact).not.toMatch(/contacts|adresses/);
    expect(fr.merge.explainContact).toMatch(/activités, événements, devis, factures, documents, emails/);
    expect(en.merge.explainContact).not.toMatch(/contacts|addresses/);
    expect(fr.merge.explainCompany).toMatch(/contacts, activités/);
  });

  it('the merge text does not promise a restore: the server refuses to restore a merged-away record', () => {
    for (const text of [fr.merge.explainCompany, fr.merge.explainContact]) {
      expect(text).not.toMatch(/restaurable/);
      expect(text).toMatch(/une fusion ne peut pas être annulée/);
    }
    for (const text of [en.merge.explainCompany, en.merge.explainContact]) expect(text).not.toMatch(/restorable/);
    expect(fr.trash.hint).toMatch(/sauf une fiche fusionnée/);
  });

  it('the consent history names the erasure in words, and user messages assume no gender', () => {
    expect(fr.clients.consent.sources.gdpr.erasure).toBe('effacement RGPD');
    expect(en.clients.consent.sources.gdpr.erasure).toBe('GDPR erasure');
    expect(fr.users.deactivateConfirm).not.toMatch(/ il | elle /);
    expect(fr.users.deactivated).toBe('Le compte de {name} est désactivé.');
  });
});
