import * as vscode from 'vscode';
import { SITES, type SignInMethod } from '../auth/profiles';
import { GUID_PATTERN } from '../core/schemas/common';
import { checkSiteUrl } from '../core/site';
import type { SignInArgs } from './signIn';

/**
 * How the sign-in asks: VS Code's quick pick and input box, or a test's scripted person (host
 * tests cannot read a quick input's title or value).
 */
export interface Prompter {
  pick<T extends vscode.QuickPickItem>(items: T[], options: vscode.QuickPickOptions): Thenable<T | undefined>;
  input(options: vscode.InputBoxOptions): Thenable<string | undefined>;
}

export const windowPrompter: Prompter = {
  pick: (items, options) => vscode.window.showQuickPick(items, options),
  input: (options) => vscode.window.showInputBox(options),
};

const TITLE = 'Sign in to Infisical';

/**
 * The steps of the path the answers so far lead to. A choice not made yet adds only what every
 * answer to it adds (the Azure extensions' wizards count the same way): the total grows when
 * "Self-hosted…" or Universal Auth is picked, and loses the name step once the client ID names a
 * profile already here (that sign-in keeps its name).
 */
export interface Path {
  selfHosted?: boolean;
  method?: SignInMethod;
  /** False when the credentials belong to a profile already saved: no name is asked. */
  naming?: boolean;
}

export function stepCount(path: Path): number {
  const url = path.selfHosted ? 1 : 0;
  const credentials = path.method === 'universal-auth' ? 2 : 1;
  const name = path.naming === false ? 0 : 1;
  return 2 + url + credentials + name;
}

/** `Sign in to Infisical (3/5): client ID` */
export function stepTitle(step: number, path: Path, what: string): string {
  return `${TITLE} (${step}/${stepCount(path)}): ${what}`;
}

/**
 * The server URL typed last in this window, offered again after a failed attempt. In memory only:
 * a URL is no secret, but it is not written anywhere either.
 */
let typedSiteUrl: string | undefined;

export function rememberSiteUrl(url: string): void {
  typedSiteUrl = url;
}

export type Prompted = SignInArgs & { siteUrl: string };

export interface PromptContext {
  prompter: Prompter;
  allowInsecureHttp: boolean;
  /** `npm start`'s demo credentials: offered as the first row of the first step. */
  demo?: Prompted;
  /** Whether these site and client ID belong to a saved profile (then no name step follows). */
  knownClientId: (siteUrl: string, clientId: string) => boolean;
}

type SitePick = vscode.QuickPickItem & { site: string; demo?: Prompted };

/** The multi-step prompt: site, URL, sign-in method, credential. Every step validates. */
export async function promptSignIn(ctx: PromptContext): Promise<{ input: Prompted; path: Path } | undefined> {
  const { prompter } = ctx;
  const sites: SitePick[] = [
    { label: 'Infisical Cloud (US)', description: SITES.us, site: SITES.us },
    { label: 'Infisical Cloud (EU)', description: SITES.eu, site: SITES.eu },
    {
      label: 'Self-hosted…',
      description: typedSiteUrl ?? 'Enter your server URL',
      site: '',
    },
  ];
  if (ctx.demo)
    sites.unshift({
      label: '$(beaker) Sandbox demo',
      description: ctx.demo.siteUrl,
      detail: 'The demo server `npm start` runs: signs in with its demo identity, nothing to type',
      site: ctx.demo.siteUrl,
      demo: ctx.demo,
    });
  const path: Path = {};
  const sitePick = await prompter.pick(sites, { title: stepTitle(1, path, 'site'), ignoreFocusOut: true });
  if (!sitePick) return undefined;
  if (sitePick.demo) return { input: sitePick.demo, path };
  let siteUrl = sitePick.site;
  let step = 2;
  if (!siteUrl) {
    path.selfHosted = true;
    const typed = await prompter.input({
      title: stepTitle(step++, path, 'server URL'),
      prompt: 'The URL of your Infisical server (https; http only for localhost)',
      placeHolder: 'https://infisical.example.com',
      ...(typedSiteUrl ? { value: typedSiteUrl } : {}),
      ignoreFocusOut: true,
      validateInput: (v) => {
        const r = checkSiteUrl(v, { allowInsecureHttp: ctx.allowInsecureHttp });
        return r.ok ? undefined : r.reason;
      },
    });
    if (!typed) return undefined;
    siteUrl = typed.trim();
    rememberSiteUrl(siteUrl);
  }
  const method = await pickMethod(prompter, stepTitle(step++, path, 'credentials'));
  if (!method) return undefined;
  path.method = method;
  if (method === 'access-token') {
    const accessToken = await prompter.input({
      title: stepTitle(step, path, 'access token'),
      prompt: 'Paste the access token. It is kept in VS Code SecretStorage only.',
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : 'The access token must not be empty.'),
    });
    if (!accessToken) return undefined;
    return { input: { siteUrl, auth: 'access-token', accessToken: accessToken.trim() }, path };
  }
  const clientId = (
    await prompter.input({
      title: stepTitle(step++, path, 'client ID'),
      prompt: 'The machine identity’s Universal Auth client ID',
      placeHolder: '00000000-0000-0000-0000-000000000000',
      ignoreFocusOut: true,
      validateInput: (v) =>
        GUID_PATTERN.test(v.trim())
          ? undefined
          : 'The client ID is a GUID like 00000000-0000-0000-0000-000000000000.',
    })
  )?.trim();
  if (!clientId) return undefined;
  path.naming = !ctx.knownClientId(siteUrl, clientId);
  const clientSecret = await prompter.input({
    title: stepTitle(step, path, 'client secret'),
    prompt: 'The client secret. It is kept in VS Code SecretStorage only.',
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : 'The client secret must not be empty.'),
  });
  if (!clientSecret) return undefined;
  return { input: { siteUrl, auth: 'universal-auth', clientId, clientSecret: clientSecret.trim() }, path };
}

async function pickMethod(prompter: Prompter, title: string): Promise<SignInMethod | undefined> {
  const methods: (vscode.QuickPickItem & { method: SignInMethod })[] = [
    {
      label: 'Machine identity (Universal Auth)',
      description: 'client ID + client secret; tokens renewed automatically',
      method: 'universal-auth',
    },
    {
      label: 'Access token',
      description: 'paste a token; sign in again when it expires',
      method: 'access-token',
    },
  ];
  return (await prompter.pick(methods, { title, ignoreFocusOut: true }))?.method;
}

/** The last step, where the sign-in adds a profile: its name, numbered as the end of its path. */
export function nameStepTitle(path: Path): string {
  const named: Path = { ...path, naming: true };
  return stepTitle(stepCount(named), named, 'profile name');
}
