import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { withTenant } from './tenant-scope';
import { TestClient, closeFactories, createWorkspaceWithAdmin, startTestApi, type TestApi } from '../../test/harness';
import { type ServerProcess, startApiProcess } from '../../test/processes';

/**
 * PostgreSQL really restarted (stopped, then started) under load: the API process answers
 * errors meanwhile, never crashes, and serves again by itself once the database is back.
 * It restarts the machine's cluster, so it runs in the isolated phase, alone (see
 * scripts/test.mjs); `.ci/run` sets the cluster up the Debian way this test expects.
 */

// The cluster the tests use: the one Debian's tools manage (the newest version, as .ci/run).
function debianCluster(): { version: string } {
  const versions = existsSync('/etc/postgresql') ? readdirSync('/etc/postgresql') : [];
  if (!versions.length) throw new Error('this test restarts a Debian PostgreSQL cluster: /etc/postgresql is missing');
  return { version: versions.sort((a, b) => Number(a) - Number(b)).at(-1)! };
}

const pgctl = (action: 'stop' | 'start', version: string) =>
  execFileSync(
    'pg_ctlcluster',
    ['--skip-systemctl-redirect', version, 'main', action, ...(action === 'stop' ? ['-m', 'fast'] : [])],
    { stdio: 'pipe' },
  );

function waitForPostgres(): void {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      execFileSync('pg_isready', ['-q', '-h', '127.0.0.1', '-p', '5432']);
      return;
    } catch {
      if (Date.now() > deadline) throw new Error('PostgreSQL did not come back within 60 s');
      execFileSync('sleep', ['0.2']);
    }
  }
}

const CREATE = 'mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }';

jest.setTimeout(180_000);

describe('PostgreSQL restarted under load', () => {
  let api: TestApi;
  let apiProcess: (ServerProcess & { url: string }) | undefined;
  const { version } = debianCluster();

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    // Whatever happened, the cluster is running again for the tests that follow.
    try {
      execFileSync('pg_isready', ['-q', '-h', '127.0.0.1', '-p', '5432']);
    } catch {
      pgctl('start', version);
      waitForPostgres();
    }
    await apiProcess?.stop('SIGKILL');
    await api.close();
    await closeFactories();
  });

  it('answers errors while the database is down, then serves again by itself, with every acknowledged write kept', async () => {
    const ws = await createWorkspaceWithAdmin();
    apiProcess = await startApiProcess({ QUEUE_PREFIX: `${process.env.QUEUE_PREFIX ?? 'crmtest'}-pgrestart` });
    const client = new TestClient(apiProcess.url);
    await client.login(ws.email, ws.password);
    const tag = Math.random().toString(36).slice(2, 8);
    const phases = { before: 0, down: 0, after: 0 };
    const tally = { errors: 0, codes: new Set<string>(), network: [] as string[], leaks: [] as string[] };
    const created: string[] = [];
    let creates = 0;
    let phase: keyof typeof phases = 'before';
    let running = true;

    // Four clients reading and writing for the whole test.
    const lanes = Array.from({ length: 4 }, async (_, lane) => {
      for (let n = 0; running; n++) {
        const write = n % 2 === 1;
        if (write) creates++;
        const r = await (
          write
            ? client.gql(CREATE, {
                input: {
                  name: `Redémarrage ${tag} ${lane}-${n}`,
                  mainContact: {
                    firstName: 'Alex',
                    lastName: `R${n}`,
                    email: `r.${tag}.${lane}.${n}@restart.fr`,
                    phoneDirect: '0142685300',
                  },
                },
              })
            : client.gql('{ me { id } }')
        ).catch((err: Error) => {
          tally.network.push(`${phase}: ${err.message}: ${String((err.cause as Error)?.message)}`);
          return null;
        });
        if (!r) continue;
        if (r.errors?.length || !r.data) {
          tally.errors++;
          tally.codes.add(`${r.status} ${r.errors?.[0].extensions?.code ?? (r as { error?: string }).error}`);
          if (/terminat|ECONN|postgres|at .*\.ts/i.test(JSON.stringify(r))) tally.leaks.push(JSON.stringify(r));
        } else {
          phases[phase]++;
          if (write) created.push((r.data as { createCompany: { id: string } }).createCompany.id);
        }
        // A short pause while the database is down: errors come back at once.
        if (phase === 'down') await new Promise((resolve) => setTimeout(resolve, 50));
      }
    });

    await new Promise((resolve) => setTimeout(resolve, 1_500));
    phase = 'down';
    pgctl('stop', version);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    pgctl('start', version);
    waitForPostgres();
    const restartedAt = Date.now();
    phase = 'after';
    // Served again by itself: no restart of the API, no request to reconnect.
    const deadline = Date.now() + 30_000;
    while (phases.after < 20 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    const recoveredIn = Date.now() - restartedAt;
    running = false;
    await Promise.all(lanes);

    if (apiProcess.child.exitCode !== null || apiProcess.child.signalCode) console.log(apiProcess.output());
    expect(apiProcess.child.exitCode).toBeNull();
    expect(tally.network).toEqual([]);
    expect(phases.before).toBeGreaterThan(0);
    expect(tally.errors).toBeGreaterThan(0);
    expect(phases.after).toBeGreaterThanOrEqual(20);
    // Clean errors of the server's kind, each with its code; never the driver's words.
    expect(tally.leaks).toEqual([]);
    expect([...tally.codes].filter((c) => /undefined|BAD_USER_INPUT/.test(c))).toEqual([]);

    // Every write it acknowledged is stored; nothing appeared that was not asked for.
    const [{ n, acknowledged }] = await withTenant(api.deps.dataSource, ws.workspaceId, null, (em) =>
      em.query(
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE id = ANY($2::uuid[]))::int AS acknowledged
           FROM company WHERE name LIKE $1`,
        [`Redémarrage ${tag} %`, created],
      ),
    );
    expect(acknowledged).toBe(created.length);
    expect(n).toBeLessThanOrEqual(creates);
    console.log(
      `PostgreSQL ${version} restarted: ${phases.before} answers before, ${tally.errors} errors ` +
        `(${[...tally.codes].join(', ')}), ${phases.down} answers while down, served again ${recoveredIn} ms ` +
        `after the restart; ${created.length} of ${creates} creations acknowledged, ${n} stored`,
    );
  });
});
