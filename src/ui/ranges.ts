import * as vscode from 'vscode';

/** The range of a document that a text offset and length cover (a parse tree node, a problem, an edit). */
export function rangeAt(doc: vscode.TextDocument, at: { offset: number; length: number }): vscode.Range {
  return new vscode.Range(doc.positionAt(at.offset), doc.positionAt(at.offset + at.length));
}
