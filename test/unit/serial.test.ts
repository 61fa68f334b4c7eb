import assert from 'node:assert/strict';
import { Serial } from '../../src/core/serial';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Serial', () => {
  it('runs work of one key one at a time, in order, even when some fails', async () => {
    const serial = new Serial();
    const log: string[] = [];
    const job = (name: string, ms: number, fail = false) =>
      serial.run('k', async () => {
        log.push(`${name} start`);
        await tick(ms);
        log.push(`${name} end`);
        if (fail) throw new Error(name);
        return name;
      });
    const results = await Promise.allSettled([job('a', 30, true), job('b', 5), job('c', 1)]);
    assert.deepEqual(log, ['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
    assert.deepEqual(
      results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message)),
      ['a', 'b', 'c'],
    );
    assert.equal(serial.busy('k'), false);
  });

  it('lets different keys run at the same time', async () => {
    const serial = new Serial();
    const log: string[] = [];
    const job = (key: string, ms: number) =>
      serial.run(key, async () => {
        log.push(`${key} start`);
        await tick(ms);
        log.push(`${key} end`);
      });
    const both = Promise.all([job('x', 20), job('y', 1)]);
    assert.equal(serial.busy('x'), true);
    await both;
    assert.deepEqual(log, ['x start', 'y start', 'y end', 'x end']);
  });
});
