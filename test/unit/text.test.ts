import assert from 'node:assert/strict';
import { describeType, escapeInvisible, findInvisible } from '../../src/core/text';

describe('invisible characters', () => {
  it('finds control, bidirectional, zero-width and unpaired surrogate characters, with their position', () => {
    assert.deepEqual(findInvisible('ab\u202ec'), {
      index: 2,
      code: 'U+202E',
      name: 'a right-to-left override',
    });
    assert.deepEqual(findInvisible('\u0000'), { index: 0, code: 'U+0000', name: 'a NUL character' });
    assert.equal(findInvisible('x\udc00')?.code, 'U+DC00');
    assert.equal(findInvisible('\u0085')?.name, 'a control character');
    assert.equal(findInvisible('\u2064')?.name, 'an invisible formatting character');
    assert.equal(findInvisible('\u2028')?.name, 'a line separator');
  });

  it('leaves visible text alone, emoji (surrogate pairs) and right-to-left scripts included', () => {
    for (const text of ['plain', '🔥 fire', 'שלום', 'مرحبا', 'ñ', ''])
      assert.equal(findInvisible(text), undefined, text);
  });

  it('writes each invisible character as an escape, so a message shows it', () => {
    assert.equal(escapeInvisible('a\u200fb\u0000'), 'a\\u200Fb\\u0000');
    assert.equal(escapeInvisible('\u{E0041}x'), '\\u{E0041}x');
    assert.equal(escapeInvisible('🔥'), '🔥');
  });

  it('describes JSON types the way a sentence needs them', () => {
    assert.deepEqual([null, [], {}, 1, Number.POSITIVE_INFINITY, 's', true].map(describeType), [
      'null',
      'a list',
      'an object',
      'a number',
      'Infinity',
      'a string',
      'true',
    ]);
  });
});
