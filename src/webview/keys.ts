/**
 * VS Code's webview host forwards every keydown of the page to the workbench, which runs the
 * keybinding: Ctrl+A (Cmd+A) comes back a moment later as `execCommand('selectAll')` on the
 * page, after the browser has already selected the field's text itself. The keys typed in
 * between are what that late select-all selects, and the next key replaces them: after Ctrl+A,
 * "3600" became "600". The browser's own select-all is the one the user sees, so the page keeps
 * the key to itself. The host listens on the window, after the document: stopping the event at
 * the document keeps every handler in the page and the browser's default action.
 */
export function keepSelectAllInPage(doc: Document): void {
  doc.addEventListener('keydown', (event) => {
    if (isSelectAll(event)) event.stopPropagation();
  });
}

/** Whether a keydown is the browser's "select all" (Ctrl+A, or Cmd+A on macOS). */
export function isSelectAll(
  e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>,
): boolean {
  return (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'a';
}
