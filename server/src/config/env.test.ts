import { loadConfig } from './env';

describe('PUBLIC_URL', () => {
  it('defaults to this machine on the port the API runs on, so links in mail work after `PORT=4101 npm start`', () => {
    expect(loadConfig({ PORT: '4101' }).PUBLIC_URL).toBe('http://localhost:4101');
    expect(loadConfig({}).PUBLIC_URL).toBe('http://localhost:4000');
    expect(loadConfig({ PORT: '4101', PUBLIC_URL: '' }).PUBLIC_URL).toBe('http://localhost:4101');
  });

  it('keeps a set address and still refuses one that is not a URL', () => {
    expect(loadConfig({ PORT: '4101', PUBLIC_URL: 'https://crm.agence.fr' }).PUBLIC_URL).toBe('https://crm.agence.fr');
    expect(() => loadConfig({ PUBLIC_URL: 'crm.agence.fr' })).toThrow(/PUBLIC_URL/);
  });
});
