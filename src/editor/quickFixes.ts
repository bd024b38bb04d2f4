import * as vscode from 'vscode';
import { Commands, DIAGNOSTIC_SOURCE, Settings } from '../constants';
import { fingerprint, ignoreDirectiveFor, ignoreLineInserts, scan } from '../detection';
import type { Finding } from '../detection';
import { envVarNameFrom, planReplacement } from '../fix';
import { KeychainError } from '../keychain';
import { Services } from '../services';
import { DiagnosticsController } from './diagnostics';
import { DOCUMENT_SELECTOR, fileNameOf } from './documents';
import { serverOfFinding } from './serverHost';
import { credentialSourceOf } from '../git/userinfo';
import { messageOf } from '../util/errors';

/** Arguments of the `gogsKeyHygiene.moveToKeychain` command (also accepted from tests). */
export interface MoveArgs {
  /** Document URI (string form). */
  uri: string;
  /** UTF-16 offset of the token's first character, as found at `version`. */
  start: number;
  /** Document version the offset refers to. */
  version: number;
  /** Env var name to use instead of inferring/asking (tests, callers that know). */
  envVar?: string;
}

/** Arguments of the ignore commands. */
export interface IgnoreArgs {
  uri: string;
  start: number;
  version: number;
}

const ENV_VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Quick fixes on our diagnostics (`CodeActionKind.QuickFix`, matched by diagnostic source):
 * *Move token to OS keychain* (preferred), *Ignore on this line*, *Ignore this token everywhere*.
 * Follows VS Code's `CodeActionProvider` API (code-actions-sample).
 */
export class QuickFixProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(
    private readonly services: Services,
    private readonly diagnostics: DiagnosticsController,
  ) {}

  provideCodeActions(doc: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
    if (ours.length === 0) return [];
    const entries = this.diagnostics.findingsFor(doc.uri).filter((e) => ours.some((d) => d.range.isEqual(e.diagnostic.range)));
    const actions: vscode.CodeAction[] = [];
    for (const { finding, diagnostic } of entries) {
      const args = { uri: doc.uri.toString(), start: finding.start, version: doc.version };
      const move = new vscode.CodeAction(moveTitle(this.services, finding), vscode.CodeActionKind.QuickFix);
      move.isPreferred = true;
      move.diagnostics = [diagnostic];
      move.command = { title: move.title, command: Commands.moveToKeychain, arguments: [args] };
      actions.push(move);

      const ignoreLine = new vscode.CodeAction('Ignore this token on this line', vscode.CodeActionKind.QuickFix);
      ignoreLine.diagnostics = [diagnostic];
      ignoreLine.command = { title: ignoreLine.title, command: Commands.ignoreLine, arguments: [args] };
      actions.push(ignoreLine);

      const ignoreAll = new vscode.CodeAction('Ignore this token everywhere', vscode.CodeActionKind.QuickFix);
      ignoreAll.diagnostics = [diagnostic];
      ignoreAll.command = { title: ignoreAll.title, command: Commands.ignoreTokenEverywhere, arguments: [args] };
      actions.push(ignoreAll);
    }
    return actions;
  }
}

/**
 * Title of the move fix, naming the environment variable the file will refer to, so a renamed
 * variable (`GOGS_TOKEN_2` when `GOGS_TOKEN` holds another token) is never a surprise:
 * "Move token to OS keychain as GOGS_TOKEN", "Move token to OS keychain…" when the name will be
 * asked, "Replace token with reference to GOGS_TOKEN (already in the OS keychain)".
 */
export function moveTitle(services: Services, finding: Finding): string {
  const stored = services.store.findByFingerprint(finding.fingerprint);
  if (stored) return `Replace token with reference to ${stored.envVar} (already in the ${services.store.backendName})`;
  const name = envVarNameFrom(finding.keyName, finding.host);
  return name ? `Move token to ${services.store.storeKind} as ${services.store.uniqueEnvVar(name)}` : `Move token to ${services.store.storeKind}…`;
}

/** Registers the quick-fix provider and its commands. */
export function registerQuickFixes(services: Services, diagnostics: DiagnosticsController): void {
  const { context } = services;
  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider(DOCUMENT_SELECTOR, new QuickFixProvider(services, diagnostics), QuickFixProvider.metadata),
    vscode.commands.registerCommand(Commands.moveToKeychain, (args: MoveArgs) => moveToKeychain(services, args)),
    vscode.commands.registerCommand(Commands.ignoreLine, (args: IgnoreArgs) => ignoreOnLine(services, args)),
    vscode.commands.registerCommand(Commands.ignoreTokenEverywhere, (args: IgnoreArgs) => ignoreEverywhere(services, args, diagnostics)),
  );
}

/**
 * Finds the token the command refers to in the document as it is now: at `start` if the
 * version is unchanged, else by re-scanning and taking the finding nearest to `start`.
 * Returns the finding and the token value (kept in memory only for the move).
 */
async function locate(args: { uri: string; start: number; version: number }): Promise<{ doc: vscode.TextDocument; text: string; finding: Finding; value: string } | undefined> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(args.uri));
  const text = doc.getText();
  const { findings } = scan(text, { fileName: fileNameOf(doc), languageId: doc.languageId, maxBytes: 0 });
  const sorted = [...findings].sort((a, b) => Math.abs(a.start - args.start) - Math.abs(b.start - args.start));
  const finding = doc.version === args.version ? findings.find((f) => f.start === args.start) ?? sorted[0] : sorted[0];
  if (!finding) return undefined;
  return { doc, text, finding, value: text.slice(finding.start, finding.end) };
}

/**
 * The *Move token to OS keychain* flow: infer (or ask) the env var name, store the token and read
 * it back (TokenStore.add), and only then replace the literal with a reference in the file's idiom
 * in one `WorkspaceEdit` (Undo restores it). Any failure before the edit leaves the file unchanged
 * and says why; the token value never appears in a message or log.
 * @returns true when the file was rewritten
 */
export async function moveToKeychain(services: Services, args: MoveArgs): Promise<boolean> {
  const { store, prompts, log } = services;
  const located = await locate(args);
  if (!located) {
    void prompts.showWarningMessage('Gogs Key Hygiene: the token is no longer in this document.');
    return false;
  }
  const { doc, text, finding, value } = located;
  if (fingerprint(value) !== finding.fingerprint) return false;

  let meta = store.findByFingerprint(finding.fingerprint);
  if (meta) {
    // Recorded already, but the metadata can outlive the secret (keyring reset, a failed
    // delete, another profile): TokenStore.add reads the secret back and writes it again when
    // it is missing or different, so the file is edited only when the keychain holds the token.
    try {
      meta = await store.add({ value, envVar: meta.envVar });
    } catch (err) {
      reportStoreFailure(services, finding, err);
      return false;
    }
  } else {
    let envVar = args.envVar ?? envVarNameFrom(finding.keyName, finding.host);
    if (!envVar) {
      envVar = await prompts.showInputBox({
        title: `Move token to ${services.store.storeKind}`,
        prompt: `Name of the environment variable that will hold the token …${finding.last4}`,
        value: 'GOGS_TOKEN',
        validateInput: (v) => (ENV_VAR_NAME.test(v) ? undefined : 'Use letters, digits and _ (not starting with a digit), e.g. GOGS_TOKEN.'),
      });
      if (!envVar) return false;
    }
    if (!ENV_VAR_NAME.test(envVar)) {
      void prompts.showErrorMessage(`Gogs Key Hygiene: "${envVar}" is not a valid environment variable name.`);
      return false;
    }
    envVar = store.uniqueEnvVar(envVar);
    // A host seen near the token is a guess (Verify/Rotate ask before using it); only the host of
    // the URL that carried the token as its userinfo is taken as confirmed.
    const server = serverOfFinding(text, finding);
    // The fix removes a URL's whole userinfo: keep its user name in the metadata.
    const source = credentialSourceOf(text, finding.start, finding.end);
    try {
      meta = await store.add({
        value,
        envVar,
        label: finding.host ? `${envVar} (${finding.host})` : envVar,
        host: server.host,
        hostConfirmed: server.host ? server.confirmed : undefined,
        username: source.username,
        foundIn: doc.isUntitled ? undefined : { uri: doc.uri.toString(), line: finding.line },
      });
    } catch (err) {
      reportStoreFailure(services, finding, err);
      return false;
    }
    log.info(`Stored token …${meta.last4} in the keychain as ${meta.envVar}.`);
  }

  // The document may have changed while we were asking or storing: locate the token again.
  const again = doc.version === args.version ? located : await locate({ uri: args.uri, start: finding.start, version: -1 });
  if (!again || again.finding.fingerprint !== meta.fingerprint) {
    void prompts.showWarningMessage(`Gogs Key Hygiene: the token …${meta.last4} is stored as ${meta.envVar}, but it is no longer at the same place in the file; nothing was replaced.`);
    return false;
  }
  const plan = planReplacement({
    text: again.doc.getText(),
    languageId: again.doc.languageId,
    fileName: fileNameOf(again.doc),
    start: again.finding.start,
    end: again.finding.end,
    envVar: meta.envVar,
    context: again.finding.context,
  });
  const edit = new vscode.WorkspaceEdit();
  for (const e of plan.edits) {
    edit.replace(again.doc.uri, new vscode.Range(again.doc.positionAt(e.start), again.doc.positionAt(e.end)), e.newText);
  }
  const applied = await vscode.workspace.applyEdit(edit);
  if (!applied) {
    void prompts.showErrorMessage(`Gogs Key Hygiene: the token …${meta.last4} is stored as ${meta.envVar}, but the file could not be edited. Replace the token by hand with ${plan.description}.`);
    return false;
  }
  const note = !plan.placeholder ? ''
    : plan.reason ? ` No reference can stand at this spot (${plan.reason}): the placeholder marks where the token belongs; wire ${meta.envVar} in by hand.`
      : ' This file type cannot read environment variables: the placeholder marks where the token belongs.';
  void prompts.showInformationMessage(
    `Gogs Key Hygiene: token …${meta.last4} is now in the ${services.store.backendName} as ${meta.envVar} and the file refers to ${plan.description}. Save the file; revoke the token if it was ever committed.${note}`,
  );
  return true;
}

/** Tells the user (and the log) why the token could not be stored; the file was not changed. */
function reportStoreFailure(services: Services, finding: Finding, err: unknown): void {
  const message = err instanceof KeychainError ? err.message : `Could not store the token: ${messageOf(err)}. Nothing in your files was changed.`;
  services.log.error(`Move to keychain failed for token …${finding.last4}: ${message}`);
  void services.prompts.showErrorMessage(`Gogs Key Hygiene: ${message}`);
}

/**
 * Inserts an `ignore-next-line` directive above the token's line, in the language's comment syntax; when that line
 * is inside a multi-line string (where a comment would be string content and silence nothing), a `disable` …
 * `enable` pair around the string instead (see `ignoreLineInserts`).
 */
async function ignoreOnLine(services: Services, args: IgnoreArgs): Promise<boolean> {
  const located = await locate(args);
  if (!located) return false;
  const { doc, finding } = located;
  if (!ignoreDirectiveFor(doc.languageId, fileNameOf(doc))) {
    void services.prompts.showWarningMessage('Gogs Key Hygiene: this file type has no comments; use "Ignore this token everywhere" instead.');
    return false;
  }
  const eol = doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  const inserts = ignoreLineInserts(doc.getText(), finding.line, { languageId: doc.languageId, fileName: fileNameOf(doc), eol });
  if (!inserts) {
    void services.prompts.showWarningMessage('Gogs Key Hygiene: no comment can silence this token where it stands; use "Ignore this token everywhere" instead.');
    return false;
  }
  const edit = new vscode.WorkspaceEdit();
  for (const ins of inserts) edit.insert(doc.uri, doc.positionAt(ins.offset), ins.text);
  return vscode.workspace.applyEdit(edit);
}

/** Adds the token's fingerprint (never the token) to `gogsKeyHygiene.ignoredFingerprints` (user settings). */
async function ignoreEverywhere(services: Services, args: IgnoreArgs, diagnostics: DiagnosticsController): Promise<boolean> {
  const located = await locate(args);
  if (!located) return false;
  const config = vscode.workspace.getConfiguration(Settings.section);
  const current = config.inspect<string[]>(Settings.ignoredFingerprints)?.globalValue ?? [];
  if (!current.includes(located.finding.fingerprint)) {
    await config.update(Settings.ignoredFingerprints, [...current, located.finding.fingerprint], vscode.ConfigurationTarget.Global);
  }
  diagnostics.recheckAll();
  void services.prompts.showInformationMessage(`Gogs Key Hygiene: token …${located.finding.last4} will not be reported again (its SHA-256 fingerprint was added to your user settings).`);
  return true;
}
