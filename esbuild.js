// Bundles the extension (src/extension.ts -> dist/extension.js) and the command-line scanner
// (src/cli/index.ts -> dist/cli.js). CommonJS for Node, `vscode` external, source maps; copies this
// machine's keytar.node to dist/native/.
// Flags: --production (minify, no source maps), --watch (rebuild on change).
const esbuild = require('esbuild');
const fs = require('fs');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: production,
  legalComments: production ? 'none' : 'inline',
  charset: 'utf8',
  sourcemap: !production,
  sourcesContent: false,
  // keytar's native module is loaded at run time from dist/native/keytar.node (see
  // src/keychain/keytarBackend.ts); its JS wrapper is not bundled.
  external: ['vscode', '@github/keytar'],
  // Prefer packages' ES module builds: jsonc-parser's UMD main loads its parts with a dynamic
  // require() that a bundle cannot follow.
  mainFields: ['module', 'main'],
  logLevel: 'warning',
};

const entries = [
  { entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js' },
  ...(fs.existsSync('src/cli/index.ts') ? [{ entryPoints: ['src/cli/index.ts'], outfile: 'dist/cli.js' }] : []),
];

async function main() {
  if (production) fs.rmSync('dist', { recursive: true, force: true });
  const contexts = await Promise.all(entries.map((e) => esbuild.context({ ...common, ...e })));
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    console.log('[esbuild] watching for changes');
    return;
  }
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  copyNative();
}

/**
 * Puts this machine's keytar.node at dist/native/keytar.node (the per-platform packaging in
 * scripts/package.mjs replaces it with each target's prebuild). Absent module: nothing copied,
 * the extension then uses VS Code SecretStorage.
 */
function copyNative() {
  const dir = 'node_modules/@github/keytar';
  const candidates = [`${dir}/prebuilds/${process.platform}-${process.arch}/keytar.node`, `${dir}/build/Release/keytar.node`];
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) return;
  fs.mkdirSync('dist/native', { recursive: true });
  fs.copyFileSync(found, 'dist/native/keytar.node');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
