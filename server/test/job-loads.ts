// Work big enough to be caught mid-way, for the fault and scale-out tests: an import file of
// thousands of rows, and an emailing provider (the Mailchimp fake) with many campaigns.
import type { DataSource } from 'typeorm';
import { withTenant } from '../src/db/tenant-scope';
import type { FakeCampaign } from './emailing-fakes';
import type { TestClient, TestWorkspace } from './harness';
import { upload } from './import-files';

export { waitFor } from './wait';

export const JOB = `query($id: ID!) { job(id: $id) { status attempts progressDone progressTotal counts result error } }`;

/** A CSV of `rows` new contacts spread over `companies` companies (all names and emails tagged). */
export function contactsCsv(tag: string, rows: number, companies: number): Buffer {
  const lines = ['Société cliente;Prénom du contact;Nom du contact;Email du contact'];
  for (let i = 0; i < rows; i++)
    lines.push(`Société ${tag} ${i % companies};Prénom${i};Nom${i};c${i}.${tag}@exemple.fr`);
  return Buffer.from(lines.join('\r\n'), 'utf8');
}

/** Uploads, previews (every row a creation) and starts the import: the job's id. */
export async function startCsvImport(client: TestClient, file: Buffer, rows: number): Promise<string> {
  const up = await upload(client, file, 'contacts.csv');
  if (up.status !== 201) throw new Error(`upload failed: ${JSON.stringify(up)}`);
  const preview = await client.ok(
    `mutation($uploadId: ID!) { previewImport(uploadId: $uploadId, target: CONTACTS) { id counts { create error } } }`,
    { uploadId: up.body.id },
  );
  if (preview.previewImport.counts.create !== rows) throw new Error(`preview: ${JSON.stringify(preview)}`);
  const { startImport } = await client.ok('mutation($id: ID!) { startImport(previewId: $id) { id } }', {
    id: preview.previewImport.id,
  });
  return startImport.id;
}

/** What the workspace holds after importing `contactsCsv(tag, …)`: every row exactly once? */
export async function importedStats(ds: DataSource, ws: TestWorkspace, tag: string) {
  const [stats] = await withTenant(ds, ws.workspaceId, null, (em) =>
    em.query(
      `SELECT (SELECT count(*)::int FROM contact WHERE email::text LIKE $1) AS contacts,
              (SELECT count(DISTINCT email)::int FROM contact WHERE email::text LIKE $1) AS emails,
              (SELECT count(*)::int FROM company WHERE name LIKE $2) AS companies,
              (SELECT count(DISTINCT name)::int FROM company WHERE name LIKE $2) AS company_names,
              (SELECT count(*)::int FROM import_record r JOIN contact c ON c.id = r.entity_id
                WHERE r.entity_type = 'Contact' AND c.email::text LIKE $1) AS logged`,
      [`%.${tag}@exemple.fr`, `Société ${tag} %`],
    ),
  );
  return stats as { contacts: number; emails: number; companies: number; company_names: number; logged: number };
}

/**
 * `campaigns` campaigns sent to the same `recipients` contacts (created in the workspace, opted
 * in): opens vary, and one contact in ten unsubscribes in one campaign.
 */
export async function syncLoad(ds: DataSource, ws: TestWorkspace, tag: string, campaigns: number, recipients: number) {
  const emails = Array.from({ length: recipients }, (_, j) => `r${j}.${tag}@exemple.fr`);
  await withTenant(ds, ws.workspaceId, ws.userId, async (em) => {
    const [{ id }] = await em.query(`INSERT INTO company (workspace_id, name) VALUES ($1, $2) RETURNING id`, [
      ws.workspaceId,
      `Lecteurs ${tag}`,
    ]);
    await em.query(
      `INSERT INTO contact (workspace_id, company_id, first_name, last_name, email, opt_in)
       SELECT $1, $2, 'Lecteur', 'N' || g, e, true FROM unnest($3::text[]) WITH ORDINALITY AS t(e, g)`,
      [ws.workspaceId, id, emails],
    );
  });
  const now = Math.floor(Date.now() / 1000) * 1000;
  const list: FakeCampaign[] = Array.from({ length: campaigns }, (_, k) => ({
    id: `k${k}${tag}`,
    name: `Campagne ${k} ${tag}`,
    sentAt: new Date(now - (campaigns - k) * 3_600_000),
    recipients: emails.map((email, j) => ({
      email,
      opens: (j + k) % 4,
      clicks: (j + k) % 7 === 0 ? 1 : 0,
      unsubscribed: j % 10 === 0 && j % campaigns === k,
    })),
  }));
  const expected = {
    campaigns,
    activities: campaigns * recipients,
    opens: list.reduce((n, c) => n + c.recipients.reduce((m, r) => m + (r.opens ?? 0), 0), 0),
    unsubscribed: new Set(list.flatMap((c) => c.recipients.filter((r) => r.unsubscribed).map((r) => r.email))).size,
  };
  return { campaigns: list, expected };
}

/** What a sync wrote for the connection: campaigns, activity rows, opens, consent withdrawals. */
export async function syncedStats(ds: DataSource, ws: TestWorkspace, connectionId: string) {
  const [stats] = await withTenant(ds, ws.workspaceId, null, (em) =>
    em.query(
      `SELECT (SELECT count(*)::int FROM emailing_campaign WHERE connection_id = $1) AS campaigns,
              (SELECT count(*)::int FROM emailing_activity a JOIN emailing_campaign c ON c.id = a.campaign_id
                WHERE c.connection_id = $1) AS activities,
              (SELECT coalesce(sum(a.opens), 0)::int FROM emailing_activity a
                 JOIN emailing_campaign c ON c.id = a.campaign_id WHERE c.connection_id = $1) AS opens,
              (SELECT count(*)::int FROM consent_event WHERE source = 'mailchimp' AND NOT opt_in) AS unsubscribed`,
      [connectionId],
    ),
  );
  return stats as { campaigns: number; activities: number; opens: number; unsubscribed: number };
}

export const CREATE_CONNECTION =
  'mutation($input: EmailingConnectionInput!) { createEmailingConnection(input: $input) { id } }';
export const SYNC_CONNECTION = 'mutation($id: ID!) { syncEmailingConnection(id: $id) { id } }';
