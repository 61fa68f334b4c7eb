import * as vscode from 'vscode';
import type { OrgInfo, Profile } from '../auth/profiles';
import { discoverOrganization, ProfileSession, toStoredSession, universalAuthLogin } from '../auth/session';
import { requestTimeoutMs } from '../auth/sessions';
import type { Ext } from '../context';
import { createInfisicalApi } from '../core/api';
import { InfisicalError } from '../core/api/errors';
import { GUID_PATTERN } from '../core/schemas/common';
import * as z from '../core/schemas/zod';
import { checkSiteUrl } from '../core/site';
import { withProgress } from '../ui/progress';
import { nameStepTitle, type Path, type Prompter, promptSignIn, windowPrompter } from './signInSteps';

/** What the sign-in command accepts as an argument, to skip the prompts (automation, tests, demo). */
export const signInArgsSchema = z.strictObject({
  name: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(64))),
  siteUrl: z.string(),
  auth: z.enum(['universal-auth', 'access-token']),
  clientId: z.optional(
    z.string().check(z.trim(), z.regex(GUID_PATTERN, { error: 'clientId must be a GUID' })),
  ),
  clientSecret: z.optional(z.string().check(z.trim(), z.minLength(1))),
  accessToken: z.optional(z.string().check(z.trim(), z.minLength(1))),
  /** Organization to pick when a user token belongs to several. */
  orgId: z.optional(z.string()),
});
export type SignInArgs = z.infer<typeof signInArgsSchema>;

const PROFILE_NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,63}$/u;

function allowInsecureHttp(): boolean {
  return vscode.workspace.getConfiguration('infisical').get<boolean>('allowInsecureHttp', false);
}

/**
 * The sign-in flow: prompts for what `args` does not give, tests the credentials, then saves.
 * `prompter` answers the prompts (a test's scripted person; VS Code's quick input otherwise).
 */
export async function signIn(
  ext: Ext,
  args?: unknown,
  prompter: Prompter = windowPrompter,
): Promise<Profile | undefined> {
  const given = args === undefined ? undefined : signInArgsSchema.parse(args);
  const prompted = given ? undefined : await prompt(ext, prompter);
  const input = given ?? prompted?.input;
  if (!input) return undefined;
  const site = checkSiteUrl(input.siteUrl, { allowInsecureHttp: allowInsecureHttp() });
  if (!site.ok) throw new InfisicalError({ kind: 'http', message: site.reason });
  const credential = input.auth === 'universal-auth' ? input.clientSecret : input.accessToken;
  if (!credential) throw new InfisicalError({ kind: 'http', message: 'No credential was given.' });
  ext.log.addSecret(credential);

  const draft: Profile = { name: input.name ?? '', siteUrl: site.url, auth: input.auth };
  if (input.auth === 'universal-auth') draft.clientId = input.clientId;

  // Cancellable: a server that does not answer must not hold the sign-in until it times out.
  const tested = await withProgress(`Signing in to ${new URL(site.url).host}…`, (signal) =>
    testCredentials(ext, draft, credential, { orgId: input.orgId, prompter }, signal),
  );
  if (!tested) return undefined;

  // The same account signed in before (in another browser, or before its secret was lost):
  // refresh that profile, name kept, rather than add "<name> 2".
  const same = ext.profiles.sameAccount(draft, tested.org.id);
  if (same && draft.name && draft.name !== same.name)
    ext.log.info(
      `sign-in: same account as profile "${same.name}": refreshing it, not adding "${draft.name}"`,
    );
  let name = same?.name ?? draft.name;
  if (!name) {
    const suggested = uniqueName(ext, tested.org.name);
    const typed = !prompted
      ? suggested
      : await prompter.input({
          title: nameStepTitle(prompted.path),
          prompt: `Signed in to "${tested.org.name}". Name this profile.`,
          value: suggested,
          ignoreFocusOut: true,
          validateInput: (v) =>
            PROFILE_NAME.test(v.trim())
              ? undefined
              : 'Use 1–64 letters, digits, spaces, dots, dashes or underscores.',
        });
    if (!typed) return undefined;
    name = typed.trim();
  }
  const profile: Profile = { ...draft, name };
  await ext.profiles.save(profile, credential, tested.org);
  if (tested.session) await ext.profiles.storeSession(name, tested.session);
  ext.log.info(
    `${same ? 'signed in again' : 'signed in'}: profile "${name}" → ${profile.siteUrl} (${tested.org.name})`,
  );
  return profile;
}

/** Logs in (or calls with the pasted token) and finds the organization; throws the exact reason. */
async function testCredentials(
  ext: Ext,
  draft: Profile,
  credential: string,
  { orgId, prompter }: { orgId: string | undefined; prompter: Prompter },
  signal: AbortSignal,
) {
  const userAgent = `infisical-access-vscode/${ext.context.extension.packageJSON.version}`;
  let token = credential;
  let session: ReturnType<typeof toStoredSession> | undefined;
  const timeoutMs = requestTimeoutMs();
  const probe = new ProfileSession(draft, ext.profiles, ext.log, { userAgent, timeoutMs });
  if (draft.auth === 'universal-auth') {
    const res = await universalAuthLogin(probe.api, draft, credential, signal);
    ext.log.addSecret(res.accessToken);
    token = res.accessToken;
    session = toStoredSession(res, Date.now());
  }
  const api = createInfisicalApi({ baseUrl: draft.siteUrl, userAgent, timeoutMs, getToken: () => token });
  const org = await discoverOrganization(
    api,
    async (orgs) => {
      if (orgId) return orgs.find((o) => o.id === orgId);
      const pick = await prompter.pick(
        orgs.map((o) => ({ label: o.name, description: o.slug, org: o })),
        { title: 'Which organization?', ignoreFocusOut: true },
      );
      return pick?.org;
    },
    signal,
  );
  if (!org) return undefined;
  return { org: org satisfies OrgInfo, session };
}

function uniqueName(ext: Ext, base: string): string {
  const clean =
    base
      .replace(/[^\p{L}\p{N} ._-]/gu, '')
      .trim()
      .slice(0, 60) || 'Infisical';
  const taken = new Set(ext.profiles.all().map((p) => p.name));
  if (!taken.has(clean)) return clean;
  for (let i = 2; ; i++) if (!taken.has(`${clean} ${i}`)) return `${clean} ${i}`;
}

function prompt(ext: Ext, prompter: Prompter): Promise<{ input: SignInArgs; path: Path } | undefined> {
  const allowHttp = allowInsecureHttp();
  return promptSignIn({
    prompter,
    allowInsecureHttp: allowHttp,
    demo: demoArgs(),
    knownClientId: (siteUrl, clientId) => {
      const site = checkSiteUrl(siteUrl, { allowInsecureHttp: allowHttp });
      return (
        site.ok && !!ext.profiles.sameAccount({ siteUrl: site.url, auth: 'universal-auth', clientId }, '')
      );
    },
  });
}

/** `npm start`'s demo credentials (INFISICAL_DEMO_PROFILE), when they are given and valid. */
function demoArgs(): SignInArgs | undefined {
  const raw = process.env.INFISICAL_DEMO_PROFILE;
  if (!raw) return undefined;
  try {
    const parsed = signInArgsSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
