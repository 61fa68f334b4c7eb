import assert from 'node:assert/strict';
import { checkSiteUrl, isLoopbackHost } from '../../src/core/site';

describe('site URL check', () => {
  it('accepts https and normalizes trailing slashes and /api', () => {
    assert.deepEqual(checkSiteUrl(' https://eu.infisical.com/ '), {
      ok: true,
      url: 'https://eu.infisical.com',
    });
    assert.deepEqual(checkSiteUrl('https://infisical.example.com/api'), {
      ok: true,
      url: 'https://infisical.example.com',
    });
    assert.deepEqual(checkSiteUrl('https://example.com/infisical/'), {
      ok: true,
      url: 'https://example.com/infisical',
    });
  });

  // Before, …/api/v1 was kept, and every request went to /api/v1/api/v1/… (a 404 blamed on the credentials).
  it('normalizes a URL that names the API version, under a path prefix too', () => {
    for (const [typed, site] of [
      ['https://infisical.example.com/api/v1', 'https://infisical.example.com'],
      ['https://infisical.example.com/api/v1/', 'https://infisical.example.com'],
      ['https://example.com/infisical/api/v2', 'https://example.com/infisical'],
      ['http://127.0.0.1:54000/api/v1', 'http://127.0.0.1:54000'],
    ])
      assert.deepEqual(checkSiteUrl(typed as string), { ok: true, url: site }, typed);
    assert.deepEqual(checkSiteUrl('https://example.com/api/v1/identities'), {
      ok: true,
      url: 'https://example.com/api/v1/identities',
    });
  });

  it('allows http only for loopback unless the setting allows it', () => {
    assert.equal(checkSiteUrl('http://127.0.0.1:8080').ok, true);
    assert.equal(checkSiteUrl('http://localhost:4000').ok, true);
    assert.equal(checkSiteUrl('http://[::1]:8080').ok, true);
    const r = checkSiteUrl('http://infisical.internal');
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.reason, /unencrypted.*infisical.allowInsecureHttp/);
    assert.equal(checkSiteUrl('http://infisical.internal', { allowInsecureHttp: true }).ok, true);
  });

  it('explains what is wrong', () => {
    const cases: [string, RegExp][] = [
      ['', /Enter the URL/],
      ['infisical.example.com', /not a URL: include the scheme/],
      ['ftp://x', /Use https/],
      ['https://u:p@x.com', /credentials in the URL/],
      ['https://x.com/?a=1', /query string/],
    ];
    for (const [text, re] of cases) {
      const r = checkSiteUrl(text);
      assert.ok(!r.ok && re.test(r.reason), `${text}: ${JSON.stringify(r)}`);
    }
  });

  it('knows loopback hosts', () => {
    for (const h of ['localhost', 'a.localhost', '127.0.0.1', '127.1.2.3', '[::1]'])
      assert.ok(isLoopbackHost(h), h);
    for (const h of ['10.0.0.1', 'example.com', '128.0.0.1', 'localhost.evil.com'])
      assert.equal(isLoopbackHost(h), false, h);
  });
});
