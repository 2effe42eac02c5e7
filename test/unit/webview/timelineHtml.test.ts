// The timeline webview's HTML shell: its CSP and that nothing it is given can break out of an attribute.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newNonce, timelineHtml } from '../../../src/vscode/timeline/timelineHtml';

test('the CSP allows only the nonce script and the webview origin, and no inline style', () => {
  const nonce = newNonce();
  const page = timelineHtml({ cspSource: 'https://res.vscode-cdn.net', nonce, scriptUri: 'https://res/main.js', styleUris: ['https://res/codicon.css', 'https://res/main.css'], title: 'T' });
  const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(page)?.[1]?.replace(/&#39;/g, "'");
  assert.equal(csp, `default-src 'none'; script-src 'nonce-${nonce}'; style-src https://res.vscode-cdn.net; font-src https://res.vscode-cdn.net; img-src https://res.vscode-cdn.net data:`);
  assert.match(page, new RegExp(`<script nonce="${nonce.replace(/[+/=]/g, (c) => `\\${c}`)}" src="https://res/main.js"></script>`));
  assert.match(page, /<link rel="stylesheet" href="https:\/\/res\/codicon.css" id="vscode-codicon-stylesheet">/);
  assert.match(page, /<link rel="stylesheet" href="https:\/\/res\/main.css">/);
  assert.ok(!/<style|style=/.test(page));
});

test('nonces are fresh and at least 128 bits', () => {
  const a = newNonce();
  assert.notEqual(a, newNonce());
  assert.ok(Buffer.from(a, 'base64').length >= 16);
});

test('the title and URIs are escaped', () => {
  const page = timelineHtml({ cspSource: 'x', nonce: 'n', scriptUri: '"><script>1</script>', styleUris: [], title: '</title><script>alert(1)</script>' });
  assert.ok(!page.includes('<script>alert(1)'));
  assert.ok(!page.includes('"><script>1'));
  assert.equal(page.match(/<script/g)?.length, 1);
});
