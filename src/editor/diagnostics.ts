import * as path from 'node:path';
import * as vscode from 'vscode';
import { affectsUs, detectionConfig } from '../config';
import type { SettingOrigin } from '../configPolicy';
import { Commands, DIAGNOSTIC_COLLECTION, DIAGNOSTIC_SOURCE, NS, Settings, StatusBarItems } from '../constants';
import { Finding, RULES, ScanResult, startRescan, startScan } from '../detection';
import { Services } from '../services';
import { changeBetween, trackChanges } from './changes';
import { CHECKED_SCHEMES, excludingGlob, fileNameOf } from './documents';
import { printable } from '../configPolicy';
import { GitFacts } from './git';
import { EDITOR_SCAN_BUDGET, runInSlices, ScanBudget } from './slices';
import { messageOf } from '../util/errors';

/** Link target of a rule id in the diagnostic's `code` (the README's section on that rule). */
export function ruleDocUri(ruleId: string): vscode.Uri {
  return vscode.Uri.parse(`https://github.com/gogs-key-hygiene/gogs-key-hygiene#rule-${ruleId.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`);
}

/** A published diagnostic together with the finding it came from. */
export interface FindingDiagnostic {
  diagnostic: vscode.Diagnostic;
  finding: Finding;
}

interface DocState {
  /** Text and result of the last completed scan (the base for incremental rescans). */
  text?: string;
  result?: ScanResult;
  /** Document version of the last completed scan. */
  version?: number;
  timer?: ReturnType<typeof setTimeout>;
  /** Document version the pending timer will scan. */
  pending?: number;
  skippedAnnounced?: boolean;
  incompleteAnnounced?: boolean;
  /** Generation of the check running now: a check that yielded gives up when a newer one started. */
  run?: number;
  /** Set while the document is not checked because an exclude glob matches it: the glob and the settings scope it comes from. */
  excludedBy?: { glob: string; origin: SettingOrigin };
  /**
   * Since the last scan: how many leading / trailing UTF-16 units of the document are known to be
   * unchanged (from the change events), and the document's current length.
   */
  dirty?: { prefix: number; suffix: number; length: number };
}

/**
 * The per-document check pipeline: debounced scans on change (incremental against the last
 * scanned text), immediate scans on open and for visible editors at activation, results dropped
 * when the document moved on, diagnostics cleared on close. Documents over the size cap or that
 * look minified/binary are skipped and announced once per document (status bar + log).
 *
 * Follows VS Code's `DiagnosticCollection`, `onDidChangeTextDocument`, `onDidOpenTextDocument`,
 * `onDidCloseTextDocument` APIs.
 */
export class DiagnosticsController implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_COLLECTION);
  private readonly states = new Map<string, DocState>();
  private readonly byUri = new Map<string, FindingDiagnostic[]>();
  private readonly skippedItem = vscode.window.createStatusBarItem(StatusBarItems.skipped, vscode.StatusBarAlignment.Left, 0);
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  /** Fires after diagnostics of a document were (re)published or cleared. */
  readonly onDidUpdate = this.changed.event;
  /** Number of scans run (full + incremental), for tests and the bench. */
  scans = { full: 0, incremental: 0 };
  /** Time a check may take, in slices between which the host does other work (a test seam may change it). */
  scanBudget: ScanBudget = EDITOR_SCAN_BUDGET;
  private readonly git = new GitFacts();
  /** Whether git may be asked about files: only in a trusted workspace (a test seam may replace it). */
  gitAllowed: () => boolean = () => vscode.workspace.isTrusted;

  constructor(private readonly services: Services) {
    this.skippedItem.name = 'Gogs Key Hygiene: file not checked';
    this.disposables.push(
      this.collection,
      this.skippedItem,
      this.changed,
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length === 0) return;
        const state = this.states.get(e.document.uri.toString());
        if (state?.text !== undefined) state.dirty = trackChanges(state.dirty, state.text.length, e.contentChanges);
        this.schedule(e.document);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
      vscode.workspace.onDidSaveTextDocument((d) => this.git.invalidate(d.uri.fsPath)),
      // A document stays open in the extension host for minutes after its last editor closed
      // (VS Code keeps a reference); the user closed it when its last tab went away.
      vscode.window.tabGroups.onDidChangeTabs((e) => {
        for (const tab of e.closed) {
          const uri = tab.input instanceof vscode.TabInputText ? tab.input.uri : undefined;
          if (uri && !isShownInTab(uri)) this.forget(uri);
        }
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.updateSkippedItem()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsUs(e)) this.recheckAll();
      }),
      services.store.onDidChange(() => this.changed.fire(vscode.Uri.parse('gogs-key-hygiene:store'))),
    );
  }

  /** Checks every open document (used at activation and after settings change). */
  recheckAll(): void {
    for (const state of this.states.values()) state.result = undefined;
    for (const doc of vscode.workspace.textDocuments) this.schedule(doc, 0);
  }

  /** Findings with their diagnostics for a document (empty when none or not checked). */
  findingsFor(uri: vscode.Uri): readonly FindingDiagnostic[] {
    return this.byUri.get(uri.toString()) ?? [];
  }

  /** Publishes diagnostics for a file that is not open (used by the workspace scan). */
  async publishForFile(uri: vscode.Uri, found: readonly Finding[], text: string): Promise<void> {
    const isOpen = (): boolean => vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
    if (isOpen()) return; // the pipeline owns open documents
    const { findings, severity } = await this.refine(uri, text, found);
    if (isOpen()) return;
    const lineStarts = lineStartOffsets(text);
    const toPos = (offset: number): vscode.Position => {
      let lo = 0;
      let hi = lineStarts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (lineStarts[mid] <= offset) lo = mid;
        else hi = mid - 1;
      }
      return new vscode.Position(lo, offset - lineStarts[lo]);
    };
    this.publish(uri, findings, (f) => new vscode.Range(toPos(f.start), toPos(f.end)), severity);
  }

  /**
   * What git adds to a scan of a file on disk: findings whose value is an object of the file's
   * repository are commit ids, not tokens (dropped); in a file tracked by git the severity is
   * Error when `gogsKeyHygiene.errorInTrackedFiles` is on (a committed token is in the history).
   * Not in an untrusted workspace: git is not run there at all.
   */
  private async refine(uri: vscode.Uri, text: string, findings: readonly Finding[]): Promise<{ findings: readonly Finding[]; severity: vscode.DiagnosticSeverity }> {
    const config = detectionConfig(uri);
    if (findings.length === 0 || uri.scheme !== 'file' || !this.gitAllowed()) return { findings, severity: config.severity };
    const dir = path.dirname(uri.fsPath);
    const [known, tracked] = await Promise.all([
      this.git.knownObjects(dir, findings.map((f) => text.slice(f.start, f.end))),
      config.errorInTrackedFiles ? this.git.isTracked(uri.fsPath) : Promise.resolve(false),
    ]);
    return {
      findings: known.size === 0 ? findings : findings.filter((f) => !known.has(text.slice(f.start, f.end))),
      severity: tracked ? vscode.DiagnosticSeverity.Error : config.severity,
    };
  }

  /** Check `doc` after `delayMs` (default: the debounce setting); a newer call replaces an older one. */
  schedule(doc: vscode.TextDocument, delayMs?: number): void {
    if (!CHECKED_SCHEMES.includes(doc.uri.scheme)) return;
    const key = doc.uri.toString();
    const state = this.states.get(key) ?? {};
    this.states.set(key, state);
    if (state.timer) clearTimeout(state.timer);
    const config = detectionConfig(doc.uri);
    state.pending = doc.version;
    state.timer = setTimeout(() => {
      state.timer = undefined;
      void this.check(doc, state);
    }, delayMs ?? config.debounceMs);
  }

  /**
   * Runs the check now: the scan runs in slices of `scanBudget.sliceMs`, yielding to the event loop between them,
   * and stops after `scanBudget.totalMs` with the rest of the document marked "not fully checked"; a check whose
   * document changed or closed meanwhile, or that a newer check replaced, gives up at its next slice. The git
   * refinement that follows is asynchronous, and its result is dropped when the document moved on.
   */
  private async check(doc: vscode.TextDocument, state: DocState): Promise<void> {
    if (doc.isClosed) return this.forget(doc.uri);
    const config = detectionConfig(doc.uri);
    const glob = excludingGlob(doc.uri, config);
    state.excludedBy = glob !== undefined ? { glob, origin: config.excludeOrigin } : undefined;
    if (!config.enable || glob !== undefined) {
      state.result = undefined;
      state.text = undefined;
      this.publish(doc.uri, [], () => new vscode.Range(0, 0, 0, 0));
      this.updateSkippedItem();
      return;
    }
    const version = doc.version;
    if (state.version === version && state.result) return; // nothing new
    const text = doc.getText();
    const options = {
      fileName: fileNameOf(doc),
      languageId: doc.languageId,
      ignoredFingerprints: config.ignoredFingerprints,
      maxBytes: config.maxBytes,
    };
    const run = (state.run = (state.run ?? 0) + 1);
    let result: ScanResult | undefined;
    try {
      let job;
      if (state.result && state.text !== undefined && !state.result.skipped && !state.result.incomplete) {
        job = startRescan(state.result, state.text, text, [changeBetween(state.text, text, state.dirty)], options);
        this.scans.incremental++;
      } else {
        job = startScan(text, options);
        this.scans.full++;
      }
      result = await runInSlices(job, this.scanBudget, () => !doc.isClosed && doc.version === version && state.run === run);
    } catch (err) {
      this.services.log.error(`Check of ${doc.uri.path} failed: ${messageOf(err)}`);
      return;
    }
    if (result === undefined || state.run !== run) return; // replaced by a newer check
    if (doc.isClosed) return this.forget(doc.uri);
    if (doc.version !== version) return; // stale: a newer check is scheduled by the change event
    state.text = text;
    state.result = result;
    state.version = version;
    state.dirty = undefined;
    if (result.skipped && !state.skippedAnnounced) {
      state.skippedAnnounced = true;
      this.services.log.info(`Not checked: ${doc.uri.path} (${result.skipped.detail})`);
    }
    if (!result.skipped) state.skippedAnnounced = false;
    if (result.incomplete && !state.incompleteAnnounced) {
      state.incompleteAnnounced = true;
      this.services.log.warn(`Not fully checked: ${doc.uri.path} from line ${result.incomplete.line} on (${result.incomplete.detail})`);
    }
    if (!result.incomplete) state.incompleteAnnounced = false;
    this.updateSkippedItem();
    const { findings, severity } = await this.refine(doc.uri, text, result.findings);
    if (doc.isClosed || doc.version !== version || state.version !== version) return; // stale
    this.publish(doc.uri, findings, (f) => new vscode.Range(doc.positionAt(f.start), doc.positionAt(f.end)), severity);
  }

  private publish(
    uri: vscode.Uri,
    findings: readonly Finding[],
    rangeOf: (f: Finding) => vscode.Range,
    severity = detectionConfig(uri).severity,
  ): void {
    const entries = findings.map((finding) => ({ finding, diagnostic: toDiagnostic(finding, rangeOf(finding), severity, this.services) }));
    if (entries.length === 0) {
      this.byUri.delete(uri.toString());
      this.collection.delete(uri);
    } else {
      this.byUri.set(uri.toString(), entries);
      this.collection.set(uri, entries.map((e) => e.diagnostic));
    }
    this.changed.fire(uri);
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    const state = this.states.get(key);
    if (state?.timer) clearTimeout(state.timer);
    this.states.delete(key);
    this.byUri.delete(key);
    this.collection.delete(uri);
    this.changed.fire(uri);
    this.updateSkippedItem();
  }

  /** What the status bar says about the active document when it was not checked (undefined when hidden). */
  get skippedNote(): { text: string; tooltip: string } | undefined {
    return this.skippedShown ? { text: this.skippedItem.text, tooltip: String(this.skippedItem.tooltip) } : undefined;
  }
  private skippedShown = false;

  private updateSkippedItem(): void {
    const doc = vscode.window.activeTextEditor?.document;
    const state = doc ? this.states.get(doc.uri.toString()) : undefined;
    const skipped = state?.result?.skipped;
    const excluded = state?.excludedBy;
    const incomplete = state?.result?.incomplete;
    this.skippedShown = !!skipped || !!excluded || !!incomplete;
    if (excluded) {
      // Said on every such file, so an exclude glob from a cloned repository's settings is visible.
      const where = { default: 'default', user: 'user', workspace: 'workspace', workspaceFolder: 'workspace folder' }[excluded.origin];
      this.skippedItem.text = '$(shield) Not checked for tokens';
      this.skippedItem.tooltip = `Gogs Key Hygiene did not check this file: it matches "${printable(excluded.glob)}" of "gogsKeyHygiene.exclude" in the ${where} settings.`;
      this.skippedItem.command = { title: 'Open Settings', command: 'workbench.action.openSettings', arguments: [`${NS}.${Settings.exclude}`] };
      this.skippedItem.show();
      return;
    }
    if (incomplete) {
      this.skippedItem.text = '$(shield) Not fully checked for tokens';
      this.skippedItem.tooltip = `Gogs Key Hygiene did not check this file from line ${incomplete.line} on: ${incomplete.detail}, so that the editor stays responsive. Run "Scan Workspace for Gogs Tokens" (or \`npx gogs-key-hygiene scan\`) to check all of it.`;
      this.skippedItem.command = { title: 'Scan Workspace for Gogs Tokens', command: Commands.scanWorkspace };
      this.skippedItem.show();
      return;
    }
    if (!skipped) {
      this.skippedItem.hide();
      return;
    }
    this.skippedItem.text = '$(shield) Not checked for tokens';
    this.skippedItem.tooltip = `Gogs Key Hygiene did not check this file: ${skipped.detail}. Raise "gogsKeyHygiene.maxFileSizeKB" or run "Scan Workspace for Gogs Tokens".`;
    this.skippedItem.command = { title: 'Open Settings', command: 'workbench.action.openSettings', arguments: [`${NS}.${Settings.maxFileSizeKB}`] };
    this.skippedItem.show();
  }

  dispose(): void {
    for (const s of this.states.values()) if (s.timer) clearTimeout(s.timer);
    this.states.clear();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

/** True when some editor tab still shows `uri`. */
function isShownInTab(uri: vscode.Uri): boolean {
  const key = uri.toString();
  return vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === key));
}

/** Builds the user-facing diagnostic of a finding: never the token, at most its last 4 characters. */
function toDiagnostic(f: Finding, range: vscode.Range, severity: vscode.DiagnosticSeverity, services: Services): vscode.Diagnostic {
  const stored = services.store.findByFingerprint(f.fingerprint);
  const rule = RULES.find((r) => r.id === f.ruleId);
  const what = `Gogs access token …${f.last4}${rule ? ` (${rule.title})` : ''}`;
  const todo = stored
    ? `It is already in the ${services.store.backendName} as ${stored.envVar}: replace it with a reference (Ctrl+.).`
    : `Move it to the ${services.store.storeKind} with the quick fix (Ctrl+.) and revoke it if it was ever committed.`;
  const d = new vscode.Diagnostic(range, `${what} in plain text. ${todo}`, severity);
  d.source = DIAGNOSTIC_SOURCE;
  d.code = { value: f.ruleId, target: ruleDocUri(f.ruleId) };
  return d;
}

function lineStartOffsets(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}
