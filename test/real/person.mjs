// @ts-check
// What a person does in the workbench, key by key: the palette, quick inputs, an editor's line.
// Nothing here is filled in programmatically: every character is a key press, 25–80 ms apart.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { RESULTS, shownText } from '../e2e/harness.mjs';

export const SHOTS = join(RESULTS, 'real');

/** @typedef {import('playwright-core').Page} Page */
/** @typedef {import('playwright-core').Locator} Locator */

export class Person {
  /** @param {import('../e2e/harness.mjs').Workbench} wb */
  constructor(wb) {
    this.wb = wb;
    this.page = wb.page;
  }

  pause(/** @type {number} */ ms) {
    return this.page.waitForTimeout(ms);
  }

  async type(/** @type {string} */ text) {
    for (const key of text) {
      await this.page.keyboard.type(key);
      await this.pause(25 + Math.floor(Math.random() * 55));
    }
  }

  get quickInput() {
    return this.page.locator('.quick-input-widget');
  }

  /**
   * Waits until the quick input's box holds the keyboard focus. It shows a moment before it
   * takes the focus: a key typed in between lands in whatever had it (an editor, a form).
   */
  async inputFocused(timeout = 10_000, empty = false) {
    const box = this.quickInput.locator('.quick-input-box input');
    await box.waitFor({ state: 'visible', timeout });
    const end = Date.now() + timeout;
    // Runs in the page: `empty` goes as an argument.
    const ready = (/** @type {Element} */ el, /** @type {boolean} */ mustBeEmpty) =>
      el === document.activeElement && (!mustBeEmpty || /** @type {HTMLInputElement} */ (el).value === '');
    while (!(await box.evaluate(ready, empty).catch(() => false))) {
      if (Date.now() > end)
        throw new Error(`the quick input never took the keyboard focus${empty ? ' empty' : ''}`);
      await this.pause(50);
    }
  }

  /**
   * F1, the command's label typed, its row clicked. F1 pressed inside a form's webview does
   * not always reach the workbench: then, as a person would, a click on the side bar's title
   * first, and F1 again.
   */
  async command(/** @type {string} */ label) {
    await this.page.keyboard.press('F1');
    try {
      await this.inputFocused(5_000);
    } catch {
      await this.page.locator('.part.sidebar .composite.title').first().click();
      await this.page.keyboard.press('F1');
      await this.inputFocused();
    }
    await this.type(label);
    const row = this.quickInput.locator('.monaco-list-row', { hasText: label }).first();
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    await row.click();
  }

  /**
   * Waits for the quick input titled `title`, types `text` and presses Enter. A box that offers
   * a value (the server URL of the last attempt) is replaced as a person does: Ctrl+A, then type.
   */
  async answer(/** @type {RegExp} */ title, /** @type {string} */ text) {
    await this.quickInput.locator('.quick-input-title', { hasText: title }).waitFor({ timeout: 20_000 });
    await this.inputFocused(10_000);
    const box = this.quickInput.locator('.quick-input-box input');
    if ((await box.inputValue()) !== '') await this.page.keyboard.press('ControlOrMeta+a');
    await this.type(text);
    await this.page.keyboard.press('Enter');
  }

  /**
   * Narrows the next quick pick by typing, then Enter on the row showing `text`. The next one:
   * its box empty, not the one before it (the palette, a box just answered) still closing.
   */
  async choose(/** @type {string} */ text) {
    await this.inputFocused(15_000, true);
    await this.type(text);
    await this.quickInput
      .locator('.monaco-list-row', { hasText: text })
      .first()
      .waitFor({ state: 'visible', timeout: 15_000 });
    await this.page.keyboard.press('Enter');
  }

  /** A notification toast whose message matches. */
  toast(/** @type {string | RegExp} */ text) {
    return this.page.locator('.notifications-toasts .notification-list-item-message', { hasText: text });
  }

  /** The messages of error and warning toasts on screen. */
  async problems() {
    const items = this.page
      .locator('.notifications-toasts .notification-list-item')
      .filter({ has: this.page.locator('.codicon-error, .codicon-warning') })
      .locator('.notification-list-item-message');
    return (await items.allInnerTexts()).map((t) => t.trim());
  }

  /**
   * Waits for `done` to show; an error or warning toast first ends the wait with its text as
   * the error, so a step records the exact message a person got.
   */
  async until(/** @type {Locator} */ done, /** @type {string} */ what, timeout = 30_000) {
    const end = Date.now() + timeout;
    for (;;) {
      if (await done.first().isVisible()) return;
      const shown = await this.problems();
      if (shown.length) throw new Error(`${what}: the notification says "${shown.join('" / "')}"`);
      if (Date.now() > end) throw new Error(`${what}: not within ${timeout / 1000} s`);
      await this.pause(200);
    }
  }

  async clearNotifications() {
    await this.command('Notifications: Clear All Notifications');
    await this.pause(300);
  }

  /** The text an editor shows, its rendered lines in order (Monaco reuses line elements). */
  shownText(/** @type {Locator} */ editor) {
    return shownText(editor);
  }

  /** Waits until the editor shows text matching `pattern`; returns that text. */
  async shows(/** @type {Locator} */ editor, /** @type {RegExp} */ pattern, timeout = 20_000) {
    const end = Date.now() + timeout;
    for (;;) {
      const text = await this.shownText(editor).catch(() => '');
      if (pattern.test(text)) return text;
      const shown = await this.problems();
      if (shown.length) throw new Error(`the notification says "${shown.join('" / "')}"`);
      if (Date.now() > end) throw new Error(`the editor never showed ${pattern}; it shows:\n${text}`);
      await this.pause(200);
    }
  }

  /**
   * Replaces the value on a line `"key": value,`: Ctrl+G to the line, End, left past a trailing
   * comma, Shift+Left once per character of the value, Delete, then the new value typed.
   * @param {Locator} editor   the editor showing the document
   * @param {number} line      1-based line number
   * @param {string} lineText  that line as the document holds it
   * @param {string} next      what to type instead, as JSON text (a quote typed opens a pair;
   *                           the closing one typed steps over the one the editor added)
   */
  async retypeValue(editor, line, lineText, next) {
    const m = /:\s*(.*?)(,?)\s*$/.exec(lineText);
    if (!m?.[1]) throw new Error(`no "key": value on line ${line}: ${lineText}`);
    await editor.locator('textarea.inputarea, .native-edit-context').first().focus();
    await this.page.keyboard.press('Control+G');
    await this.inputFocused();
    await this.type(String(line));
    await this.page.keyboard.press('Enter');
    await this.pause(200);
    await this.page.keyboard.press('End');
    if (m[2]) await this.page.keyboard.press('ArrowLeft');
    for (let i = 0; i < m[1].length; i++) await this.page.keyboard.press('Shift+ArrowLeft');
    await this.page.keyboard.press('Delete');
    await this.type(next);
    await this.page.keyboard.press('Escape');
  }

  /**
   * The sign-in prompts after "Sign In" (welcome view or palette), up to the profile name: a
   * self-hosted site, then the Universal Auth pair or an access token. `name` '' keeps the
   * suggested profile name; returns the suggested one.
   * @param {string} site
   * @param {{ clientId: string, clientSecret: string } | { accessToken: string }} creds
   * @param {string} name
   */
  async signIn(site, creds, name) {
    await this.quickInput.locator('.quick-input-title', { hasText: /site/ }).waitFor({ timeout: 20_000 });
    await this.choose('Self-hosted');
    await this.answer(/server URL/, site);
    if ('accessToken' in creds) {
      await this.choose('Access token');
      await this.answer(/access token/, creds.accessToken);
    } else {
      await this.choose('Machine identity (Universal Auth)');
      await this.answer(/client ID/, creds.clientId);
      await this.answer(/client secret/, creds.clientSecret);
    }
    const title = this.quickInput.locator('.quick-input-title', { hasText: /profile name/ });
    await this.until(title, 'the profile-name step', 60_000);
    const suggested = await this.quickInput.locator('.quick-input-box input').inputValue();
    if (name) {
      await this.page.keyboard.press('Control+A');
      await this.type(name);
    }
    await this.page.keyboard.press('Enter');
    return suggested;
  }

  /**
   * Answers a save dialog (code-server's simple one, titled `title`) with `path`. It fills in its
   * suggested path a moment after it shows, and typing before that is lost in it: wait for the
   * suggestion (matching `suggested`), then select it all and type over it; a person who sees a
   * wrong path selects it and types again.
   * @param {string} title
   * @param {RegExp} suggested
   * @param {string} path
   */
  async saveAs(title, suggested, path) {
    await this.quickInput.locator('.quick-input-title', { hasText: title }).waitFor({ timeout: 60_000 });
    const box = this.quickInput.locator('.quick-input-box input');
    for (let end = Date.now() + 15_000; !suggested.test(await box.inputValue()); ) {
      if (Date.now() > end)
        throw new Error(`the dialog never suggested a file: it holds "${await box.inputValue()}"`);
      await this.pause(200);
    }
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press('Control+A');
      await this.type(path);
      await this.pause(300);
      if ((await box.inputValue()) === path) break;
      if (attempt >= 3) throw new Error(`the dialog holds ${await box.inputValue()}`);
    }
    await this.page.keyboard.press('Enter');
  }

  async screenshot(/** @type {string} */ name) {
    mkdirSync(SHOTS, { recursive: true });
    await this.page.screenshot({ path: join(SHOTS, `${name}.png`) });
  }
}

/**
 * The 1-based number of the line of `text` that holds `needle` (the `nth` such line).
 * @param {string} text
 * @param {string} needle
 */
export function lineOf(text, needle, nth = 0) {
  const found = text.split('\n').flatMap((l, i) => (l.includes(needle) ? [i + 1] : []));
  const line = found[nth];
  if (!line) throw new Error(`no line #${nth + 1} holds ${needle}`);
  return line;
}
