import {
  type AzureAuthField,
  azureAuthFields,
  azureAuthWarning,
  DEFAULT_RESOURCE,
  GUID_WARNING_FIELDS,
} from '../core/fields/azureAuth';
import type { AnyField } from '../core/fields/field';
import type { FormMeta } from '../forms/protocol';
import { button, h, icon, section, textField } from './dom';
import type { FormDom } from './formDom';
import { ListEditor } from './listEditor';
import {
  type AzureAuthValues,
  durationHint,
  suggestsDefaultResource,
  trustedIpsNeedPaidPlan,
} from './model/azureAuth';

/** One field's control: its group in the page, where extras go, and its typed value. */
interface Control {
  group: HTMLElement;
  helper: HTMLElement;
  get(): string | string[];
  set(value: string | string[]): void;
  /** Sets it as typing would: the form hears an input event. */
  type(value: string): void;
}

/** A field's control as the field table describes it: a list editor for lists, else a text field. */
function controlOf(key: AzureAuthField, f: AnyField<never>): Control {
  const { list } = f.form;
  if (list) {
    const editor = new ListEditor({
      key,
      label: f.label,
      helper: f.help,
      placeholder: f.placeholder ?? '',
      ...list,
    });
    return {
      group: editor.group,
      helper: editor.helper,
      get: () => editor.get(),
      set: (v) => editor.set(Array.isArray(v) ? v : [v]),
      type: (v) => editor.set([v]),
    };
  }
  const field = textField({
    key,
    label: f.label,
    helper: f.help,
    ...(f.placeholder ? { placeholder: f.placeholder } : {}),
    ...(f.form.inputType ? { type: f.form.inputType } : {}),
  });
  return {
    group: field.group,
    helper: field.helper,
    get: () => field.control.value,
    set: (v) => {
      field.control.value = String(v);
    },
    type: (v) => {
      field.control.value = v;
      field.control.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    },
  };
}

/** The form's sections, in order; each field says which it belongs to. */
const SECTIONS = [
  { id: 'azure', title: 'Azure Auth' },
  { id: 'tokens', title: 'Access tokens' },
] as const;

/** The Azure Auth form of a machine identity: one control per field of the table, in its form order. */
export class AzureAuthForm implements FormDom<AzureAuthValues> {
  readonly element: HTMLElement;
  private readonly controls = Object.fromEntries(
    azureAuthFields.map(([key, f]) => [key, controlOf(key, f)]),
  ) as Record<AzureAuthField, Control>;
  private readonly useDefault = button(
    { id: 'resource-default', label: `Use ${DEFAULT_RESOURCE}`, secondary: true },
    () => this.controls.resource.type(DEFAULT_RESOURCE),
  );
  private readonly ttlHint = h('span', { id: 'ttl-human', class: 'hint' });
  private readonly maxTtlHint = h('span', { id: 'max-ttl-human', class: 'hint' });
  private readonly planWarning = h(
    'p',
    { id: 'trusted-ips-plan-warning', class: 'warning', hidden: true, role: 'note' },
    icon('warning'),
    'Entries other than 0.0.0.0/0 and ::/0 need a paid Infisical plan; on other plans Infisical refuses the save.',
  );

  /** A GUID in upper case: accepted by Infisical, refused at every login (core/edit/guidCase). */
  private readonly caseWarning = h('p', {
    id: 'guid-case-warning',
    class: 'warning',
    hidden: true,
    role: 'note',
  });

  constructor() {
    const c = this.controls;
    c.accessTokenTTL.helper.append(' ', this.ttlHint);
    c.accessTokenMaxTTL.helper.append(' ', this.maxTtlHint);
    c.resource.helper.append(' ', this.useDefault);
    c.accessTokenTrustedIps.group.insertBefore(this.planWarning, c.accessTokenTrustedIps.helper.nextSibling);
    const ordered = [...azureAuthFields].sort(([, a], [, b]) => a.form.order - b.form.order);
    const groupsOf = (id: string) => ordered.filter(([, f]) => f.section === id).map(([key]) => c[key].group);
    const extras: Record<(typeof SECTIONS)[number]['id'], HTMLElement[]> = {
      azure: [this.caseWarning],
      tokens: [],
    };
    this.element = h(
      'div',
      { class: 'form-fields' },
      ...SECTIONS.map((s) => section(s.title, `section-${s.id}`, ...groupsOf(s.id), ...extras[s.id])),
    );
  }

  read(): AzureAuthValues {
    return Object.fromEntries(
      azureAuthFields.map(([key, f]) => [f.form.value, this.controls[key].get()]),
    ) as AzureAuthValues;
  }

  write(values: AzureAuthValues): void {
    const typed = values as unknown as Record<string, string | string[]>;
    for (const [key, f] of azureAuthFields) this.controls[key].set(typed[f.form.value] ?? '');
    this.showHints(values);
  }

  showMeta(_meta: FormMeta): void {}

  showHints(values: AzureAuthValues): void {
    this.ttlHint.textContent = durationHint(values.ttl, 'ttl');
    this.maxTtlHint.textContent = durationHint(values.maxTtl, 'max');
    this.useDefault.hidden = !suggestsDefaultResource(values.resource);
    this.planWarning.hidden = !trustedIpsNeedPaidPlan(values.trustedIps);
    const cases = GUID_WARNING_FIELDS.map((key) => {
      const typed = this.controls[key].get();
      return azureAuthWarning(key, Array.isArray(typed) ? typed.join(',') : typed);
    }).filter((m): m is string => m !== undefined);
    this.caseWarning.hidden = cases.length === 0;
    this.caseWarning.replaceChildren(...(cases.length ? [icon('warning'), `${cases.join('. ')}.`] : []));
  }
}
