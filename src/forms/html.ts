import { randomBytes } from 'node:crypto';
/** The form webview's page: a shell with no server data; everything else arrives by message. */

export interface FormPageResources {
  /** `webview.cspSource` */
  cspSource: string;
  nonce: string;
  script: string;
  style: string;
  codicons: string;
}

export function formHtml(r: FormPageResources): string {
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${r.nonce}'`,
    `style-src ${r.cspSource}`,
    `font-src ${r.cspSource}`,
    `img-src ${r.cspSource}`,
  ].join('; ');
  // The codicon stylesheet's id is how @vscode-elements finds it for its shadow roots.
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${r.codicons}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${r.style}">
<title>Infisical form</title>
</head>
<body>
<main id="app" aria-busy="true"><p class="loading">Loading…</p></main>
<script nonce="${r.nonce}" src="${r.script}"></script>
</body>
</html>
`;
}

/**
 * A CSP nonce: 32 characters from a CSPRNG. node:crypto rather than the global Web Crypto,
 * which Node has only from 19 (VS Code 1.87 to 1.89 run extensions on Node 18).
 */
export function makeNonce(): string {
  return randomBytes(24).toString('base64url');
}
