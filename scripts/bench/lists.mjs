// Benchmark scenarios of the company and contact lists (issue 4), loaded by the bench runner.
// `scenarios(ctx)` prepares the variables from the seeded workspace and returns, for each
// scenario, the GraphQL request to time and, when there is one, the hand-written SQL query
// that fetches the same page (the runner prints the ratio API / SQL).
//   ctx.gql(query, variables) → data (signed in, over HTTP)
//   ctx.sql(text, params) → rows (in the bench workspace's tenant scope)
//   ctx.workspaceId

const PAGE = 50;

const COMPANY_PAGE = `query BenchCompanyList($filter: ListFilter, $first: Int, $after: String) {
  companies(filter: $filter, orderBy: [{ column: "name" }], first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node {
      id name city postalCode
      companyType { label }
      mainContact { fullName email phoneDirect { national } }
      eventsCount contactsCount
    } }
  }
}`;

// The same page as one hand-written statement: the floor the API is compared with.
const COMPANY_PAGE_SQL = `
  SELECT c.id, c.name, c.city, c.postal_code, o.label AS company_type,
         m.first_name, m.last_name, m.email, m.phone_direct,
         (SELECT count(*) FROM event e WHERE e.company_id = c.id) AS events_count,
         (SELECT count(*) FROM contact x WHERE x.company_id = c.id AND x.deleted_at IS NULL) AS contacts_count
  FROM company c
  LEFT JOIN contact m ON m.id = c.main_contact_id
  LEFT JOIN setting_option o ON o.id = c.company_type_id
  WHERE c.workspace_id = $1 AND c.deleted_at IS NULL AND c.active AND lower(c.city) = lower($2)
  ORDER BY c.name, c.id
  LIMIT ${PAGE}`;

const CONTACT_PAGE = `query BenchContactList($filter: ListFilter, $first: Int) {
  contacts(filter: $filter, first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      id fullName email phoneDirect { national }
      company { name } salesperson { name } progressState { label } source { label }
      eventsCount
    } }
  }
}`;

/** Cursors are base64url JSON arrays: [sort signature, ...sort key values, id] (server/src/common/pagination.ts). */
function cursorLike(sample, values) {
  const [signature] = JSON.parse(Buffer.from(sample, 'base64url').toString('utf8'));
  return Buffer.from(JSON.stringify([signature, ...values])).toString('base64url');
}

export async function scenarios(ctx) {
  const [top] = await ctx.sql(
    `SELECT city FROM company WHERE city IS NOT NULL AND deleted_at IS NULL AND active
     GROUP BY city ORDER BY count(*) DESC, city LIMIT 1`,
  );
  const city = top?.city ?? 'Paris';
  const byCity = { column: 'city', op: 'EQUALS', value: city };

  const [state] = await ctx.sql(
    `SELECT o.id, o.label FROM setting_option o
     LEFT JOIN contact k ON k.progress_state_id = o.id AND k.deleted_at IS NULL
     WHERE o.list = 'PROGRESS_STATE' GROUP BY o.id, o.label ORDER BY count(k.id) DESC, o.label LIMIT 1`,
  );

  // Page 1,000 of 50 starts after the 49,999th row; with fewer companies, the last full page.
  const [{ n }] = await ctx.sql(`SELECT count(*)::int AS n FROM company WHERE deleted_at IS NULL AND active`);
  const offset = Math.max(0, Math.min(999 * PAGE, n - PAGE - 1) - 1);
  const deepPage = Math.floor((offset + 1) / PAGE) + 1;
  const [before] = await ctx.sql(
    `SELECT name, id FROM company WHERE deleted_at IS NULL AND active ORDER BY name, id OFFSET $1 LIMIT 1`,
    [offset],
  );
  const first = await ctx.gql(COMPANY_PAGE, { first: 1 });
  const sample = first.companies.pageInfo.endCursor;
  const after = sample && before ? cursorLike(sample, [before.name, before.id]) : null;

  const list = [
    {
      name: `company list: ${PAGE} rows by name, city = ${city}, main contact + counts`,
      gql: { query: COMPANY_PAGE, variables: { filter: byCity, first: PAGE } },
      sql: { text: COMPANY_PAGE_SQL, params: [ctx.workspaceId, city] },
    },
    {
      name: `company list: as the web page asks it (${PAGE} rows + totalCount)`,
      gql: {
        query: COMPANY_PAGE.replace('pageInfo {', 'totalCount pageInfo {'),
        variables: { filter: byCity, first: PAGE },
      },
    },
    {
      name: `company list: deep page ${deepPage} (${PAGE} rows by name, keyset cursor)`,
      gql: { query: COMPANY_PAGE, variables: { first: PAGE, after } },
    },
  ];
  if (state)
    list.push({
      name: `contact list: ${PAGE} rows, progress state = ${state.label}`,
      gql: {
        query: CONTACT_PAGE,
        variables: { filter: { column: 'progressState', op: 'IN', values: [state.id] }, first: PAGE },
      },
    });
  return list;
}
