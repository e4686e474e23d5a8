// Search and duplicate-check scenarios for scripts/bench.mjs.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { parseQuery, substringQuery } = require('../../dist/server/src/modules/search/search.service.js');

const SEARCH = `query($q: String!, $kinds: [SearchKind!], $first: Int) {
  search(query: $q, kinds: $kinds, first: $first) {
    groups { kind totalCount countCapped fuzzy hits { id kind title subtitle detail active score companyId } } } }`;
const DUPLICATES = `query($input: DuplicateCheckInput!) {
  duplicateCandidates(input: $input) { id kind title subtitle reasons } }`;

/** The statements the API runs for a substring search, one per kind. */
function searchSql(text, kinds, first) {
  const q = parseQuery(text);
  return kinds.map((kind) => substringQuery(kind, q, first, false));
}

export async function scenarios(ctx) {
  const companies = await ctx.sql(
    `SELECT siret, name, postal_code FROM company WHERE siret IS NOT NULL ORDER BY md5(id::text) LIMIT 100`,
  );
  const contacts = await ctx.sql(
    `SELECT email::text AS email, phone_direct_raw, phone_mobile_raw FROM contact ORDER BY md5(id::text) LIMIT 100`,
  );
  const at = (rows, i) => rows[i % rows.length];
  const all = ['COMPANY', 'CONTACT', 'EVENT'];
  return [
    {
      name: 'search "societe gen" (companies, contacts, events; 10 each)',
      gql: { query: SEARCH, variables: { q: 'societe gen', first: 10 } },
      sql: searchSql('societe gen', all, 10),
    },
    {
      name: 'search "Dupont" (names and e-mails)',
      gql: { query: SEARCH, variables: { q: 'Dupont', first: 10 } },
      sql: searchSql('Dupont', all, 10),
    },
    {
      name: 'search "socite generale" (typo: substring finds nothing, fuzzy pass)',
      gql: { query: SEARCH, variables: { q: 'socite generale', kinds: ['COMPANY'], first: 10 } },
    },
    {
      name: 'search a phone typed nationally ("01 23 45 67 89")',
      gql: {
        query: SEARCH,
        variables: (i) => ({ q: at(contacts, i).phone_direct_raw, kinds: ['CONTACT'], first: 10 }),
      },
    },
    {
      name: 'search a SIRET',
      gql: { query: SEARCH, variables: (i) => ({ q: at(companies, i).siret, kinds: ['COMPANY'], first: 10 }) },
    },
    {
      name: 'duplicateCandidates company (SIRET, name, postal code)',
      gql: {
        query: DUPLICATES,
        variables: (i) => {
          const c = at(companies, i);
          return { input: { kind: 'COMPANY', siret: c.siret, name: c.name, postalCode: c.postal_code } };
        },
      },
    },
    {
      name: 'duplicateCandidates contact (e-mail, phones)',
      gql: {
        query: DUPLICATES,
        variables: (i) => {
          const c = at(contacts, i);
          return {
            input: {
              kind: 'CONTACT',
              email: c.email,
              phones: [c.phone_direct_raw, c.phone_mobile_raw].filter(Boolean),
            },
          };
        },
      },
    },
  ];
}
