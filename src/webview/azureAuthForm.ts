import {
  AZURE_AUTH_FIELDS,
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
  PRINCIPALS,
  TRUSTED_IPS,
  trustedIpsNeedPaidPlan,
} from './model/azureAuth';

/** The Azure Auth form of a machine identity. */
/** A text field whose label, helper, placeholder and input type come from the field table. */
function tableField(
  key: 'tenantId' | 'resource' | 'accessTokenTTL' | 'accessTokenMaxTTL' | 'accessTokenNumUsesLimit',
) {
  const f: AnyField<never> = AZURE_AUTH_FIELDS[key];
  return textField({
    key,
    label: f.label,
    helper: f.help,
    ...(f.placeholder ? { placeholder: f.placeholder } : {}),
    ...(f.form.inputType ? { type: f.form.inputType } : {}),
  });
}

/** A list editor whose label, helper and placeholder come from the field table. */
function tableList(
  key: 'allowedServicePrincipalIds' | 'accessTokenTrustedIps',
  ui: { itemLabel: string; addLabel: string; emptyText: string },
) {
  const f: AnyField<never> = AZURE_AUTH_FIELDS[key];
  return new ListEditor({ key, label: f.label, helper: f.help, placeholder: f.placeholder ?? '', ...ui });
}

/** The Azure Auth form of a machine identity. */
export class AzureAuthForm implements FormDom<AzureAuthValues> {
  readonly element: HTMLElement;
  private readonly tenant = tableField('tenantId');
  private readonly resource = tableField('resource');
  private readonly useDefault = button(
    { id: 'resource-default', label: `Use ${DEFAULT_RESOURCE}`, secondary: true },
    () => {
      this.resource.control.value = DEFAULT_RESOURCE;
      this.resource.control.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    },
  );
  private readonly principals = tableList(PRINCIPALS, {
    itemLabel: 'Service principal ID',
    addLabel: 'Add Service Principal',
    emptyText: 'Any service principal of the tenant may log in.',
  });
  private readonly ttl = tableField('accessTokenTTL');
  private readonly maxTtl = tableField('accessTokenMaxTTL');
  private readonly numUses = tableField('accessTokenNumUsesLimit');
  private readonly trustedIps = tableList(TRUSTED_IPS, {
    itemLabel: 'Trusted IP',
    addLabel: 'Add IP or CIDR',
    emptyText: 'At least one entry is needed: add 0.0.0.0/0 and ::/0 to allow any address.',
  });
  /** Each field's control, by the field table's key, for reading and writing values. */
  private readonly controls: Record<
    AzureAuthField,
    { get(): string | string[]; set(v: string | string[]): void }
  > = {
    tenantId: textControl(this.tenant),
    resource: textControl(this.resource),
    allowedServicePrincipalIds: listControl(this.principals),
    accessTokenTrustedIps: listControl(this.trustedIps),
    accessTokenTTL: textControl(this.ttl),
    accessTokenMaxTTL: textControl(this.maxTtl),
    accessTokenNumUsesLimit: textControl(this.numUses),
  };
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
    this.ttl.helper.append(' ', this.ttlHint);
    this.maxTtl.helper.append(' ', this.maxTtlHint);
    this.resource.helper.append(' ', this.useDefault);
    this.trustedIps.group.insertBefore(this.planWarning, this.trustedIps.helper.nextSibling);
    this.element = h(
      'div',
      { class: 'form-fields' },
      section(
        'Azure Auth',
        'section-azure',
        this.tenant.group,
        this.resource.group,
        this.principals.group,
        this.caseWarning,
      ),
      section(
        'Access tokens',
        'section-tokens',
        this.ttl.group,
        this.maxTtl.group,
        this.numUses.group,
        this.trustedIps.group,
      ),
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
    this.useDefault.hidden = values.resource.trim() === DEFAULT_RESOURCE;
    this.planWarning.hidden = !trustedIpsNeedPaidPlan(values.trustedIps);
    const cases = GUID_WARNING_FIELDS.map((key) => {
      const typed = this.controls[key].get();
      return azureAuthWarning(key, Array.isArray(typed) ? typed.join(',') : typed);
    }).filter((m): m is string => m !== undefined);
    this.caseWarning.hidden = cases.length === 0;
    this.caseWarning.replaceChildren(...(cases.length ? [icon('warning'), `${cases.join('. ')}.`] : []));
  }
}

const textControl = (field: { control: { value: string } }) => ({
  get: () => field.control.value,
  set: (v: string | string[]) => {
    field.control.value = String(v);
  },
});

const listControl = (list: ListEditor) => ({
  get: () => list.get(),
  set: (v: string | string[]) => list.set(Array.isArray(v) ? v : [v]),
});
