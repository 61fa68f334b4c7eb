import assert from 'node:assert/strict';
import { isSelectAll, keepSelectAllInPage } from '../../src/webview/keys';

const key = (
  k: string,
  mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {},
) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe('the form page keeps select-all to itself', () => {
  it('Ctrl+A and Cmd+A are select-all, with Caps Lock too', () => {
    assert.ok(isSelectAll(key('a', { ctrlKey: true })));
    assert.ok(isSelectAll(key('a', { metaKey: true })));
    assert.ok(isSelectAll(key('A', { ctrlKey: true })));
  });

  it('a plain "a", Ctrl+Shift+A, Ctrl+Alt+A and other Ctrl keys are not', () => {
    assert.ok(!isSelectAll(key('a')));
    assert.ok(!isSelectAll(key('A', { shiftKey: true, ctrlKey: true })));
    assert.ok(!isSelectAll(key('a', { altKey: true, ctrlKey: true })));
    assert.ok(!isSelectAll(key('s', { ctrlKey: true })));
  });

  it('stops a select-all keydown at the document (the host listens on the window), and no other key', () => {
    let listener: ((event: unknown) => void) | undefined;
    const doc = {
      addEventListener: (type: string, l: (event: unknown) => void) => {
        assert.equal(type, 'keydown');
        listener = l;
      },
    } as unknown as Document;
    keepSelectAllInPage(doc);
    const stopped: string[] = [];
    const fire = (event: ReturnType<typeof key>) =>
      listener?.({
        ...event,
        stopPropagation: () => stopped.push(event.key),
        preventDefault: () => assert.fail('the browser selects'),
      });
    fire(key('a', { ctrlKey: true }));
    fire(key('5'));
    fire(key('z', { ctrlKey: true }));
    assert.deepEqual(stopped, ['a']);
  });
});
