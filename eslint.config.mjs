// ESLint flat config: typescript-eslint recommended, plus the layering of src/ (ARCHITECTURE.md):
//  - every module is pure (no `vscode` import, so it runs under plain mocha and in the CLI) unless it is
//    named in VSCODE_LAYER below, the editor glue;
//  - the arrows ARCHITECTURE.md forbids are import restrictions per folder (LAYERS).
// A new file that needs the VS Code API goes into VSCODE_LAYER; a new folder gets a LAYERS entry.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** The only modules that may import `vscode`: the extension's glue to the editor. */
const VSCODE_LAYER = [
  'src/extension.ts', 'src/services.ts', 'src/config.ts',
  'src/editor/diagnostics.ts', 'src/editor/documents.ts', 'src/editor/hover.ts', 'src/editor/index.ts',
  'src/editor/quickFixes.ts', 'src/editor/settingsNotice.ts', 'src/editor/workspaceScan.ts',
  'src/git/credentialsProvider.ts', 'src/git/index.ts',
  'src/inject/controller.ts', 'src/inject/index.ts',
  'src/keychain/moveCommand.ts', 'src/keychain/open.ts', 'src/keychain/secretStorageBackend.ts',
  'src/panel/commands.ts', 'src/panel/dueIndicators.ts', 'src/panel/index.ts', 'src/panel/reminders.ts', 'src/panel/tokenTree.ts',
  'src/rotation/clientFactory.ts', 'src/rotation/command.ts', 'src/rotation/confirmDeletedCommand.ts', 'src/rotation/context.ts',
  'src/rotation/rotateCommand.ts', 'src/rotation/verifyCommand.ts',
  'src/ui/**/*.ts',
];

/** Everything above the pure core: what the core's layers must never import. */
const EDITOR = ['editor', 'panel', 'inject', 'rotation', 'git', 'ui', 'services', 'extension', 'testing', 'config'];

/**
 * Forbidden arrows, by folder: the names (folders or top-level modules of src/) a layer must not import.
 * `only` instead lists what the layer may import besides itself.
 */
const LAYERS = {
  // the detector stands alone: besides itself only the fix lexer (shared so directives and quick fixes agree)
  // and the token fingerprint of src/util/fingerprint.ts (the one SHA-256 helper)
  'src/detection': { forbid: [...EDITOR, 'keychain', 'gogs', 'cli', 'history', 'tokens', 'constants', 'configPolicy'], forbidFix: true, onlyUtil: 'fingerprint' },
  // the Gogs client: no keychain, no editor, no CLI
  'src/gogs': { forbid: [...EDITOR, 'keychain', 'cli', 'history', 'detection', 'fix', 'constants', 'configPolicy'] },
  // the replacement engine: the detector's types at most
  'src/fix': { forbid: [...EDITOR, 'keychain', 'gogs', 'cli', 'history', 'constants', 'configPolicy'] },
  'src/util': { forbid: [...EDITOR, 'keychain', 'gogs', 'cli', 'history', 'detection', 'fix', 'constants', 'configPolicy'] },
  // the keychain: never the editor's features
  'src/keychain': { forbid: ['editor', 'panel', 'inject', 'rotation', 'git', 'extension', 'testing', 'cli', 'history', 'gogs'] },
  'src/history': { forbid: [...EDITOR, 'keychain', 'gogs'] },
  // the CLI: the pure core and the keychain, nothing of the editor
  'src/cli': { forbid: ['editor', 'panel', 'rotation', 'git', 'ui', 'services', 'extension', 'testing', 'config'] },
  // what a stored token is called and which one an argument names: the keychain's types at most
  'src/tokens': { forbid: [...EDITOR, 'gogs', 'cli', 'history', 'detection', 'fix', 'constants', 'configPolicy'] },
  'src/ui': { forbid: ['editor', 'panel', 'inject', 'rotation', 'git', 'keychain', 'services', 'extension', 'testing', 'cli', 'history', 'gogs'] },
};

const vscodeBan = { name: 'vscode', message: 'Only the modules listed in VSCODE_LAYER (eslint.config.mjs) may import vscode; keep this module pure (plain mocha, CLI) or add it there if it is editor glue.' };

/** An import that climbs out of the layer's folder (`../x`, `../../x/y`) into one of `names`. */
function patternsFor(dir, layer) {
  const message = `${dir}/ must not import that layer (forbidden arrow, see ARCHITECTURE.md).`;
  const out = [{ regex: `^(\\.\\./)+(${layer.forbid.join('|')})(/|$)`, message }];
  if (layer.forbidFix) out.push({ regex: '^(\\.\\./)+fix(/(?!lexer$).*)?$', message: `${dir}/ may import only ../fix/lexer of src/fix/.` });
  if (layer.onlyUtil) out.push({ regex: `^(\\.\\./)+util(/(?!${layer.onlyUtil}$).*)?$`, message: `${dir}/ may import only ../util/${layer.onlyUtil} of src/util/.` });
  return out;
}

const layerConfigs = Object.entries(LAYERS).flatMap(([dir, layer]) => [
  { files: [`${dir}/**/*.ts`], ignores: VSCODE_LAYER, rules: { 'no-restricted-imports': ['error', { paths: [vscodeBan], patterns: patternsFor(dir, layer) }] } },
  { files: VSCODE_LAYER.filter((f) => f.startsWith(`${dir}/`)), rules: { 'no-restricted-imports': ['error', { patterns: patternsFor(dir, layer) }] } },
]).filter((c) => c.files.length > 0);

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.vscode-test/**', 'test/fixtures/**', 'demo/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
      'no-console': 'off',
    },
  },
  // every other module of src/ is pure
  { files: ['src/**/*.ts'], ignores: VSCODE_LAYER, rules: { 'no-restricted-imports': ['error', { paths: [vscodeBan] }] } },
  ...layerConfigs,
  {
    files: ['src/fix/lexer.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [vscodeBan], patterns: [{ group: ['*', '**/*', '.*', '.*/**'], message: 'src/fix/lexer.ts is shared with src/detection/: it imports nothing.' }] }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly' } },
  },
);
