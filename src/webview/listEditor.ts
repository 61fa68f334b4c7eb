import { button, h, issuesFor, slug } from './dom';
import type { Textfield } from './elements';

export interface ListOptions {
  /** The request field: rows are `${key}.${index}`. */
  key: string;
  label: string;
  /** How one row reads to a screen reader: "Trusted IP" → "Trusted IP 2". */
  itemLabel: string;
  addLabel: string;
  placeholder: string;
  helper: string;
  emptyText: string;
}

/**
 * An editable list of one-line values: a text field per row with a remove button, and an add
 * button. Enter in a row adds a row after it. Changes bubble as `input` events.
 */
export class ListEditor {
  readonly group: HTMLElement;
  readonly helper: HTMLElement;
  private readonly rows: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly addButton: HTMLElement;
  private values: string[] = [];

  constructor(private readonly o: ListOptions) {
    const labelId = `label-${slug(o.key)}`;
    this.rows = h('div', { class: 'list-rows', role: 'list', 'aria-labelledby': labelId });
    this.empty = h('p', { class: 'list-empty', id: `empty-${slug(o.key)}` }, o.emptyText);
    this.addButton = button(
      { id: `add-${slug(o.key)}`, label: o.addLabel, icon: 'add', secondary: true },
      () => this.insert(this.values.length),
    );
    this.helper = h('vscode-form-helper', { id: `help-${slug(o.key)}` }, o.helper);
    this.group = h(
      'vscode-form-group',
      { variant: 'settings-group', 'data-group': o.key, 'data-field': o.key, id: `list-${slug(o.key)}` },
      h('vscode-label', { id: labelId }, o.label),
      this.helper,
      this.rows,
      this.empty,
      this.addButton,
      issuesFor(o.key),
    );
  }

  get(): string[] {
    return [...this.values];
  }

  set(values: readonly string[]): void {
    this.values = [...values];
    this.render();
  }

  private render(focusRow?: number): void {
    this.rows.replaceChildren(...this.values.map((value, i) => this.row(value, i)));
    this.empty.hidden = this.values.length > 0;
    if (focusRow === undefined) return;
    const target = this.rows.querySelectorAll<Textfield>('vscode-textfield')[focusRow];
    if (!target) this.addButton.focus();
    // A new field has no inner input to take the focus until it has rendered.
    else void target.updateComplete.then(() => target.focus());
  }

  private row(value: string, index: number): HTMLElement {
    const key = `${this.o.key}.${index}`;
    const name = `${this.o.itemLabel} ${index + 1}`;
    const field = h('vscode-textfield', { id: `field-${slug(key)}`, 'data-field': key });
    field.label = name;
    field.value = value;
    field.placeholder = this.o.placeholder;
    field.autocomplete = 'off';
    field.addEventListener('input', () => {
      this.values[index] = field.value;
    });
    field.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter') return;
      event.preventDefault();
      this.insert(index + 1);
    });
    const remove = button(
      { id: `remove-${slug(key)}`, label: '', aria: `Remove ${name}`, icon: 'close', secondary: true },
      () => this.remove(index),
    );
    remove.iconOnly = true;
    remove.title = `Remove ${name}`;
    return h(
      'div',
      { class: 'list-row', role: 'listitem', 'data-row': String(index) },
      h('div', { class: 'list-row-line' }, field, remove),
      issuesFor(key),
    );
  }

  private insert(at: number): void {
    this.values.splice(at, 0, '');
    this.render(at);
    this.changed();
  }

  private remove(at: number): void {
    this.values.splice(at, 1);
    // Focus the row that took its place, else the one before, else the add button.
    this.render(Math.min(at, this.values.length - 1));
    this.changed();
  }

  private changed(): void {
    this.group.dispatchEvent(new Event('input', { bubbles: true }));
  }
}
