import './jitless';
import './elements';
import './form.css';
import type { ResourceType } from '../core/resourceTypes';
import { formStateSchema, type ToWebview, toWebview } from '../forms/protocol';
import { AzureAuthForm } from './azureAuthForm';
import { ConnectionForm } from './connectionForm';
import { FormController, type RunningForm } from './controller';
import { h } from './dom';
import { keepSelectAllInPage } from './keys';
import { azureAuthModel } from './model/azureAuth';
import { connectionModel, methodOf } from './model/connection';
import { localOffsetMinutes } from './model/time';
import { hostChannel } from './vscodeApi';

/**
 * The form webview: says `ready`, builds the form from the host's `init`, then passes replies
 * on. Every message is parsed with the protocol; anything else is ignored.
 */

const channel = hostChannel();
const app = document.getElementById('app') ?? document.body;
let form: RunningForm | undefined;

function start(init: Extract<ToWebview, { type: 'init' }>): RunningForm {
  // What this page kept before it was hidden or the window reloaded: an edit of this very
  // resource, if it had one.
  const state = formStateSchema.safeParse(channel.getState()).data;
  const same = state?.target.id === init.target.id && state.target.resource === init.target.resource;
  const saved = same && state.dirty ? state.values : undefined;
  return FORMS[init.meta.resource](init, saved);
}

type Init = Extract<ToWebview, { type: 'init' }>;

/** The page's form of each resource kind (a kind without one does not compile). */
const FORMS: Record<ResourceType, (init: Init, saved: Record<string, unknown> | undefined) => RunningForm> = {
  'azure-auth': (init, saved) =>
    new FormController(app, channel, azureAuthModel, () => new AzureAuthForm(), init, saved),
  connection: (init, saved) => {
    const offset = localOffsetMinutes();
    const method = methodOf(init.meta);
    return new FormController(
      app,
      channel,
      connectionModel(offset),
      (actions) => new ConnectionForm(method, offset, actions, init.meta.serverRotation !== false),
      init,
      saved,
    );
  },
};

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const parsed = toWebview.safeParse(event.data);
  if (!parsed.success) {
    console.warn('Infisical form: ignored a message that is not part of the protocol');
    return;
  }
  const message = parsed.data;
  try {
    if (message.type === 'reply') form?.reply(message.id, message.result);
    else if (form) form.reinit(message.server, message.meta);
    else form = start(message);
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    app.removeAttribute('aria-busy');
    app.replaceChildren(
      h('p', { class: 'banner error', role: 'alert' }, `This form could not be shown: ${text}`),
    );
  }
});

keepSelectAllInPage(document);
channel.post({ type: 'ready' });
