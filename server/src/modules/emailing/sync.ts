import type { Ctx } from '../../common/context';
import { em } from '../../common/context';
import type { AppDeps } from '../../app-deps';
import type { JobHandler, JobRunContext } from '../../jobs/job-handler';
import { ensureSchedule } from '../../jobs/schedule';
import {
  type ApplyCounts,
  addCounts,
  applyRecipients,
  applyUnsubscribedOutsideCampaign,
  upsertCampaigns,
} from './apply';
import { ConnectionStatus, EmailingConnectionEntity, type SyncState } from './emailing.entity';
import { SYNC_JOB_KIND, SYNC_JOB_OPTIONS, connectionCredentials, scheduleId } from './emailing.service';
import type { EmailingAdapter, ProviderCampaign, RecipientActivity } from './providers/adapter';
import { ProviderError } from './providers/http';
import { createAdapter } from './providers';

/**
 * The sync of one connection. The window runs from the last successful sync (less a
 * look-back, since opens and clicks keep arriving after a send) to the start of this sync.
 * Work is applied campaign by campaign (or 100 contacts at a time for per-contact providers)
 * and the position is saved with it, so a crashed or failed sync resumes where it stopped;
 * everything written is keyed and only moves forward, so a re-run changes nothing.
 */
const CONTACT_CHUNK = 100;

async function saveState(rc: JobRunContext, connectionId: string, state: SyncState): Promise<void> {
  await rc.inTransaction(async (ctx) =>
    (await em(ctx)).update(EmailingConnectionEntity, { id: connectionId }, { syncState: state }),
  );
}

function newState(rc: JobRunContext, c: EmailingConnectionEntity): SyncState {
  const lookbackMs = rc.deps.config.EMAILING_LOOKBACK_DAYS * 86_400_000;
  return {
    jobId: rc.job.id,
    since: c.lastSyncAt ? new Date(c.lastSyncAt.getTime() - lookbackMs).toISOString() : null,
    until: new Date().toISOString(),
    doneCampaigns: [],
    afterContactId: null,
  };
}

async function perCampaign(
  rc: JobRunContext,
  adapter: EmailingAdapter,
  c: EmailingConnectionEntity,
  state: SyncState,
  campaigns: ProviderCampaign[],
  counts: Record<string, number>,
): Promise<void> {
  const since = state.since ? new Date(state.since) : null;
  const until = new Date(state.until);
  const total = campaigns.length;
  for (const campaign of campaigns) {
    if (state.doneCampaigns.includes(campaign.externalId)) continue;
    const ids = await rc.inTransaction((ctx) => upsertCampaigns(ctx, c, [campaign]));
    for await (const batch of adapter.campaignRecipients!(campaign, since, until)) {
      if (!batch.length) continue;
      const applied = await rc.inTransaction((ctx) => applyRecipients(ctx, c, ids, batch));
      addCounts(counts, applied as unknown as Record<string, number>);
    }
    state.doneCampaigns.push(campaign.externalId);
    await saveState(rc, c.id, state);
    counts.campaigns = (counts.campaigns ?? 0) + 1;
    await rc.checkpoint({ done: state.doneCampaigns.length, total, counts });
  }
}

async function perContact(
  rc: JobRunContext,
  adapter: EmailingAdapter,
  c: EmailingConnectionEntity,
  state: SyncState,
  campaigns: ProviderCampaign[],
  counts: Record<string, number>,
): Promise<void> {
  const since = state.since ? new Date(state.since) : null;
  const until = new Date(state.until);
  const known = await rc.inTransaction((ctx) => upsertCampaigns(ctx, c, campaigns));
  counts.campaigns = known.size;
  const total: number = await rc.inTransaction(async (ctx) => {
    const [row] = await (
      await em(ctx)
    ).query('SELECT count(*)::int AS n FROM contact WHERE email IS NOT NULL AND deleted_at IS NULL');
    return row.n;
  });
  let done: number = await rc.inTransaction(async (ctx) => {
    if (!state.afterContactId) return 0;
    const [row] = await (
      await em(ctx)
    ).query('SELECT count(*)::int AS n FROM contact WHERE email IS NOT NULL AND deleted_at IS NULL AND id <= $1', [
      state.afterContactId,
    ]);
    return row.n;
  });
  for (;;) {
    const chunk: { id: string; email: string }[] = await rc.inTransaction(async (ctx: Ctx) =>
      (await em(ctx)).query(
        `SELECT id, email::text AS email FROM contact
          WHERE email IS NOT NULL AND deleted_at IS NULL AND ($1::uuid IS NULL OR id > $1::uuid)
          ORDER BY id LIMIT $2`,
        [state.afterContactId ?? null, CONTACT_CHUNK],
      ),
    );
    if (!chunk.length) break;
    const activities: RecipientActivity[] = [];
    const unsubscribedOutside: string[] = [];
    for (const contact of chunk) {
      const found = await adapter.contactActivity!(contact.email, since, until);
      if (!found) continue;
      activities.push(...found.activities);
      if (found.unsubscribedOutsideCampaign) unsubscribedOutside.push(contact.email);
    }
    // Campaigns sent before the window still show in a contact's stats: fetch their names.
    const missing = [...new Set(activities.map((a) => a.campaignExternalId))].filter((id) => !known.has(id));
    const extra: ProviderCampaign[] = [];
    for (const id of missing)
      extra.push((await adapter.getCampaign?.(id)) ?? { externalId: id, name: `#${id}`, sentAt: null });
    state.afterContactId = chunk[chunk.length - 1].id;
    // The position is committed with the data it covers.
    const applied: ApplyCounts = await rc.inTransaction(async (ctx) => {
      for (const [k, v] of await upsertCampaigns(ctx, c, extra)) known.set(k, v);
      const result = await applyRecipients(ctx, c, known, activities);
      result.unsubscribes += await applyUnsubscribedOutsideCampaign(ctx, c, unsubscribedOutside);
      await (await em(ctx)).update(EmailingConnectionEntity, { id: c.id }, { syncState: state });
      return result;
    });
    addCounts(counts, applied as unknown as Record<string, number>);
    counts.campaigns = known.size;
    done += chunk.length;
    await rc.checkpoint({ done, total, counts });
  }
}

async function setConnection(rc: JobRunContext, id: string, patch: Partial<EmailingConnectionEntity>): Promise<void> {
  await rc.inTransaction(async (ctx) => (await em(ctx)).update(EmailingConnectionEntity, { id }, patch));
}

/** Puts back the repeatable sync of every connection whose schedule Redis lost. */
async function restoreSchedules(deps: AppDeps): Promise<void> {
  const rows: { connection_id: string; workspace_id: string; sync_interval_minutes: number }[] =
    await deps.dataSource.query('SELECT * FROM emailing_connection_schedules()');
  let restored = 0;
  for (const r of rows) {
    const params = { connectionId: r.connection_id };
    const everyMs = r.sync_interval_minutes * 60_000;
    if (await ensureSchedule(deps, scheduleId(r.connection_id), everyMs, r.workspace_id, SYNC_JOB_KIND, params))
      restored++;
  }
  if (restored) deps.logger.info({ restored }, 'emailing sync schedules restored');
}

export const emailingSyncHandler: JobHandler = {
  kind: SYNC_JOB_KIND,
  attempts: SYNC_JOB_OPTIONS.attempts,
  backoffMs: SYNC_JOB_OPTIONS.backoffMs,
  reconcile: restoreSchedules,
  async run(rc) {
    const connectionId = String(rc.job.params.connectionId ?? '');
    const loaded = await rc.inTransaction(async (ctx) => {
      const c = await (await em(ctx)).findOneBy(EmailingConnectionEntity, { id: connectionId });
      return c ? { c, credentials: connectionCredentials(ctx, c) } : null;
    });
    // Removed since the job was queued: nothing to do.
    if (!loaded) return { result: { skipped: 'connection removed' } };
    const { c } = loaded;
    const adapter = createAdapter(rc.deps.config, c.provider, loaded.credentials);
    // Resume the window an interrupted sync was reading, whichever job started it.
    const resumed = !!c.syncState;
    const state = c.syncState ?? newState(rc, c);
    state.jobId = rc.job.id;
    await saveState(rc, c.id, state);
    const counts: Record<string, number> = {};
    try {
      const since = state.since ? new Date(state.since) : null;
      const campaigns = await adapter.listSentCampaigns(since, new Date(state.until));
      if (adapter.contactActivity) await perContact(rc, adapter, c, state, campaigns, counts);
      else await perCampaign(rc, adapter, c, state, campaigns, counts);
    } catch (err) {
      if (err instanceof ProviderError)
        await setConnection(rc, c.id, {
          status: ConnectionStatus.ERROR,
          lastError: err.reason,
          lastCheckedAt: new Date(),
        });
      // A cancel keeps the saved position: the next sync resumes from it.
      throw err;
    }
    await setConnection(rc, c.id, {
      status: ConnectionStatus.OK,
      lastError: null,
      lastCheckedAt: new Date(),
      lastSyncAt: new Date(state.until),
      syncState: null,
    });
    counts.requests = adapter.http.requests;
    counts.rateLimited = adapter.http.rateLimited;
    return {
      counts,
      result: {
        connectionId: c.id,
        provider: c.provider,
        since: state.since,
        until: state.until,
        resumed,
      },
    };
  },
};
