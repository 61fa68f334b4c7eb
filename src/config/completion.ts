import * as vscode from 'vscode';
import type { Ext } from '../context';
import {
  type Candidate,
  type Candidates,
  type CompletionTarget,
  completionTarget,
  serverCandidates,
  targetMismatch,
} from '../core/config';
import { describeError, isCancellation } from '../ui/errors';
import { rangeAt } from '../ui/ranges';

/**
 * Completion of server values in workspace files: `"name"` and `"id"` of identities and
 * connections, and a connection's `"project"`, from the organization the file names (and only
 * when the active profile belongs to it). Reads are small (one search page, one list) and
 * kept for half a minute, so typing does not turn into a request per key.
 */

const FRESH_MS = 30_000;
/** Typing a name searches the server once the keys pause this long. */
const SEARCH_PAUSE_MS = 150;

export class ServerValueCompletion implements vscode.CompletionItemProvider {
  private readonly cache = new Map<string, { at: number; value: Promise<Candidates> }>();

  constructor(private readonly ext: Ext) {}

  async provideCompletionItems(
    doc: vscode.TextDocument,
    position: vscode.Position,
    token: vscode.CancellationToken,
  ): Promise<vscode.CompletionList | undefined> {
    const target = completionTarget(doc.getText(), doc.offsetAt(position));
    if (!target) return undefined;
    const profile = this.ext.profiles.active();
    if (!profile) return this.nothing('sign in to complete names from Infisical');
    const org = this.ext.profiles.org(profile.name);
    const orgId = profile.orgId ?? org?.id;
    if (target.site && target.orgId) {
      const mismatch = targetMismatch(
        { site: target.site, organization: { id: target.orgId } },
        { site: profile.siteUrl, orgId, orgName: org?.name },
      );
      if (mismatch) return this.nothing(`profile "${profile.name}": ${mismatch}`);
    }
    if (!orgId)
      return this.nothing(`profile "${profile.name}": its organization is not known; sign in again`);
    const searching = target.section === 'identities' && target.field === 'name';
    if (searching) {
      await new Promise((resolve) => setTimeout(resolve, SEARCH_PAUSE_MS));
      if (token.isCancellationRequested) return undefined;
    }
    const key = [
      profile.name,
      target.section,
      target.field,
      searching ? target.typed : '',
      target.entry.project ?? '',
    ]
      .concat(target.field === 'id' && target.section === 'identities' ? [target.entry.name ?? ''] : [])
      .join('\u0000');
    let candidates: Candidates;
    try {
      candidates = await this.read(key, async () =>
        serverCandidates(target, { api: (await this.ext.session(profile)).api, orgId }),
      );
    } catch (error) {
      if (isCancellation(error)) return undefined;
      this.ext.log.warn(
        `completion of ${target.section}[${target.index}].${target.field}: ${describeError(error)}`,
      );
      return this.nothing(`could not read ${target.section} for completion: ${describeError(error)}`);
    }
    if (token.isCancellationRequested) return undefined;
    if (candidates.note) this.nothing(candidates.note);
    const range = rangeAt(doc, target.replace);
    const items = candidates.items.map((c) => this.item(c, target, range, profile.name));
    return new vscode.CompletionList(items, candidates.incomplete);
  }

  private read(key: string, load: () => Promise<Candidates>): Promise<Candidates> {
    const now = Date.now();
    for (const [k, v] of this.cache) if (now - v.at > FRESH_MS) this.cache.delete(k);
    const hit = this.cache.get(key);
    if (hit) return hit.value;
    const value = load();
    this.cache.set(key, { at: now, value });
    value.catch(() => this.cache.delete(key));
    return value;
  }

  /** Says in the status bar why the server offers nothing here (a completion cannot show an error). */
  private nothing(why: string): undefined {
    vscode.window.setStatusBarMessage(`$(info) Infisical: ${why}`, 8000);
    return undefined;
  }

  private item(
    c: Candidate,
    target: CompletionTarget,
    range: vscode.Range,
    profile: string,
  ): vscode.CompletionItem {
    const kind =
      target.field === 'project'
        ? vscode.CompletionItemKind.Module
        : target.field === 'id'
          ? vscode.CompletionItemKind.Constant
          : vscode.CompletionItemKind.Value;
    const item = new vscode.CompletionItem({ label: c.value, description: c.detail }, kind);
    const escaped = JSON.stringify(c.value);
    item.insertText = target.quoted ? escaped.slice(1, -1) : escaped;
    item.filterText = target.quoted ? escaped.slice(1, -1) : escaped;
    item.range = range;
    const rank = c.matchesEntry ? 0 : c.declared ? 3 : c.preferred ? 1 : 2;
    item.sortText = `${rank}${c.value.toLowerCase()}`;
    item.preselect = c.matchesEntry;
    const lines = [`**${c.name}** · \`${c.id}\``, c.detail];
    if (c.declared) lines.push(`Already declared in this file (another entry of "${target.section}").`);
    lines.push(`From Infisical, profile "${profile}".`);
    item.documentation = new vscode.MarkdownString(lines.join('\n\n'));
    return item;
  }
}
