// The timeline webview's HTML shell: a pure function (no `vscode` import) so the browser test and the benchmark
// build the same page the host does. Everything the page shows is built by dist/webview/main.js; the shell only
// loads it under a CSP that allows no inline script or style at all.
import { randomBytes } from 'node:crypto';

export interface TimelineHtmlOptions {
  /** `webview.cspSource`: the origin the script, styles and fonts are loaded from. */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUris: string[];
  title: string;
}

/** 128 random bits, base64 (the CSP nonce grammar allows base64). */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function timelineHtml(opts: TimelineHtmlOptions): string {
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${opts.nonce}'`,
    `style-src ${opts.cspSource}`,
    `font-src ${opts.cspSource}`,
    `img-src ${opts.cspSource} data:`,
  ].join('; ');
  // @vscode-elements looks the codicon stylesheet up by this id to share it with its shadow roots.
  const links = opts.styleUris
    .map((uri) => `<link rel="stylesheet" href="${escapeHtml(uri)}"${/codicon\.css(?:$|[?#])/.test(uri) ? ' id="vscode-codicon-stylesheet"' : ''}>`)
    .join('\n    ');
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    ${links}
    <title>${escapeHtml(opts.title)}</title>
  </head>
  <body>
    <div id="app" class="app" aria-busy="true"></div>
    <script nonce="${escapeHtml(opts.nonce)}" src="${escapeHtml(opts.scriptUri)}"></script>
  </body>
</html>
`;
}
