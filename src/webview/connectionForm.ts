import { OAUTH_REAUTHORIZE } from '../core/edit/connectionPatch';
import {
  CONNECTION_FIELDS,
  type ConnectionTextValues,
  connectionTextFields,
} from '../core/fields/connection';
import {
  CREDENTIAL_FIELDS,
  type CredentialField,
  TYPED_CREDENTIALS,
  type TypedCredentialKey,
} from '../core/fields/credentials';
import type { AzureMethod } from '../core/schemas/appConnection';
import type { FormMeta } from '../forms/protocol';
import { button, type Field, h, icon, issuesFor, section, switchField, textField } from './dom';
import type { Button, Checkbox, Textarea, Textfield } from './elements';
import type { FormActions, FormDom } from './formDom';
import {
  type ConnectionValues,
  DEFAULT_ROTATION,
  CREDENTIAL_FIELDS as FORM_CREDENTIALS,
} from './model/connection';
import { formatTimeOfDay, localTimeToUtc } from './model/time';

type TextKey = Exclude<keyof ConnectionValues, 'isAutoRotationEnabled'>;

const ROTATION_UNSUPPORTED =
  'This Infisical server does not support rotation of connections (it is older than the feature): upgrading the server adds it.';

/** The form of an Azure Client Secrets connection, for one method (which never changes). */
export class ConnectionForm implements FormDom<ConnectionValues> {
  readonly element: HTMLElement;
  private readonly text = new Map<TextKey, Textfield | Textarea>();
  private autoRotation?: Checkbox;
  private readonly utcHint = h('span', { id: 'rotate-at-utc', class: 'hint' });
  private readonly rotationStatus = h('div', { id: 'rotation-status', class: 'rotation-status' });
  private rotateNowButton?: Button;
  private last?: ConnectionValues;

  constructor(
    private readonly method: AzureMethod | undefined,
    private readonly offsetMinutes: number,
    actions: FormActions,
    /** False where the connection's server has no rotation (older than the feature). */
    private readonly serverRotation = true,
  ) {
    const { name: nameField, description: descriptionField } = CONNECTION_FIELDS;
    const name = this.add('name', textField({ key: 'name', label: nameField.label, helper: nameField.help }));
    const description = this.add(
      'description',
      textField({
        key: 'description',
        label: descriptionField.label,
        helper: descriptionField.help,
        multiline: true,
        rows: 3,
      }),
    );
    const methodField = textField({
      key: 'method',
      label: 'Method',
      helper: 'Set when the connection was created; it cannot change.',
      readonly: true,
    });
    methodField.control.value = method ?? '(unknown)';
    this.element = h(
      'div',
      { class: 'form-fields' },
      section('Connection', 'section-general', name, description, methodField.group),
      section('Credentials', 'section-credentials', issuesFor('credentials'), ...this.credentials(actions)),
      this.rotation(actions),
    );
  }

  read(): ConnectionValues {
    const values = { ...this.blank(), ...this.last };
    for (const [key, control] of this.text) values[key] = control.value;
    if (this.autoRotation) values.isAutoRotationEnabled = this.autoRotation.checked;
    return values;
  }

  write(values: ConnectionValues): void {
    this.last = { ...values };
    for (const [key, control] of this.text) control.value = values[key];
    if (this.autoRotation) this.autoRotation.checked = values.isAutoRotationEnabled;
    this.showHints(values);
  }

  showMeta(meta: FormMeta): void {
    if (this.rotateNowButton) this.rotateNowButton.hidden = !meta.canRotateNow;
    const r = meta.rotation;
    if (!r) {
      this.rotationStatus.replaceChildren();
      return;
    }
    const failed = r.status === 'failed';
    const rows: [string, Node | string][] = [
      [
        'Status',
        h(
          'span',
          { class: failed ? 'status failed' : 'status', id: 'rotation-status-value' },
          icon(failed ? 'error' : r.status === 'success' ? 'pass' : 'circle-large-outline'),
          failed ? 'Failed' : r.status === 'success' ? 'Succeeded' : 'Not run yet',
        ),
      ],
      ['Next rotation', localDate(r.nextRotationAt) ?? 'Not scheduled'],
    ];
    if (r.lastRotationMessage) rows.push(['Last rotation message', r.lastRotationMessage]);
    this.rotationStatus.replaceChildren(
      h('dl', {}, ...rows.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)])),
    );
  }

  showHints(values: ConnectionValues): void {
    const utc = localTimeToUtc(values.rotateAt, this.offsetMinutes);
    this.utcHint.textContent = utc ? `= ${formatTimeOfDay(utc)} UTC (stored in UTC)` : 'Stored in UTC.';
  }

  private add(key: TextKey, field: Field<Textfield | Textarea>): HTMLElement {
    this.text.set(key, field.control);
    return field.group;
  }

  private credentials(actions: FormActions): HTMLElement[] {
    const method = this.method;
    if (!method) return [h('p', {}, 'This connection’s method is not one the form can edit.')];
    if (method === 'oauth') {
      const tenant = textField({
        key: 'credentials.tenantId',
        label: 'Tenant ID',
        helper: 'The Directory (tenant) ID the connection was authorized for.',
        readonly: true,
      });
      this.text.set('tenantId', tenant.control);
      return [
        tenant.group,
        h('p', { id: 'oauth-reason', class: 'note' }, icon('info'), OAUTH_REAUTHORIZE),
        button(
          { id: 'reauthorize', label: 'Re-authorize in Infisical web app', icon: 'link-external' },
          actions.reauthorize,
        ),
      ];
    }
    return FORM_CREDENTIALS[method].map((key) => this.add(key, credentialField(key)));
  }

  private rotation(actions: FormActions): HTMLElement {
    if (!this.serverRotation) {
      return section(
        'Automatic rotation',
        'section-rotation',
        h('p', { id: 'rotation-unsupported', class: 'note' }, icon('info'), ROTATION_UNSUPPORTED),
      );
    }
    if (this.method !== 'client-secret') {
      return section(
        'Automatic rotation',
        'section-rotation',
        h('p', { class: 'note' }, 'Automatic rotation works only for client-secret connections.'),
      );
    }
    const { label, help } = CONNECTION_FIELDS.isAutoRotationEnabled;
    const toggle = switchField({ key: 'isAutoRotationEnabled', label, helper: help });
    this.autoRotation = toggle.control;
    // Turning rotation on with no schedule yet starts from the web app's defaults.
    toggle.control.addEventListener('change', () => {
      const interval = this.text.get('rotationInterval');
      const at = this.text.get('rotateAt');
      if (!toggle.control.checked || !interval || !at) return;
      if (interval.value === '') interval.value = DEFAULT_ROTATION.rotationInterval;
      if (at.value === '') at.value = DEFAULT_ROTATION.rotateAt;
    });
    const interval = this.add(
      'rotationInterval',
      textField({
        key: 'rotation.rotationInterval',
        label: 'Rotation interval (days)',
        helper: 'How often to rotate: 1–365 days.',
        type: 'number',
        placeholder: DEFAULT_ROTATION.rotationInterval,
      }),
    );
    const at = textField({ key: 'rotation.rotateAtUtc', label: 'Rotate at (local time)', type: 'time' });
    at.helper.append(this.utcHint);
    this.rotateNowButton = button(
      {
        id: 'rotate-now',
        label: 'Rotate Now…',
        icon: 'sync',
        secondary: true,
        aria: 'Rotate the client secret now',
      },
      actions.rotateNow,
    );
    this.rotateNowButton.hidden = true;
    return section(
      'Automatic rotation',
      'section-rotation',
      toggle.group,
      interval,
      this.add('rotateAt', at),
      issuesFor('rotation'),
      this.rotationStatus,
      h('div', { class: 'actions-inline' }, this.rotateNowButton),
    );
  }

  private blank(): ConnectionValues {
    return {
      ...(Object.fromEntries(
        connectionTextFields.map(([, f]) => [f.form.value, '']),
      ) as ConnectionTextValues),
      ...(Object.fromEntries(TYPED_CREDENTIALS.map((k) => [k, ''])) as Record<TypedCredentialKey, string>),
      isAutoRotationEnabled: false,
      rotationInterval: '',
      rotateAt: '',
    };
  }
}

function credentialField(key: TypedCredentialKey): Field<Textfield | Textarea> {
  const f: CredentialField = CREDENTIAL_FIELDS[key];
  const o = { key: `credentials.${key}`, label: f.label, helper: f.help, placeholder: f.placeholder };
  if (f.control === 'pem') return textField({ ...o, multiline: true, monospace: true });
  return textField(f.control === 'password' ? { ...o, type: 'password' } : o);
}

/** An ISO time from the server as local date and time; undefined when absent or unreadable. */
function localDate(iso: string | null | undefined): string | undefined {
  if (!iso) return undefined;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date.toLocaleString();
}
