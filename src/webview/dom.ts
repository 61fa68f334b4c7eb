import type { Button, Checkbox, Textarea, Textfield } from './elements';
import type { ShownIssue } from './model/shared';

type Attrs = Record<string, string | boolean | undefined>;

/**
 * Creates an element. Children given as strings become text nodes: server text (names,
 * descriptions, messages) is only ever set as text, never parsed as HTML.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : value);
  }
  el.append(...children);
  return el;
}

/** A decorative codicon (the label next to it says the same in words). */
export function icon(name: string): HTMLSpanElement {
  return h('span', { class: `codicon codicon-${name}`, 'aria-hidden': 'true' });
}

/** `credentials.tenantId` → `credentials-tenantId`, for element ids. */
export const slug = (key: string) => key.replace(/[^A-Za-z0-9_-]+/g, '-');

/** Where a field's messages go; `renderIssues` fills every one of these. */
export function issuesFor(key: string): HTMLDivElement {
  return h('div', {
    class: 'issues',
    id: key === '' ? 'issues-top' : `issues-${slug(key)}`,
    'data-issues-for': key,
    'aria-live': 'polite',
  });
}

export interface FieldOptions {
  key: string;
  label: string;
  helper?: string;
  placeholder?: string;
  type?: 'text' | 'password' | 'number' | 'time' | 'url';
  readonly?: boolean;
  multiline?: boolean;
  /** Text areas: rows shown, and whether the text is code (PEM) rather than prose. */
  rows?: number;
  monospace?: boolean;
}

export interface Field<C> {
  group: HTMLElement;
  control: C;
  helper: HTMLElement;
}

/** A labelled text field (or text area) with its helper text and its message area. */
export function textField(o: FieldOptions & { multiline?: false }): Field<Textfield>;
export function textField(o: FieldOptions & { multiline: true }): Field<Textarea>;
export function textField(o: FieldOptions): Field<Textfield | Textarea> {
  const id = `field-${slug(o.key)}`;
  let control: Textfield | Textarea;
  if (o.multiline) {
    const area = h('vscode-textarea', { id, 'data-field': o.key });
    area.rows = o.rows ?? 8;
    // No resize grip: its image is a data: URL, which the page's CSP (img-src) blocks.
    area.resize = 'none';
    area.monospace = o.monospace ?? false;
    area.spellcheck = !o.monospace;
    control = area;
  } else {
    const field = h('vscode-textfield', { id, 'data-field': o.key, type: o.type ?? 'text' });
    control = field;
  }
  control.label = o.label;
  control.autocomplete = 'off';
  if (o.placeholder) control.placeholder = o.placeholder;
  if (o.readonly) control.readonly = true;
  const helper = h('vscode-form-helper', { id: `help-${slug(o.key)}` }, o.helper ?? '');
  const group = h(
    'vscode-form-group',
    { variant: 'settings-group', 'data-group': o.key },
    h('vscode-label', { for: id }, o.label),
    control,
    helper,
    issuesFor(o.key),
  );
  return { group, control, helper };
}

/** A switch (a checkbox that looks and reads as one) with its helper and message area. */
export function switchField(o: { key: string; label: string; helper: string }): Field<Checkbox> {
  const control = h('vscode-checkbox', { id: `field-${slug(o.key)}`, 'data-field': o.key, toggle: true });
  control.label = o.label;
  const helper = h('vscode-form-helper', { id: `help-${slug(o.key)}` }, o.helper);
  const group = h(
    'vscode-form-group',
    { variant: 'settings-group', 'data-group': o.key },
    control,
    helper,
    issuesFor(o.key),
  );
  return { group, control, helper };
}

export function button(
  o: { id: string; label: string; aria?: string; icon?: string; secondary?: boolean },
  onClick: () => void,
): Button {
  const b = h(
    'vscode-button',
    { id: o.id, 'aria-label': o.aria ?? o.label, secondary: o.secondary },
    o.label,
  );
  if (o.icon) b.icon = o.icon;
  // A disabled vscode-button still receives mouse clicks.
  b.addEventListener('click', () => {
    if (!b.disabled) onClick();
  });
  return b;
}

export function section(title: string, id: string, ...children: Node[]): HTMLElement {
  const headingId = `${id}-heading`;
  return h(
    'section',
    { id, class: 'form-section', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, title),
    ...children,
  );
}

/**
 * Shows each issue under its field; issues whose field has no message area go to the top.
 * Text controls of a field with an issue are marked invalid.
 */
export function renderIssues(root: HTMLElement, issues: readonly ShownIssue[]): void {
  const areas = Array.from(root.querySelectorAll<HTMLElement>('[data-issues-for]'));
  const known = new Set(areas.map((a) => a.dataset.issuesFor ?? ''));
  for (const area of areas) {
    const key = area.dataset.issuesFor ?? '';
    const mine = issues.filter((i) => i.field === key || (key === '' && !known.has(i.field)));
    area.replaceChildren(
      ...mine.map((i) =>
        h(
          'div',
          { class: i.fromServer ? 'issue server' : 'issue' },
          icon('error'),
          h('span', {}, i.fromServer ? `Infisical: ${i.message}` : i.message),
        ),
      ),
    );
  }
  const invalid = new Set(issues.map((i) => i.field));
  for (const control of Array.from(
    root.querySelectorAll<Textfield | Textarea>('vscode-textfield, vscode-textarea'),
  )) {
    const key = control.dataset.field ?? '';
    control.invalid = invalid.has(key);
    if (invalid.has(key)) control.setAttribute('aria-invalid', 'true');
    else control.removeAttribute('aria-invalid');
  }
}
