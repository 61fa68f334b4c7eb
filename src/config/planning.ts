import * as vscode from 'vscode';
import type { Profile } from '../auth/profiles';
import type { ProfileSession } from '../auth/session';
import { InfisicalError } from '../core/api/errors';
import {
  type ConfigFile,
  hasChanges,
  type Plan,
  planConfig,
  summaryLine,
  targetMismatch,
} from '../core/config';
import { describeError, isCancellation, UserError } from '../ui/errors';
import { withProgress } from '../ui/progress';
import { takeJournal } from './apply';
import type { FilesContext } from './context';
import { CONFIG_SUFFIX } from './lazy';
import { configDocument, showPlan } from './planView';

/**
 * Plan: a file (or every file of the workspace) checked offline, its profile matched to its site
 * and organization, then read against the server; the plan kept with the text it was made from.
 */

export interface PlanRequest {
  replaceCredentials?: string[] | 'all';
  /** Open the plan view (default true). */
  show?: boolean;
}

/** One file of "Plan All Workspace Files": its plan, or why it could not be planned. */
export interface PlanAllResult {
  uri: vscode.Uri;
  file: string;
  plan?: Plan;
  summary?: string;
  error?: string;
}

interface PlanTarget {
  config: ConfigFile;
  profile: Profile;
  session: ProfileSession;
  file: string;
}

export class Planner {
  constructor(private readonly files: FilesContext) {}

  async plan(given?: vscode.Uri, request: PlanRequest = {}): Promise<Plan | undefined> {
    const doc = await configDocument(given);
    const target = await this.planTarget(doc);
    const plan = await withProgress(
      `Planning ${target.file} against ${target.profile.name}`,
      (signal, report) =>
        this.planned(doc, target, request, signal, (done, total) =>
          report(`${done} of ${total} resources read`),
        ),
    );
    if (request.show !== false) await showPlan(doc.uri);
    return plan;
  }

  /**
   * Plans every workspace file of the workspace under one progress, one file after the other; a
   * file that cannot be planned (problems, another organization, a server error) is reported
   * with its reason and the others go on. Shows the outcome per file in a picker (Enter opens
   * that file's plan) unless `show` is false.
   */
  async planAll(request: { show?: boolean } = {}): Promise<PlanAllResult[]> {
    const uris = (await vscode.workspace.findFiles(`**/*${CONFIG_SUFFIX}`, '**/node_modules/**')).sort(
      (a, b) => vscode.workspace.asRelativePath(a).localeCompare(vscode.workspace.asRelativePath(b)),
    );
    if (!uris.length) {
      const exportOne = 'Export to Workspace File…';
      void vscode.window
        .showInformationMessage(
          `No workspace file (*${CONFIG_SUFFIX}) in this workspace yet: "${exportOne}" writes one from the server.`,
          exportOne,
        )
        .then((choice) => {
          if (choice === exportOne) void vscode.commands.executeCommand('infisical.config.export');
        });
      return [];
    }
    const files = (n: number) => `${n} workspace file${n === 1 ? '' : 's'}`;
    const results = await withProgress(`Planning ${files(uris.length)}`, async (signal, report) => {
      const out: PlanAllResult[] = [];
      for (const [i, uri] of uris.entries()) {
        const file = vscode.workspace.asRelativePath(uri);
        report(`${i + 1} of ${uris.length}: ${file}`);
        try {
          const doc = await vscode.workspace.openTextDocument(uri);
          const plan = await this.planned(doc, await this.planTarget(doc), {}, signal);
          out.push({ uri, file, plan, summary: summaryLine(plan) });
        } catch (error) {
          if (isCancellation(error)) throw error;
          out.push({ uri, file, error: describeError(error) });
        }
      }
      return out;
    });
    const changed = results.filter((r) => r.plan && hasChanges(r.plan)).length;
    const failed = results.filter((r) => r.error).length;
    const summary = `${files(results.length)}: ${changed} with changes, ${failed} not planned`;
    this.files.ext.log.info(`plan of ${summary}`);
    if (request.show !== false) void this.pickPlanned(results, `Plans of ${summary}`);
    return results;
  }

  private async pickPlanned(results: PlanAllResult[], title: string): Promise<void> {
    const items = results.map((r) => ({
      label: `${r.error ? '$(error)' : r.plan && hasChanges(r.plan) ? '$(diff)' : '$(check)'} ${r.file}`,
      detail: r.error ?? r.summary,
      result: r,
    }));
    const picked = await vscode.window.showQuickPick(items, {
      title,
      placeHolder: 'Enter opens the plan of a file (or the file, when it could not be planned)',
      matchOnDetail: true,
    });
    if (!picked) return;
    if (picked.result.plan) await showPlan(picked.result.uri);
    else await vscode.window.showTextDocument(picked.result.uri);
  }

  /** What a plan of the document needs, checked before any request: the file valid, the profile its own. */
  private async planTarget(doc: vscode.TextDocument): Promise<PlanTarget> {
    const checked = this.files.diagnostics.validate(doc);
    if (!checked.config) {
      const n = checked.problems.length;
      throw new UserError(
        `${vscode.workspace.asRelativePath(doc.uri)} has ${n} problem${n === 1 ? '' : 's'} (see Problems): fix ${n === 1 ? 'it' : 'them'} first. Nothing was sent.`,
      );
    }
    const config = checked.config;
    const profile = this.profileFor(config);
    const session = await this.files.ext.session(profile);
    return { config, profile, session, file: vscode.workspace.asRelativePath(doc.uri) };
  }

  /** Plans the document as it is now and keeps the plan with its version and text. */
  private async planned(
    doc: vscode.TextDocument,
    target: PlanTarget,
    request: PlanRequest,
    signal: AbortSignal,
    onProgress?: (done: number, total: number) => void,
  ): Promise<Plan> {
    const { config, profile, session, file } = target;
    const version = doc.version;
    const text = doc.getText();
    const plan = await planConfig(config, {
      api: session.api,
      file,
      orgId: config.organization.id,
      replaceCredentials: request.replaceCredentials,
      signal,
      onProgress,
    });
    const interrupted = takeJournal(this.files.ext, doc.uri);
    this.files.plans.planned(doc, { plan, version, text, profile: profile.name, interrupted });
    this.files.ext.log.info(`plan of ${file}: ${summaryLine(plan)}`);
    return plan;
  }

  /** The active profile, checked against the file's site and organization before any request. */
  private profileFor(config: ConfigFile): Profile {
    const profile = this.files.ext.profiles.active();
    if (!profile)
      throw new InfisicalError({
        kind: 'not-signed-in',
        message: 'Sign in to Infisical first: the plan reads the server. Nothing was sent.',
      });
    const org = this.files.ext.profiles.org(profile.name);
    const mismatch = targetMismatch(config, {
      site: profile.siteUrl,
      orgId: profile.orgId ?? org?.id,
      orgName: org?.name,
    });
    if (mismatch) throw new UserError(`Profile "${profile.name}": ${mismatch}`);
    return profile;
  }
}
