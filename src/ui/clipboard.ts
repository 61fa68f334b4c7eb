import * as vscode from 'vscode';

/** Copies text and says so in the status bar for a moment. */
export async function copyToClipboard(text: string, what: string): Promise<void> {
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(`Copied the ${what}`, 3000);
}
