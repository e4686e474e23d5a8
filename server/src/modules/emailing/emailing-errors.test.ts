import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type TestApi,
  type TestClient,
  clientFor,
  closeFactories,
  createWorkspaceWithAdmin,
  errorCode,
  startTestApi,
} from '../../../test/harness';
import { translate } from '../../common/i18n';
import { providerFailure } from './emailing.service';
import { ProviderError } from './providers/http';

const CREATE =
  'mutation($input: EmailingConnectionInput!) { createEmailingConnection(input: $input) { id status lastError } }';

/**
 * Connecting when the provider cannot be reached or fails: a French message per kind of
 * failure, as a form-level error (no field path: the provider chosen is not wrong).
 */
describe('emailing connection failures', () => {
  let api: TestApi;
  let admin: TestClient;
  let failing: Server;

  beforeAll(async () => {
    // A provider answering 500 to everything.
    failing = createServer((_req, res) => res.writeHead(500, { 'content-type': 'application/json' }).end('{}'));
    await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
    api = await startTestApi({
      // .invalid never resolves (RFC 2606): the DNS failure of a server without network.
      EMAILING_BREVO_BASE_URL: 'http://api.brevo.invalid/v3',
      EMAILING_MAILJET_BASE_URL: `http://127.0.0.1:${(failing.address() as AddressInfo).port}`,
      EMAILING_RETRY_BASE_MS: '1',
    });
    admin = await clientFor(api, await createWorkspaceWithAdmin());
  });
  afterAll(async () => {
    await api?.close();
    await new Promise((resolve) => failing.close(resolve));
    await closeFactories();
  });

  it('says the server cannot reach the provider (network or DNS), in French, without a field', async () => {
    const r = await admin.gql(CREATE, { input: { provider: 'BREVO', label: 'Main', apiKey: 'xkeysib-x' } });
    // Nothing in the form is wrong: not BAD_USER_INPUT, a code a client may retry on.
    expect(errorCode(r)).toBe('PROVIDER_UNAVAILABLE');
    expect(r.errors![0].message).toBe(
      'Impossible de joindre Brevo depuis le serveur (réseau ou DNS). Vérifiez l’accès à Internet du serveur, puis réessayez.',
    );
    expect(r.errors![0].extensions!.fields).toBeUndefined();
    expect((await admin.ok('{ emailingConnections { id } }')).emailingConnections).toEqual([]);
  });

  it("says a provider's 5xx is a failure on its side", async () => {
    const r = await admin.gql(CREATE, {
      input: { provider: 'MAILJET', label: 'Main', apiKey: 'mj-key', secretKey: 'mj-secret' },
    });
    expect(errorCode(r)).toBe('PROVIDER_UNAVAILABLE');
    expect(r.errors![0].message).toBe('Mailjet rencontre une panne de son côté (HTTP 500). Réessayez plus tard.');
    expect(r.errors![0].extensions!.fields).toBeUndefined();
  });

  it('words each kind of failure; only rejected credentials name the key field', () => {
    const say = (err: ProviderError) => {
      const e = providerFailure(err, 'apiKey');
      const field = e.fields[0];
      return field
        ? { path: field.path, message: translate('fr', field.message, field.params) }
        : { message: translate('fr', e.messageKey, e.params) };
    };
    expect(say(new ProviderError('timeout', 'Brevo: timeout (TimeoutError)', null, 'Brevo'))).toEqual({
      message: 'Brevo n’a pas répondu à temps. Réessayez dans quelques minutes.',
    });
    expect(say(new ProviderError('auth', 'Brevo: 401 Key not found', 401, 'Brevo'))).toEqual({
      path: ['input', 'apiKey'],
      message: 'Brevo refuse ces identifiants (HTTP 401) : vérifiez la clé et réessayez.',
    });
    expect(say(new ProviderError('rate_limited', 'Brevo: 429', 429, 'Brevo')).message).toMatch(/^Brevo limite/);
  });
});
