import { principalCaseWarning, tenantIdCaseWarning } from '../core/edit/guidCase';
import { DEFAULT_RESOURCE } from '../core/schemas/azureAuth';
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
export class AzureAuthForm implements FormDom<AzureAuthValues> {
  readonly element: HTMLElement;
  private readonly tenant = textField({
    key: 'tenantId',
    label: 'Tenant ID',
    helper: 'The Directory (tenant) ID of your Microsoft Entra ID tenant: a GUID.',
    placeholder: '00000000-0000-0000-0000-000000000000',
  });
  private readonly resource = textField({
    key: 'resource',
    label: 'Resource / audience',
    helper: 'The audience the Azure access token is issued for.',
    placeholder: DEFAULT_RESOURCE,
    type: 'url',
  });
  private readonly useDefault = button(
    { id: 'resource-default', label: `Use ${DEFAULT_RESOURCE}`, secondary: true },
    () => {
      this.resource.control.value = DEFAULT_RESOURCE;
      this.resource.control.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    },
  );
  private readonly principals = new ListEditor({
    key: PRINCIPALS,
    label: 'Allowed service principal IDs',
    itemLabel: 'Service principal ID',
    addLabel: 'Add Service Principal',
    placeholder: '00000000-0000-0000-0000-000000000000',
    helper:
      'Object IDs of the service principals that may log in. With none, any principal of the tenant may.',
    emptyText: 'Any service principal of the tenant may log in.',
  });
  private readonly ttl = textField({
    key: 'accessTokenTTL',
    label: 'Access token TTL',
    helper: 'Seconds, or a duration such as 30d, 12h or 2h 30m.',
  });
  private readonly maxTtl = textField({
    key: 'accessTokenMaxTTL',
    label: 'Access token max TTL',
    helper: 'Seconds or a duration; 0 means no maximum. Must not be below the TTL.',
  });
  private readonly numUses = textField({
    key: 'accessTokenNumUsesLimit',
    label: 'Access token max number of uses',
    helper: 'Leave blank (or 0) for unlimited uses.',
    type: 'number',
    placeholder: 'Unlimited',
  });
  private readonly trustedIps = new ListEditor({
    key: TRUSTED_IPS,
    label: 'Access token trusted IPs',
    itemLabel: 'Trusted IP',
    addLabel: 'Add IP or CIDR',
    placeholder: '0.0.0.0/0',
    helper: 'Addresses or CIDR blocks tokens may be used from. 0.0.0.0/0 and ::/0 allow any address.',
    emptyText: 'At least one entry is needed: add 0.0.0.0/0 and ::/0 to allow any address.',
  });
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
    return {
      tenantId: this.tenant.control.value,
      resource: this.resource.control.value,
      principals: this.principals.get(),
      ttl: this.ttl.control.value,
      maxTtl: this.maxTtl.control.value,
      numUses: this.numUses.control.value,
      trustedIps: this.trustedIps.get(),
    };
  }

  write(values: AzureAuthValues): void {
    this.tenant.control.value = values.tenantId;
    this.resource.control.value = values.resource;
    this.principals.set(values.principals);
    this.ttl.control.value = values.ttl;
    this.maxTtl.control.value = values.maxTtl;
    this.numUses.control.value = values.numUses;
    this.trustedIps.set(values.trustedIps);
    this.showHints(values);
  }

  showMeta(_meta: FormMeta): void {}

  showHints(values: AzureAuthValues): void {
    this.ttlHint.textContent = durationHint(values.ttl, 'ttl');
    this.maxTtlHint.textContent = durationHint(values.maxTtl, 'max');
    this.useDefault.hidden = values.resource.trim() === DEFAULT_RESOURCE;
    this.planWarning.hidden = !trustedIpsNeedPaidPlan(values.trustedIps);
    const cases = [
      tenantIdCaseWarning(values.tenantId),
      principalCaseWarning(values.principals.join(',')),
    ].filter((m): m is string => m !== undefined);
    this.caseWarning.hidden = cases.length === 0;
    this.caseWarning.replaceChildren(...(cases.length ? [icon('warning'), `${cases.join('. ')}.`] : []));
  }
}
