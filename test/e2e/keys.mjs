// @ts-check
// A person at the keyboard of a text editor in the workbench: typing at a person's pace, Ctrl+G
// to a line, a double-click on what a line shows, Ctrl+. and the editor's text as rendered.
import * as assert from 'node:assert/strict';
import { shownText } from './harness.mjs';

/** @typedef {import('playwright-core').Page} Page */
/** @typedef {import('playwright-core').Locator} Locator */

/** Key by key, 30–120 ms apart. */
export async function type(/** @type {Page} */ page, /** @type {string} */ text) {
  for (const ch of text) {
    await page.keyboard.type(ch);
    await page.waitForTimeout(30 + Math.floor(Math.random() * 90));
  }
}

/**
 * The quick input's box, once it holds the focus: it shows before the focus moves into it (from
 * a webview, later), and a key typed meanwhile is lost, as a person's would be if they did not look.
 */
async function quickInputFocused(/** @type {Page} */ page) {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible' });
  for (const until = Date.now() + 10_000; !(await input.evaluate((el) => el === document.activeElement)); ) {
    assert.ok(Date.now() < until, 'the quick input took the focus');
    await page.waitForTimeout(50);
  }
  return input;
}

/** Ctrl+G, the line number typed, Enter: the line in sight with the cursor on it. */
export async function goToLine(/** @type {Page} */ page, /** @type {number} */ line) {
  await page.keyboard.press('Control+G');
  await quickInputFocused(page);
  await type(page, String(line));
  await page.keyboard.press('Enter');
  await page.waitForTimeout(200);
}

/** Waits until the editor shows text matching `pattern`; returns that text. */
export async function shows(/** @type {Locator} */ editor, /** @type {RegExp} */ pattern, timeout = 20_000) {
  const until = Date.now() + timeout;
  for (;;) {
    const text = await shownText(editor).catch(() => '');
    if (pattern.test(text)) return text;
    if (Date.now() > until) assert.fail(`the editor never showed ${pattern}; it shows:\n${text}`);
    await editor.page().waitForTimeout(150);
  }
}

/**
 * Double-clicks `token` where line `line` of the editor shows it (found by the line number in
 * the gutter) and types `text` over the word the double-click selected.
 */
export async function retype(
  /** @type {Locator} */ editor,
  /** @type {number} */ line,
  /** @type {string} */ token,
  /** @type {string} */ text,
) {
  const point = await editor.evaluate(
    (el, [n, tok]) => {
      const number = Array.from(el.querySelectorAll('.line-numbers')).find(
        (e) => e.textContent?.trim() === n,
      );
      if (!number) return null;
      const y = number.getBoundingClientRect().top;
      const row = Array.from(el.querySelectorAll('.view-line')).find(
        (l) => Math.abs(l.getBoundingClientRect().top - y) < 2,
      );
      const span = Array.from(row?.querySelectorAll('span span') ?? [])
        .reverse()
        .find((s) => s.textContent === tok);
      if (!span) return null;
      const r = span.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    },
    [String(line), token],
  );
  assert.ok(point, `${token} is shown on line ${line}`);
  await editor.page().mouse.dblclick(point.x, point.y);
  await editor.page().waitForTimeout(150);
  await type(editor.page(), text);
}

/** Ctrl+. at the cursor, then a click on the action whose title holds `title`; returns its text. */
export async function quickFix(/** @type {Page} */ page, /** @type {string | RegExp} */ title) {
  await page.keyboard.press('Control+.');
  const row = page.locator('.action-widget .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  const text = await row.innerText();
  await row.click();
  return text;
}

/** A CodeLens at the top of an editor: focused and scrolled to its start first (Ctrl+Home). */
export async function topLens(/** @type {Locator} */ editor, /** @type {string | RegExp} */ text) {
  const page = editor.page();
  await editor.locator('textarea.inputarea, .native-edit-context').first().focus();
  await page.keyboard.press('Control+Home');
  const found = editor.locator('.codelens-decoration a', { hasText: text }).filter({ visible: true }).first();
  // VS Code redraws the CodeLens after a scroll: wait until the one found stays in the page.
  for (let tries = 0; tries < 20; tries++) {
    const handle = await found.elementHandle({ timeout: 15_000 });
    await page.waitForTimeout(300);
    if (await handle?.evaluate((e) => e.isConnected)) break;
  }
  return found;
}

/**
 * F1, the command's label typed key by key after the `>` the palette holds, and a click on its
 * row: the harness's runCommand fills the box at once, which no person does.
 */
export async function palette(/** @type {Page} */ page, /** @type {string} */ label) {
  await page.keyboard.press('F1');
  const input = await quickInputFocused(page);
  await type(page, label);
  assert.equal(await input.inputValue(), `>${label}`);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: label }).first().click();
}
