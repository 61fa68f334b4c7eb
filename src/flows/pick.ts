import * as vscode from 'vscode';
import type { Ext } from '../context';
import { ConnectionNode } from '../tree/connectionNodes';
import { AuthMethodNode, IdentityNode } from '../tree/identities';
import type { Trees } from '../tree/index';
import { describeError, UserError } from '../ui/errors';
import { type ConnectionWant, type IdentityWant, noConnection, noIdentity, type PickItem } from './pickRows';

export type { ConnectionWant, IdentityWant, PickItem };
export { noConnection };

/**
 * The node a command acts on: the one it was invoked on in a view, or, from the palette, one
 * the user picks among those the command can act on. A picker never offers what the command
 * would refuse; when nothing fits, its one row says what to do instead and does it.
 */

const SEARCH_DEBOUNCE_MS = 250;
/** One server page per search: enough to find a name, not the whole organization. */
const SEARCH_LIMIT = 100;

// ── Connections ──

const CONNECTION_FITS: Record<ConnectionWant, (n: ConnectionNode) => boolean> = {
  any: () => true,
  editable: (n) => n.can.editable,
  rotatable: (n) => n.can.rotatable,
  oauth: (n) => n.can.oauth,
};

/** Loosely what the quick pick's own filter keeps: the typed letters in order, in label or description. */
function roughlyMatches(item: vscode.QuickPickItem, text: string): boolean {
  const needle = text.toLowerCase().replace(/\s+/g, '');
  const within = (hay: string) => {
    let i = 0;
    for (const ch of hay.toLowerCase()) if (ch === needle[i]) i += 1;
    return i === needle.length;
  };
  return within(item.label) || within(item.description ?? '');
}

export function connectionItem(n: ConnectionNode): PickItem<ConnectionNode> {
  return { label: n.connection.name, description: String(n.description ?? ''), node: n };
}

/**
 * Every connection that fits, the organization's and every project's: the projects load while
 * the picker is open (2 + P requests the first time, P projects; none once the tree holds them).
 */
export async function pickConnection(
  trees: Trees,
  node: unknown,
  want: ConnectionWant = 'any',
  title = 'Choose an app connection',
): Promise<ConnectionNode | undefined> {
  if (node instanceof ConnectionNode) return node;
  const fits = CONNECTION_FITS[want];
  const items = () => trees.connections.loaded().filter(fits).map(connectionItem);
  return runPicker<ConnectionNode>({
    title,
    placeholder: 'Type to filter the organization’s and every project’s connections',
    items,
    fill: (update, signal) => trees.connections.loadAll(update, signal),
    empty: (text) =>
      noConnection(
        want,
        text,
        trees.connections.loaded().map((n) => n.connection),
      ),
  });
}

// ── Identities ──

const IDENTITY_FITS: Record<IdentityWant, (n: IdentityNode) => boolean> = {
  any: () => true,
  withAzureAuth: (n) => n.hasAzureAuth,
  withoutAzureAuth: (n) => !n.hasAzureAuth,
};

export function identityItem(n: IdentityNode): PickItem<IdentityNode> {
  return { label: n.membership.identity.name, description: String(n.description ?? ''), node: n };
}

/**
 * The rows an identity picker shows for what the user typed: with nothing typed, the loaded page
 * of the Machine Identities view (no request); otherwise one server-side search (the Filter
 * command's), keeping only the identities the command can act on.
 */
export async function identityItems(
  ext: Ext,
  trees: Trees,
  want: IdentityWant,
  text: string,
  signal?: AbortSignal,
): Promise<PickItem<IdentityNode>[]> {
  const fits = IDENTITY_FITS[want];
  const search = text.trim();
  let nodes: IdentityNode[];
  if (!search) {
    nodes = (await trees.identities.getChildren()).filter(
      (n): n is IdentityNode => n instanceof IdentityNode,
    );
  } else {
    const profile = ext.profiles.active();
    const org = profile && ext.profiles.org(profile.name);
    if (!profile || !org) throw new UserError('Sign in to search machine identities.');
    const session = await ext.session(profile);
    const page = await session.api.identities.listPage(org.id, { search, limit: SEARCH_LIMIT, signal });
    nodes = page.identityMemberships.map((m) => new IdentityNode(m, profile.name));
  }
  const fitting = nodes.filter(fits).map(identityItem);
  return fitting.length ? fitting : [noIdentity(want, search)];
}

export async function pickIdentity(
  ext: Ext,
  trees: Trees,
  node: unknown,
  want: IdentityWant = 'any',
  title = 'Choose a machine identity',
): Promise<IdentityNode | undefined> {
  const given = node instanceof AuthMethodNode ? node.identity : node;
  if (given instanceof IdentityNode) {
    if (want === 'withAzureAuth' && !given.hasAzureAuth)
      throw new UserError(`"${given.membership.identity.name}" has no Azure Auth: attach it first.`);
    if (want === 'withoutAzureAuth' && given.hasAzureAuth)
      throw new UserError(`"${given.membership.identity.name}" already has Azure Auth: edit it instead.`);
    return given;
  }
  if (!ext.profiles.active())
    throw new UserError('No machine identity is loaded: sign in, or refresh the Machine Identities view.');
  let initial: PickItem<IdentityNode>[] = [];
  return runPicker<IdentityNode>({
    title,
    placeholder: 'Type a name to search the server',
    items: () => initial,
    fill: async (update, signal) => {
      initial = await identityItems(ext, trees, want, '', signal);
      update();
    },
    search: (text, signal) => (text.trim() ? identityItems(ext, trees, want, text, signal) : initial),
  });
}

// ── The quick pick ──

interface PickerSpec<T> {
  title: string;
  placeholder: string;
  /** The rows held locally (without a search). */
  items: () => PickItem<T>[];
  /** Loads more rows while the picker is open; calls `update` after each answer. */
  fill: (update: () => void, signal: AbortSignal) => Promise<void>;
  /** Asks the server for what was typed (debounced; the previous search is aborted). */
  search?: (text: string, signal: AbortSignal) => Promise<PickItem<T>[]> | PickItem<T>[];
  /** The row shown when nothing fits what was typed (local rows only). */
  empty?: (text: string) => PickItem<T>;
}

function runPicker<T>(spec: PickerSpec<T>): Promise<T | undefined> {
  const qp = vscode.window.createQuickPick<PickItem<T>>();
  qp.title = spec.title;
  qp.placeholder = spec.placeholder;
  qp.matchOnDescription = true;
  const controller = new AbortController();
  let searching: AbortController | undefined;
  let timer: NodeJS.Timeout | undefined;
  let filling = true;
  let searched: PickItem<T>[] | undefined;
  let fillError: PickItem<T> | undefined;

  const local = () => {
    const items = spec.items();
    if (fillError) return [...items, fillError];
    if (!spec.empty || filling) return items;
    const none = items.length === 0 || (qp.value && !items.some((i) => roughlyMatches(i, qp.value)));
    return none ? [...items, spec.empty(qp.value.trim())] : items;
  };
  const render = () => {
    qp.items = searched ?? local();
    qp.busy = filling || searching !== undefined;
  };
  const failed = (what: string, error: unknown): PickItem<T> => ({
    label: `$(error) ${what}: ${describeError(error)}`,
    alwaysShow: true,
  });

  qp.onDidChangeValue((text) => {
    if (!spec.search) return render();
    clearTimeout(timer);
    searching?.abort();
    searching = undefined;
    if (!text.trim()) {
      searched = undefined;
      return render();
    }
    timer = setTimeout(async () => {
      const mine = new AbortController();
      searching = mine;
      render();
      const search = spec.search;
      if (!search) return;
      try {
        const rows = await search(text, mine.signal);
        if (searching === mine) searched = rows;
      } catch (error) {
        if (searching === mine) searched = [failed('Could not search', error)];
      } finally {
        if (searching === mine) searching = undefined;
        if (!controller.signal.aborted) render();
      }
    }, SEARCH_DEBOUNCE_MS);
  });

  return new Promise<T | undefined>((resolve) => {
    let done = false;
    const finish = (value: T | undefined) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      searching?.abort();
      controller.abort();
      resolve(value);
      qp.dispose();
    };
    qp.onDidAccept(() => {
      const picked = qp.selectedItems[0] ?? qp.activeItems[0];
      if (!picked) return;
      finish(picked.node);
      if (picked.run) void picked.run();
    });
    qp.onDidHide(() => finish(undefined));
    render();
    qp.show();
    spec
      .fill(() => {
        if (!controller.signal.aborted) render();
      }, controller.signal)
      .catch((error: unknown) => {
        fillError = failed('Could not load', error);
      })
      .finally(() => {
        filling = false;
        if (!controller.signal.aborted) render();
      });
  });
}
