/**
 * `npm run test:electron`: the host tests (out/test/host/**) in desktop VS Code through
 * `@vscode/test-electron`, the standard path on a machine that can download VS Code. (The CI
 * machines cannot; they use scripts/run-host-tests.mjs, which runs the same files in code-server.)
 *
 * The extension is loaded from this folder as a development extension (not from the VSIX).
 * Environment:
 * - `VSCODE_TEST_VERSION`: VS Code version to download (default `1.100.3`, the version the
 *   code-server host runs; `stable` for the newest).
 * - `VSCODE_EXECUTABLE_PATH`: use this VS Code binary instead of downloading one.
 * - `HOST_GREP`: mocha `--grep` for the host tests.
 * On Linux without a display, run it under `xvfb-run -a`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

const ROOT = path.resolve(__dirname, '..', '..', '..');

async function main(): Promise<number> {
  const state = fs.mkdtempSync(path.join(os.tmpdir(), 'gkh-electron-'));
  const workspace = path.join(state, 'workspace');
  const fixture = path.join(ROOT, 'test', 'fixtures', 'workspace');
  if (fs.existsSync(fixture)) fs.cpSync(fixture, workspace, { recursive: true });
  else fs.mkdirSync(workspace, { recursive: true });
  const resultsDir = path.join(ROOT, 'test-results');
  const userDataDir = path.join(state, 'user-data');
  const resultsFile = path.join(state, 'host-results.json');

  let exitCode: number;
  try {
    exitCode = await runTests({
      version: process.env.VSCODE_TEST_VERSION ?? '1.100.3',
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: path.join(ROOT, 'out', 'test', 'host', 'index.js'),
      extensionTestsEnv: {
        GOGS_KEY_HYGIENE_TEST: '1',
        GOGS_KEY_HYGIENE_RESULTS_DIR: resultsDir,
        GOGS_KEY_HYGIENE_HOST_RESULTS_FILE: resultsFile,
        GOGS_KEY_HYGIENE_USER_DATA_DIR: userDataDir,
        HOST_GREP: process.env.HOST_GREP,
      },
      launchArgs: [
        workspace,
        '--user-data-dir', userDataDir,
        '--extensions-dir', path.join(state, 'extensions'),
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
      ],
    });
  } catch (err) {
    console.error(`[test:electron] ${err instanceof Error ? err.message : String(err)}`);
    exitCode = 1;
  }

  let passed = 0;
  let failed = 0;
  if (fs.existsSync(resultsFile)) {
    const r = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
    console.log(`[test:electron] VS Code version seen in the host: ${r.vscodeVersion}`);
    passed = r.passed;
    failed = r.failed;
    if (!r.extensionActive) {
      console.log('[test:electron] the host never activated the extension');
      failed += 1;
    }
  } else {
    console.log('[test:electron] the host wrote no results (did VS Code start?)');
    failed += 1;
  }
  if (exitCode !== 0 && failed === 0) failed = 1;
  if (failed === 0) fs.rmSync(state, { recursive: true, force: true });
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

main().then((code) => process.exit(code));
