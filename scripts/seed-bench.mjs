// `npm run seed:bench -- --companies 100000 --contacts 300000 --activities 1000000 --events 50000`
//
// (Re)creates the benchmark database (BENCH_DATABASE, default crm_bench) and loads one
// workspace "Bench" with realistic French data, set-based (INSERT … SELECT over
// generate_series, no ORM): accented names, real cities and postal codes, SIRETs with
// valid Luhn keys, VAT numbers with their key, French phone numbers (E.164 + raw), e-mails,
// settings values (civility, source, progress state…), main contacts, billing addresses,
// subsidiaries, events with invited contacts, and activities (tasks, calls, notes…).
// Secondary indexes are dropped during the load and rebuilt after (much faster), then
// everything is analysed. Sign in with bench@bench.local / bench-password-123.
//
// Also used by scripts/bench.mjs (import { seedBench }) when the database is missing.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { npx } from './lib.mjs';

export const BENCH_EMAIL = 'bench@bench.local';
export const BENCH_PASSWORD = 'bench-password-123';
export const BENCH_WORKSPACE = 'Bench';

const require = createRequire(import.meta.url);

export function benchUrls(db = process.env.BENCH_DATABASE ?? 'crm_bench') {
  return {
    db,
    admin: process.env.BENCH_DATABASE_ADMIN_URL ?? `postgres://postgres@127.0.0.1:5432/${db}`,
    app: process.env.BENCH_DATABASE_URL ?? `postgres://crm_app:crm_app@127.0.0.1:5432/${db}`,
  };
}

function ensureBuilt() {
  if (!existsSync('dist/server/src/http/app.js')) npx('tsc', ['-p', 'server/tsconfig.build.json']);
}

// Real French cities with one of their postal codes.
const CITIES = [
  ['Paris', '75001'],
  ['Paris', '75008'],
  ['Paris', '75009'],
  ['Paris', '75011'],
  ['Paris', '75015'],
  ['Paris', '75017'],
  ['Marseille', '13001'],
  ['Marseille', '13008'],
  ['Lyon', '69002'],
  ['Lyon', '69003'],
  ['Lyon', '69006'],
  ['Toulouse', '31000'],
  ['Nice', '06000'],
  ['Nantes', '44000'],
  ['Montpellier', '34000'],
  ['Strasbourg', '67000'],
  ['Bordeaux', '33000'],
  ['Lille', '59000'],
  ['Rennes', '35000'],
  ['Reims', '51100'],
  ['Toulon', '83000'],
  ['Saint-Étienne', '42000'],
  ['Le Havre', '76600'],
  ['Grenoble', '38000'],
  ['Dijon', '21000'],
  ['Angers', '49000'],
  ['Nîmes', '30000'],
  ['Villeurbanne', '69100'],
  ['Clermont-Ferrand', '63000'],
  ['Le Mans', '72000'],
  ['Aix-en-Provence', '13100'],
  ['Brest', '29200'],
  ['Tours', '37000'],
  ['Amiens', '80000'],
  ['Limoges', '87000'],
  ['Annecy', '74000'],
  ['Perpignan', '66000'],
  ['Boulogne-Billancourt', '92100'],
  ['Metz', '57000'],
  ['Besançon', '25000'],
  ['Orléans', '45000'],
  ['Rouen', '76000'],
  ['Mulhouse', '68100'],
  ['Caen', '14000'],
  ['Nancy', '54000'],
  ['Argenteuil', '95100'],
  ['Saint-Denis', '93200'],
  ['Montreuil', '93100'],
  ['Roubaix', '59100'],
  ['Avignon', '84000'],
  ['Versailles', '78000'],
  ['Nanterre', '92000'],
  ['Créteil', '94000'],
  ['Pau', '64000'],
  ['La Rochelle', '17000'],
  ['Béziers', '34500'],
  ['Cannes', '06400'],
  ['Saint-Malo', '35400'],
  ['Chambéry', '73000'],
  ['Évry', '91000'],
  ['Colmar', '68000'],
  ['Poitiers', '86000'],
  ['Valence', '26000'],
  ['Quimper', '29000'],
  ['Ajaccio', '20000'],
];
const COMPANY_PREFIXES = [
  'Société',
  'Groupe',
  'Atelier',
  'Maison',
  'Agence',
  'Cabinet',
  'Compagnie',
  'Établissements',
  'Laboratoires',
  'Banque',
  'Traiteur',
  'Château',
  'Domaine',
  'Hôtel',
  'Fondation',
  'Association',
  'Institut',
  'Studio',
];
const COMPANY_WORDS = [
  'Générale',
  'Dupont',
  'Lefèvre',
  'Martin',
  'Bernard',
  'du Lac',
  'des Alpes',
  'Côte d’Azur',
  'Méditerranée',
  'Saint-Honoré',
  'Éclair',
  'Lumière',
  'Renaissance',
  'Océane',
  'Beauséjour',
  'Bellevue',
  'Hélios',
  'Mirabeau',
  'Garnier',
  'Rousseau',
  'Fournier',
  'Girard',
  'Bonnet',
  'Mercier',
  'Lambert',
  'Fontaine',
  'Chevalier',
  'Robin',
  'Gauthier',
  'Perrin',
  'Morel',
  'Clément',
  'Blanchard',
  'Guérin',
  'Boyer',
  'Faure',
  'André',
  'Mathieu',
  'Vincent',
  'Nicolas',
  'Industrielle',
  'Provençale',
  'Normande',
  'Bretonne',
  'Gourmande',
  'Événementielle',
];
const COMPANY_SUFFIXES = ['', '', '', ' SA', ' SAS', ' SARL', ' & Fils', ' Événements', ' Conseil', ' France'];
const FIRST_NAMES = [
  'Élodie',
  'Hélène',
  'Jérôme',
  'François',
  'Zoé',
  'Loïc',
  'Anaïs',
  'Gaël',
  'Chloé',
  'Maël',
  'Léa',
  'Noémie',
  'Agnès',
  'Céline',
  'Benoît',
  'Clément',
  'Amélie',
  'Inès',
  'Raphaël',
  'Théo',
  'Mathéo',
  'Valérie',
  'Stéphane',
  'Frédéric',
  'Sébastien',
  'Aurélie',
  'Joël',
  'Cécile',
  'Gérard',
  'Françoise',
  'Marie',
  'Jean',
  'Pierre',
  'Claire',
  'Camille',
  'Lucas',
  'Hugo',
  'Louis',
  'Emma',
  'Manon',
  'Thomas',
  'Nicolas',
  'Julie',
  'Sophie',
];
const LAST_NAMES = [
  'Martin',
  'Bernard',
  'Dubois',
  'Thomas',
  'Robert',
  'Richard',
  'Petit',
  'Durand',
  'Leroy',
  'Moreau',
  'Simon',
  'Laurent',
  'Lefèvre',
  'Michel',
  'Garcia',
  'David',
  'Bertrand',
  'Roux',
  'Vincent',
  'Fournier',
  'Morel',
  'Girard',
  'André',
  'Lefebvre',
  'Mercier',
  'Dupont',
  'Lambert',
  'Bonnet',
  'François',
  'Martinez',
  'Légaré',
  'Bénard',
  'Dupré',
  'Müller',
  'Château',
  'Gaillard',
  'Brunet',
  'Blanc',
  'Guérin',
  'Muller',
  'Hénault',
  'Lemaître',
  'Noël',
  'Féraud',
  'Besnard',
  'Aubé',
  'Thébault',
  'Prévost',
  'Pélissier',
];
const POSITIONS = [
  'Directrice événementiel',
  'Directeur commercial',
  'Chargée de communication',
  'Assistante de direction',
  'Responsable achats',
  'Office manager',
  'Chef de projet',
  'DRH',
  'Gérant',
  'Responsable marketing',
];
const EVENT_KINDS = [
  'Séminaire',
  'Soirée de gala',
  'Convention',
  'Salon',
  'Lancement produit',
  'Team building',
  'Congrès',
  'Arbre de Noël',
];
const VENUES = [
  'Château de Versailles',
  'Palais des Congrès',
  'Pavillon Ledoyen',
  'Domaine de Chantilly',
  'Grand Palais',
  'Halle Tony Garnier',
  'Cité du Vin',
  'Abbaye de Royaumont',
];
const COMMENTS = [
  'Appel de suivi',
  'Devis envoyé',
  'Relance prévue',
  'Rendez-vous sur site',
  'Brief reçu',
  'Échange sur le budget',
  'Visite du lieu',
  'Réunion de préparation',
];

const sqlArray = (values) => `ARRAY[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',')}]::text[]`;

/** Secondary indexes of the loaded tables (not primary keys nor constraint-backed ones). */
async function dropIndexes(client, tables) {
  const { rows } = await client.query(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
     FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
     WHERE t.relname = ANY($1) AND NOT i.indisprimary
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
    [tables],
  );
  for (const r of rows) await client.query(`DROP INDEX ${r.name}`);
  return rows.map((r) => r.def);
}

export async function seedBench(sizes, log = console.log) {
  ensureBuilt();
  const { Client } = require('pg');
  const { loadConfig } = require('../dist/server/src/config/env.js');
  const { setupDatabase } = require('../dist/server/src/db/bootstrap.js');
  const { createAppDataSource } = require('../dist/server/src/db/data-sources.js');
  const { createWorkspaceWithAdmin } = require('../dist/server/src/modules/user/user.service.js');
  const urls = benchUrls();
  const { companies: C, contacts: K, activities: A, events: E } = sizes;
  if (K < C) throw new Error('--contacts must be at least --companies (every company has a main contact)');
  const started = Date.now();
  const step = (label, t0) => log(`  ${label}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  // A clean database each time: the figures must not depend on earlier runs.
  const server = new Client({ connectionString: urls.admin.replace(/\/[^/]*$/, '/postgres') });
  await server.connect();
  await server.query(`DROP DATABASE IF EXISTS "${urls.db}" WITH (FORCE)`);
  await server.end();
  const cfg = loadConfig({
    ...process.env,
    DATABASE_ADMIN_URL: urls.admin,
    DATABASE_URL: urls.app,
    LOG_LEVEL: 'silent',
  });
  await setupDatabase(cfg);
  const ds = createAppDataSource(cfg);
  await ds.initialize();
  const { workspace, admin } = await createWorkspaceWithAdmin(ds, {
    name: BENCH_WORKSPACE,
    adminEmail: BENCH_EMAIL,
    adminPassword: BENCH_PASSWORD,
    adminName: 'Bench Admin',
  });
  await ds.destroy();

  // The owner (superuser) loads the data: no row-level security, no per-row triggers.
  const client = new Client({ connectionString: urls.admin });
  await client.connect();
  await client.query(`SET maintenance_work_mem = '512MB'; SET synchronous_commit = off`);
  const tables = ['company', 'contact', 'billing_address', 'event', 'event_contact', 'activity', 'company_language'];
  const indexes = await dropIndexes(client, tables);
  // Foreign keys are satisfied by construction; replica mode skips their per-row triggers.
  await client.query(`SET session_replication_role = replica`);
  const ws = workspace.id;
  let t = Date.now();
  // Settings values inlined as array literals: (opt('SOURCE', 'ct.n')) picks one per row.
  const { rows: lists } = await client.query(
    `SELECT list::text AS list, array_agg(id::text ORDER BY position) AS ids FROM setting_option
     WHERE workspace_id = $1 GROUP BY list`,
    [ws],
  );
  const options = Object.fromEntries(lists.map((r) => [r.list, r.ids]));
  const opt = (list, n) =>
    options[list]?.length
      ? `('{${options[list].join(',')}}'::uuid[])[1 + (${n}) % ${options[list].length}]`
      : 'NULL::uuid';
  await client.query(`
    CREATE FUNCTION pg_temp.luhn_key(d text) RETURNS int LANGUAGE sql IMMUTABLE AS $$
      SELECT (10 - sum(CASE WHEN (length(d) - i) % 2 = 1
                            THEN (substr(d, i, 1)::int * 2) % 10 + (substr(d, i, 1)::int * 2) / 10
                            ELSE substr(d, i, 1)::int END) % 10) % 10
      FROM generate_series(1, length(d)) i $$;
    CREATE TEMP TABLE co (n int PRIMARY KEY, id uuid NOT NULL DEFAULT gen_random_uuid(), siren text);
    INSERT INTO co (n) SELECT generate_series(1, ${C});
    -- SIREN: 8 digits spread over the range + Luhn key (the seed's numbers are unique).
    UPDATE co SET siren = s || pg_temp.luhn_key(s || '0') FROM (SELECT n AS m, lpad(((n::bigint * 7919 + 10000000) % 90000000 + 10000000)::text, 8, '0') AS s FROM co) x WHERE x.m = co.n;
    CREATE TEMP TABLE ct (n int PRIMARY KEY, id uuid NOT NULL DEFAULT gen_random_uuid(), company_n int NOT NULL);
    INSERT INTO ct (n, company_n) SELECT g, (g - 1) % ${C} + 1 FROM generate_series(1, ${K}) g;
  `);
  step('ids, SIRENs', t);

  t = Date.now();
  const cities = CITIES.map(([c]) => c);
  const postals = CITIES.map(([, p]) => p);
  await client.query(`
    INSERT INTO company (id, workspace_id, name, website, company_type_id, address_line1, postal_code, city, country,
      parent_id, vat_number, siret, siren, ape_code, active, opt_in, created_by, created_at, updated_at)
    SELECT co.id, '${ws}',
      p.prefix || ' ' || w.word || s.suffix || CASE WHEN co.n % 3 = 0 THEN ' ' || cy.city ELSE '' END,
      CASE WHEN co.n % 4 <> 0 THEN 'https://www.' || lower(regexp_replace(unaccent(w.word), '[^a-zA-Z]', '', 'g')) || co.n || '.fr' END,
      ${opt('COMPANY_TYPE', 'co.n')},
      (1 + co.n % 180) || ' ' || (${sqlArray(['rue de la République', 'avenue Jean Jaurès', 'boulevard Victor Hugo', 'place du Marché', 'rue Pasteur', 'allée des Érables', 'quai de la Seine'])})[1 + co.n % 7],
      cy.postal, cy.city, 'France',
      NULL,
      'FR' || lpad(((12 + 3 * (co.siren::bigint % 97)) % 97)::text, 2, '0') || co.siren,
      co.siren || lpad((co.n % 9000 + 10)::text, 4, '0') || pg_temp.luhn_key(co.siren || lpad((co.n % 9000 + 10)::text, 4, '0') || '0'),
      co.siren,
      lpad((1000 + co.n % 8999)::text, 4, '0') || chr(65 + co.n % 26),
      co.n % 20 <> 0, co.n % 3 = 0, '${admin.id}',
      now() - (co.n % 1500) * interval '1 day', now() - (co.n % 300) * interval '1 day'
    FROM co
    CROSS JOIN LATERAL (SELECT (${sqlArray(COMPANY_PREFIXES)})[1 + (co.n * 7) % ${COMPANY_PREFIXES.length}] AS prefix) p
    CROSS JOIN LATERAL (SELECT (${sqlArray(COMPANY_WORDS)})[1 + (co.n * 13 / 7) % ${COMPANY_WORDS.length}] AS word) w
    CROSS JOIN LATERAL (SELECT (${sqlArray(COMPANY_SUFFIXES)})[1 + (co.n * 3) % ${COMPANY_SUFFIXES.length}] AS suffix) s
    CROSS JOIN LATERAL (SELECT (${sqlArray(cities)})[1 + (co.n * 11) % ${CITIES.length}] AS city,
                               (${sqlArray(postals)})[1 + (co.n * 11) % ${CITIES.length}] AS postal) cy;
    -- Some subsidiaries: every 50th company belongs to the previous one.
    UPDATE company c SET parent_id = p.id FROM co me JOIN co p ON p.n = me.n - 1
      WHERE c.id = me.id AND me.n % 50 = 0;
    INSERT INTO billing_address (workspace_id, company_id, address_line1, postal_code, city, country, is_default)
      SELECT '${ws}', id, address_line1, postal_code, city, country, true FROM company WHERE workspace_id = '${ws}';
    INSERT INTO company_language (workspace_id, company_id, option_id)
      SELECT '${ws}', co.id, ${opt('LANGUAGE', '0')} FROM co WHERE co.n % 2 = 0;
  `);
  step(`${C} companies, billing addresses`, t);

  t = Date.now();
  await client.query(`
    INSERT INTO contact (id, workspace_id, company_id, civility_id, first_name, last_name, email, position,
      phone_direct, phone_direct_raw, phone_mobile, phone_mobile_raw, source_id, potential_id, situation_id,
      progress_state_id, salesperson_id, opt_in, active, created_by, created_at, updated_at)
    SELECT ct.id, '${ws}', co.id,
      ${opt('CIVILITY', 'ct.n')},
      f.first, l.last,
      lower(regexp_replace(unaccent(f.first), '[^a-zA-Z]', '', 'g')) || '.' || lower(regexp_replace(unaccent(l.last), '[^a-zA-Z]', '', 'g'))
        || ct.n || '@' || (${sqlArray(['orange.fr', 'gmail.com', 'free.fr', 'entreprise.fr', 'laposte.net', 'sfr.fr'])})[1 + ct.n % 6],
      (${sqlArray(POSITIONS)})[1 + ct.n % ${POSITIONS.length}],
      '+33' || (1 + ct.n % 5) || d.direct, '0' || (1 + ct.n % 5) || regexp_replace(d.direct, '(..)(..)(..)(..)', ' \\1 \\2 \\3 \\4'),
      CASE WHEN ct.n % 2 = 0 THEN '+33' || (6 + ct.n % 2) || d.mobile END,
      CASE WHEN ct.n % 2 = 0 THEN '0' || (6 + ct.n % 2) || regexp_replace(d.mobile, '(..)(..)(..)(..)', '.\\1.\\2.\\3.\\4') END,
      ${opt('SOURCE', 'ct.n')},
      ${opt('POTENTIAL', 'ct.n')},
      ${opt('SITUATION', 'ct.n')},
      ${opt('PROGRESS_STATE', '(ct.n * 7)')},
      '${admin.id}', ct.n % 4 = 0, ct.n % 25 <> 0, '${admin.id}',
      now() - (ct.n % 1500) * interval '1 day', now() - (ct.n % 200) * interval '1 day'
    FROM ct JOIN co ON co.n = ct.company_n
    CROSS JOIN LATERAL (SELECT (${sqlArray(FIRST_NAMES)})[1 + (ct.n * 17) % ${FIRST_NAMES.length}] AS first) f
    CROSS JOIN LATERAL (SELECT (${sqlArray(LAST_NAMES)})[1 + (ct.n * 31 / 3) % ${LAST_NAMES.length}] AS last) l
    CROSS JOIN LATERAL (SELECT ((ct.n::bigint * 7477) % 70000000 + 30000000)::text AS direct,
                               ((ct.n::bigint * 9973 + 12345) % 28000000 + 10000000)::text AS mobile) d;
    -- Each company's first contact is its main contact.
    UPDATE company c SET main_contact_id = ct.id FROM co JOIN ct ON ct.n = co.n WHERE c.id = co.id;
  `);
  step(`${K} contacts, main contacts`, t);

  t = Date.now();
  await client.query(`
    CREATE TEMP TABLE ev AS SELECT g AS n, gen_random_uuid() AS id, (g * 7) % ${C} + 1 AS company_n FROM generate_series(1, ${E}) g;
    INSERT INTO event (id, workspace_id, company_id, name, start_date, end_date, venue, status, guest_count, salesperson_id, created_by)
    SELECT ev.id, '${ws}', co.id,
      (${sqlArray(EVENT_KINDS)})[1 + ev.n % ${EVENT_KINDS.length}] || ' ' || (2020 + ev.n % 8),
      DATE '2020-01-01' + (ev.n * 37) % 2900, DATE '2020-01-01' + (ev.n * 37) % 2900 + ev.n % 3,
      (${sqlArray(VENUES)})[1 + ev.n % ${VENUES.length}],
      (ARRAY['OPTION', 'CONFIRMED', 'DONE', 'CANCELLED'])[1 + ev.n % 4], 20 + ev.n % 480, '${admin.id}', '${admin.id}'
    FROM ev JOIN co ON co.n = ev.company_n;
    -- Invite the company's first one or two contacts.
    INSERT INTO event_contact (workspace_id, event_id, company_id, contact_id)
    SELECT '${ws}', ev.id, co.id, ct.id
    FROM ev JOIN co ON co.n = ev.company_n JOIN ct ON ct.company_n = ev.company_n AND ct.n <= ev.company_n + ${C} * (ev.n % 2);
  `);
  step(`${E} events and their contacts`, t);

  t = Date.now();
  // In slices, so that memory stays flat whatever the size.
  const slice = 250000;
  for (let from = 1; from <= A; from += slice) {
    const to = Math.min(A, from + slice - 1);
    await client.query(`
      INSERT INTO activity (workspace_id, kind, company_id, contact_id, category_id, comment, occurred_at, author_id,
        assignee_id, deadline, task_status, completed_at, created_by, created_at, updated_at)
      SELECT '${ws}', k.kind,
        co.id, ct.id,
        ${opt('ACTIVITY_CATEGORY', 'g')},
        (${sqlArray(COMMENTS)})[1 + g % ${COMMENTS.length}],
        now() - (g % 1100) * interval '1 day' - (g % 600) * interval '1 minute',
        '${admin.id}',
        CASE WHEN k.kind = 'TASK' THEN '${admin.id}'::uuid END,
        CASE WHEN k.kind = 'TASK' THEN now() + ((g % 60) - 30) * interval '1 day' END,
        CASE WHEN k.kind = 'TASK' THEN (CASE WHEN g % 2 = 0 THEN 'DONE' ELSE 'TODO' END) END,
        CASE WHEN k.kind = 'TASK' AND g % 2 = 0 THEN now() - (g % 30) * interval '1 day' END,
        '${admin.id}', now() - (g % 1100) * interval '1 day', now() - (g % 1100) * interval '1 day'
      FROM generate_series(${from}, ${to}) g
      CROSS JOIN LATERAL (SELECT (ARRAY['INFO', 'TASK', 'CALL', 'MEETING', 'EMAIL'])[1 + g % 5] AS kind) k
      LEFT JOIN co ON g % 3 = 0 AND co.n = g % ${C} + 1
      LEFT JOIN ct ON g % 3 <> 0 AND ct.n = g % ${K} + 1`);
  }
  step(`${A} activities`, t);

  t = Date.now();
  await client.query(`SET session_replication_role = origin`);
  for (const def of indexes) await client.query(def);
  step(`${indexes.length} indexes rebuilt`, t);
  t = Date.now();
  await client.query(`VACUUM ANALYZE ${tables.join(', ')}`);
  step('vacuum analyze', t);
  await client.end();
  log(
    `seeded ${urls.db} in ${((Date.now() - started) / 1000).toFixed(0)} s (workspace ${ws}; ${BENCH_EMAIL} / ${BENCH_PASSWORD})`,
  );
  return { workspaceId: ws };
}

export function parseSizes(argv, defaults) {
  const sizes = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, '');
    if (!(key in sizes))
      throw new Error(`unknown option ${argv[i]} (use --companies, --contacts, --activities, --events)`);
    const value = Number(argv[++i]);
    if (!Number.isInteger(value) || value < 0) throw new Error(`${argv[i - 1]} needs a whole number`);
    sizes[key] = value;
  }
  if (sizes.companies < 1) throw new Error('--companies must be at least 1');
  return sizes;
}

export const DEFAULT_SIZES = { companies: 100000, contacts: 300000, activities: 1000000, events: 50000 };

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const sizes = parseSizes(process.argv.slice(2), DEFAULT_SIZES);
  console.log(`seeding ${benchUrls().db}: ${JSON.stringify(sizes)}`);
  await seedBench(sizes);
}
