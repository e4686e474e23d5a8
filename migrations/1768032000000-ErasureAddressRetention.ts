import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A provider-deletion job of a GDPR erasure (`emailing.erase`) that failed or was cancelled keeps
 * the erased person's encrypted addresses for an admin to act on by hand; the worker forgets them
 * after a while, in every workspace, through this function (the job table is under row-level
 * security): only those params and a note in the result are touched.
 */
export class ErasureAddressRetention1768032000000 implements MigrationInterface {
  name = 'ErasureAddressRetention1768032000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION emailing_erasure_forget_addresses(p_days int)
        RETURNS integer
        LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS
        $f$ WITH forgotten AS (
              UPDATE job SET params = params - 'emailsEnc',
                     result = coalesce(result, '{}'::jsonb) || jsonb_build_object('addressesForgottenAt', now()),
                     updated_at = now()
               WHERE kind = 'emailing.erase' AND status IN ('FAILED', 'CANCELLED') AND params ? 'emailsEnc'
                 AND coalesce(finished_at, updated_at) < now() - make_interval(days => p_days)
              RETURNING 1)
            SELECT count(*)::int FROM forgotten $f$;
      REVOKE ALL ON FUNCTION emailing_erasure_forget_addresses(int) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION emailing_erasure_forget_addresses(int) TO crm_app_rls;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP FUNCTION IF EXISTS emailing_erasure_forget_addresses(int)');
  }
}
