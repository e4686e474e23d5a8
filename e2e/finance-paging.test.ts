import { byTest, screenshot } from './support/browser';
import { signedInAdminPerTest } from './support/signed-in';

jest.setTimeout(120_000);

/** The finance tab's lists show 50 documents, then the next ones behind "Voir plus". */
describe('finance tab paging', () => {
  const session = signedInAdminPerTest();

  it('shows the first 50 quotes with the tab, the 51st after "more", the count unchanged', async () => {
    const { page } = session;
    const client = await session.apiClient();
    const { createCompany } = await client.ok(
      `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`,
      {
        input: {
          name: 'Pagination Événements SAS',
          mainContact: { firstName: 'Paul', lastName: 'Page', email: 'paul@pagination.fr', phoneDirect: '0142685300' },
        },
      },
    );
    const companyId: string = createCompany.id;
    // Newest first: the oldest, dated a day earlier than the others, is the one on the second page.
    for (let i = 0; i < 51; i++) {
      await client.ok(`mutation($input: CreateQuoteInput!) { createQuote(input: $input) { id } }`, {
        input: { companyId, issueDate: i === 0 ? '2026-05-03' : '2026-05-04', lines: [] },
      });
    }

    await page.goto(`/companies/${companyId}?tab=finance`);
    await byTest(page, 'quotes-list').waitFor();
    expect(await byTest(page, 'quote-row').count()).toBe(50);
    await page.getByText('Devis (51)').waitFor();
    expect(await byTest(page, 'invoices-more').count()).toBe(0);

    await byTest(page, 'quotes-more').click();
    await byTest(page, 'quotes-more').waitFor({ state: 'detached' });
    expect(await byTest(page, 'quote-row').count()).toBe(51);
    expect(await byTest(page, 'quote-row').nth(50).innerText()).toContain('03/05/2026');
    await page.getByText('Devis (51)').waitFor();
    await screenshot(page, 'finance-paging-01-all-quotes');
  });
});
