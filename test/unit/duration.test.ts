import assert from 'node:assert/strict';
import { formatDuration, parseDuration } from '../../src/core/edit/duration';

describe('durations', () => {
  it('formats seconds for people', () => {
    assert.equal(formatDuration(2_592_000), '30d');
    assert.equal(formatDuration(9_000), '2h 30m');
    assert.equal(formatDuration(90_061), '1d 1h 1m 1s');
    assert.equal(formatDuration(0), '0s');
    assert.equal(formatDuration(-5), '-5');
  });

  it('parses what people type', () => {
    assert.equal(parseDuration('30d'), 2_592_000);
    assert.equal(parseDuration('2h 30m'), 9_000);
    assert.equal(parseDuration('1d12h'), 129_600);
    assert.equal(parseDuration('3600'), 3_600);
    assert.equal(parseDuration(' 45S '), 45);
    for (const bad of ['', 'abc', '3x', '1d foo', 'h']) assert.equal(parseDuration(bad), undefined, bad);
  });

  it('round-trips', () => {
    for (const s of [1, 59, 61, 3_600, 86_399, 2_592_000, 315_360_000]) {
      assert.equal(parseDuration(formatDuration(s)), s);
    }
  });
});
