/**
 * Mocha entry point that a VS Code extension host `require()`s as `extensionTestsPath`
 * (both for scripts/run-host-tests.mjs inside code-server and for test/electron/runTest.ts).
 * The host awaits the exported `run()`; when it settles the workbench exits with code 0
 * (resolved) or 1 (rejected).
 *
 * Picks up every `*.test.js` under this folder (out/test/host/**), so adding a test is adding
 * a file. BDD interface (`describe` / `it`), like the unit tests.
 *
 * Environment (set by the runners; all optional):
 * - `HOST_GREP`: mocha `--grep` pattern (a string, matched as a regular expression).
 * - `GOGS_KEY_HYGIENE_HOST_RESULTS_FILE`: where the summary JSON goes (default
 *   `$GOGS_KEY_HYGIENE_RESULTS_DIR/host-results.json`; neither set: not written). The runners
 *   give each run its own file, so concurrent runs do not mix their counts. Its shape:
 *   (`{ passed, failed, pending, vscodeVersion, uiKind, remoteName, extensionActive,
 *   tests: [{ title, state, durationMs, error? }] }`), which the runner reads to print its
 *   `N passed, N failed` line and to check that the extension really activated.
 * - `HOST_TEST_TIMEOUT_MS`: per-test timeout in ms (default 20000).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './helpers';

/** One test outcome as written to host-results.json. */
interface TestOutcome {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

/** Every `*.test.js` file below `dir`, sorted for a stable order. */
function findTestFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.test.js'))
    .map((f) => path.resolve(dir, f))
    .sort();
}

/**
 * Runs every host test file with mocha.
 *
 * @returns resolves when all tests passed; rejects with an Error naming the number of failures
 *   (or the load error) otherwise.
 */
export async function run(): Promise<void> {
  // mocha 12 is an ES module; a dynamic import works from CommonJS in every Node the host uses.
  const { default: Mocha } = await import('mocha');
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    timeout: Number(process.env.HOST_TEST_TIMEOUT_MS ?? 20_000),
    reporter: 'spec',
  });
  const grep = process.env.HOST_GREP;
  if (grep) mocha.grep(grep);

  console.log(
    `[host] VS Code ${vscode.version} (uiKind ${vscode.UIKind[vscode.env.uiKind]}, ` +
      `remote ${vscode.env.remoteName ?? 'none'}, app ${vscode.env.appName})`,
  );
  const files = findTestFiles(__dirname);
  if (files.length === 0) throw new Error(`no *.test.js files under ${__dirname}`);
  for (const f of files) mocha.addFile(f);

  const outcomes: TestOutcome[] = [];
  const failures = await new Promise<number>((resolve, reject) => {
    try {
      const runner = mocha.run((n) => resolve(n));
      runner.on('pass', (t) => outcomes.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration }));
      runner.on('fail', (t, err: Error) =>
        outcomes.push({
          title: t.fullTitle(),
          state: 'failed',
          durationMs: t.duration,
          error: String(err?.message ?? err),
        }),
      );
      runner.on('pending', (t) => outcomes.push({ title: t.fullTitle(), state: 'pending' }));
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });

  const passed = outcomes.filter((o) => o.state === 'passed').length;
  const failed = Math.max(failures, outcomes.filter((o) => o.state === 'failed').length);
  const pending = outcomes.filter((o) => o.state === 'pending').length;
  const resultsDir = process.env.GOGS_KEY_HYGIENE_RESULTS_DIR;
  const resultsFile =
    process.env.GOGS_KEY_HYGIENE_HOST_RESULTS_FILE ?? (resultsDir ? path.join(resultsDir, 'host-results.json') : undefined);
  if (resultsFile) {
    fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
    fs.writeFileSync(
      resultsFile,
      JSON.stringify(
        {
          passed,
          failed,
          pending,
          vscodeVersion: vscode.version,
          uiKind: vscode.UIKind[vscode.env.uiKind],
          remoteName: vscode.env.remoteName ?? null,
          extensionActive: vscode.extensions.getExtension(EXTENSION_ID)?.isActive ?? false,
          tests: outcomes,
        },
        null,
        2,
      ),
    );
  }
  if (failed > 0) throw new Error(`${failed} host test(s) failed`);
  if (passed === 0) throw new Error('no host test ran (check HOST_GREP)');
}
