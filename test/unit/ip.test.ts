import assert from 'node:assert/strict';
import { formatTrustedIp, isIPv4, isIPv6, needsPaidPlan, parseTrustedIp } from '../../src/core/edit/ip';

describe('trusted IPs', () => {
  it('accepts IPv4 addresses and rejects malformed ones', () => {
    for (const ok of ['0.0.0.0', '10.0.0.1', '255.255.255.255', '192.168.1.0']) assert.ok(isIPv4(ok), ok);
    for (const bad of ['256.0.0.1', '1.2.3', '1.2.3.4.5', '01.2.3.4', 'a.b.c.d', '', '1..2.3']) {
      assert.equal(isIPv4(bad), false, bad);
    }
  });

  it('accepts IPv6 forms Node accepts, including IPv4-embedded ones', () => {
    for (const ok of [
      '::',
      '::1',
      '2001:db8::',
      'fe80::1:2',
      '1:2:3:4:5:6:7:8',
      '::ffff:10.0.0.1',
      '1:2:3:4:5:6:7::',
    ]) {
      assert.ok(isIPv6(ok), ok);
    }
    for (const bad of [
      '1:2:3:4:5:6:7:8:9',
      '1::2::3',
      '12345::',
      'g::1',
      '1:2:3:4:5:6:7',
      ':1:2',
      '::ffff:1.2.3',
    ]) {
      assert.equal(isIPv6(bad), false, bad);
    }
  });

  it('parses ip/prefix into the stored form and back', () => {
    const v4 = parseTrustedIp(' 10.0.0.0/8 ');
    assert.deepEqual(v4, { ok: true, value: { ipAddress: '10.0.0.0', type: 'ipv4', prefix: 8 } });
    const v6 = parseTrustedIp('2001:db8::/32');
    assert.deepEqual(v6, { ok: true, value: { ipAddress: '2001:db8::', type: 'ipv6', prefix: 32 } });
    assert.deepEqual(parseTrustedIp('1.2.3.4'), { ok: true, value: { ipAddress: '1.2.3.4', type: 'ipv4' } });
    assert.equal(formatTrustedIp({ ipAddress: '10.0.0.0', prefix: 8 }), '10.0.0.0/8');
    assert.equal(formatTrustedIp({ ipAddress: '1.2.3.4', prefix: null }), '1.2.3.4');
  });

  it('says what is wrong with a bad entry', () => {
    const cases: [string, RegExp][] = [
      ['', /empty/],
      ['10.0.0.0/33', /invalid prefix: use \/0 to \/32 for IPV4/],
      ['::/129', /\/0 to \/128/],
      ['10.0.0.0/08', /invalid prefix/],
      ['1.2.3.4/8/9', /more than one/],
      ['example.com', /not a valid IPv4, IPv6, or CIDR block/],
    ];
    for (const [text, message] of cases) {
      const r = parseTrustedIp(text);
      assert.equal(r.ok, false, text);
      if (!r.ok) assert.match(r.reason, message, text);
    }
  });

  it('knows which ranges need a paid plan', () => {
    assert.equal(needsPaidPlan(['0.0.0.0/0', ' ::/0']), false);
    assert.equal(needsPaidPlan(['0.0.0.0/0', '10.0.0.0/8']), true);
  });
});
