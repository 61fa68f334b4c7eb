import type * as vscode from 'vscode';
import type { ApplyReport, Plan } from '../core/config';

/** A file's plan, kept with what it was made from. */
export interface StoredPlan {
  uri: vscode.Uri;
  plan: Plan;
  /** The document version the plan was made from: apply refuses any other. */
  version: number;
  /** The document's text then (where each planned field was: see keepServer.ts). */
  text: string;
  profile: string;
  applied?: ApplyReport;
  /** Resources an earlier apply was sending when the window went away. */
  interrupted?: string[];
}

/** The plans of workspace files, by file URI. */
export class PlanStore {
  private readonly plans = new Map<string, StoredPlan>();

  /** The file's plan, by its URI or the URI's string (a plan view's query). */
  get(file: vscode.Uri | string): StoredPlan | undefined {
    return this.plans.get(typeof file === 'string' ? file : file.toString());
  }

  has(file: vscode.Uri): boolean {
    return this.plans.has(file.toString());
  }

  set(stored: StoredPlan): void {
    this.plans.set(stored.uri.toString(), stored);
  }
}
