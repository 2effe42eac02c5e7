// Injected into the CommonJS bundles (esbuild.mjs): ES modules bundled into them (sqlite-wasm) read
// `import.meta.url`, which esbuild replaces with this module's file URL.
export const importMetaUrl = require('node:url').pathToFileURL(__filename).href;
