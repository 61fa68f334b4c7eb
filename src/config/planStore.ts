import * as vscode from 'vscode';
import type { ApplyReport, Plan } from '../core/config';

/**
 * The one truth about each workspace file's plan. Every surface reads a file's state from here
 * and draws itself again on the one change event (the file's CodeLens, the plan view and its
 * CodeLens, Problems, the code actions; apply checks the same state), so they cannot disagree.
 *
 * States, and what moves a file between them:
 * - none: not planned in this window.                                    plan → planned
 * - planned: made from the document's text as it is now.                 any edit → stale; apply → applied
 * - stale: the text changed since the plan (typing, undo, a quick fix, "Keep the server's …").
 * - applied: the plan was sent and is used up; the report says what became of each resource.
 *                                                                        any edit → stale (the report kept)
 * A plan, from any state, makes the file planned again. A document closed and opened again
 * counts its versions anew: it stays planned only if its text is the text that was planned.
 *
 * What each state shows:
 * - planned: Apply (when there is something to apply) above the file and in the plan view;
 *   each resource's verdict with Show Diff; the plan's problems (warnings) and notes in
 *   Problems; a hint on each field the server has otherwise, with "Keep the server's …".
 * - stale: Apply nowhere (apply refuses); the file's top says "changed since the last plan",
 *   the plan view says so first and offers Plan Again only. The plan's warnings and notes
 *   leave Problems at the edit (they were about text that changed). The drift hints stay on
 *   the fields whose own text is still as planned, with their quick fix, so that several fields
 *   can be adopted one after the other: what the server had there is still what was read.
 * - applied: no Apply and no Show Diff (the server side was replaced); the file's top says
 *   how the apply went, each resource what the apply did to it (a resource not sent keeps its
 *   verdict: in sync, or cannot plan); the plan view begins with the outcome; neither plan
 *   diagnostics nor drift hints (the server has the file's values now, or the report says why not).
 */

export type PlanState = 'planned' | 'stale' | 'applied';

/** A file's plan, kept with what it was made from. */
export interface StoredPlan {
  uri: vscode.Uri;
  plan: Plan;
  state: PlanState;
  /** The document version the plan was made from: apply refuses any other. */
  version: number;
  /** The document's text then (where each planned field was: see keepServer.ts). */
  text: string;
  profile: string;
  /** What the apply of this plan did (applied, and stale after an apply). */
  applied?: ApplyReport;
  /** Resources an earlier apply was sending when the window went away. */
  interrupted?: string[];
}

export type NewPlan = Pick<StoredPlan, 'plan' | 'version' | 'text' | 'profile' | 'interrupted'>;

export class PlanStore implements vscode.Disposable {
  private readonly plans = new Map<string, StoredPlan>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  /** A file's state changed: every surface of that file draws itself again. */
  readonly onDidChange = this.changed.event;

  /** The file's plan, by its URI or the URI's string (a plan view's query). */
  get(file: vscode.Uri | string): StoredPlan | undefined {
    return this.plans.get(typeof file === 'string' ? file : file.toString());
  }

  /** A plan of the document, made from its text at `made.version` (edits during the plan leave it stale). */
  planned(doc: vscode.TextDocument, made: NewPlan): StoredPlan {
    const state = made.version === doc.version ? 'planned' : 'stale';
    return this.put({ uri: doc.uri, ...made, state });
  }

  /** The document's text changed. */
  edited(doc: vscode.TextDocument): void {
    const stored = this.get(doc.uri);
    if (!stored || stored.state === 'stale' || stored.version === doc.version) return;
    this.put({ ...stored, state: 'stale' });
  }

  /** The document was opened (again): a new TextDocument, its version counted from 1. */
  opened(doc: vscode.TextDocument): void {
    const stored = this.get(doc.uri);
    if (!stored || stored.state === 'stale' || stored.version === doc.version) return;
    if (doc.getText() === stored.text)
      this.plans.set(doc.uri.toString(), { ...stored, version: doc.version });
    else this.put({ ...stored, state: 'stale' });
  }

  applied(file: vscode.Uri, report: ApplyReport): void {
    const stored = this.get(file);
    if (stored) this.put({ ...stored, state: 'applied', applied: report });
  }

  dispose(): void {
    this.changed.dispose();
  }

  private put(stored: StoredPlan): StoredPlan {
    this.plans.set(stored.uri.toString(), stored);
    this.changed.fire(stored.uri);
    return stored;
  }
}

/** The plan, when it was made from the document as it is now and not applied yet. */
export function freshPlan(stored: StoredPlan | undefined, doc: vscode.TextDocument): StoredPlan | undefined {
  return stored?.state === 'planned' && stored.version === doc.version ? stored : undefined;
}

/** The plan whose drift (fields the server has otherwise) is still worth marking and adopting. */
export function driftPlan(stored: StoredPlan | undefined): StoredPlan | undefined {
  return stored && stored.state !== 'applied' && !stored.applied ? stored : undefined;
}
