import * as vscode from 'vscode';
import { Commands } from '../constants';
import { RULES } from '../detection';
import { Services } from '../services';
import { DiagnosticsController } from './diagnostics';
import { DOCUMENT_SELECTOR } from './documents';

/**
 * Hover on a finding: what was found (rule), why it matters, whether this token is already in
 * the keychain (by fingerprint) and under which name, and the quick fixes as command links.
 * Never shows more than the token's last 4 characters. Follows VS Code's `HoverProvider` API.
 */
export class FindingHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly services: Services,
    private readonly diagnostics: DiagnosticsController,
  ) {}

  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const entry = this.diagnostics.findingsFor(doc.uri).find((e) => e.diagnostic.range.contains(position));
    if (!entry) return undefined;
    const { finding, diagnostic } = entry;
    const rule = RULES.find((r) => r.id === finding.ruleId);
    const stored = this.services.store.findByFingerprint(finding.fingerprint);
    const args = encodeURIComponent(JSON.stringify([{ uri: doc.uri.toString(), start: finding.start, version: doc.version }]));
    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = { enabledCommands: [Commands.moveToKeychain, Commands.ignoreLine, Commands.ignoreTokenEverywhere] };
    md.appendMarkdown(`**$(key) Gogs access token** ending in \`…${finding.last4}\``);
    if (rule) md.appendMarkdown(` — ${rule.title}`);
    md.appendMarkdown('\n\n');
    if (rule) md.appendMarkdown(`${rule.description}\n\n`);
    md.appendMarkdown(
      'Anyone who reads this file can act as its owner on the Gogs server: Gogs tokens have no scopes and never expire. ' +
        `Keep it in the ${this.services.store.storeKind} and refer to it by an environment variable.\n\n`,
    );
    md.appendMarkdown(
      stored
        ? `$(pass) Already in the ${this.services.store.backendName} as **${stored.envVar}** (${stored.label}).\n\n`
        : `$(warning) Not in the ${this.services.store.backendName} yet.\n\n`,
    );
    md.appendMarkdown(
      `[${stored ? 'Replace with reference' : `Move to ${this.services.store.storeKind}`}](command:${Commands.moveToKeychain}?${args}) · ` +
        `[Ignore on this line](command:${Commands.ignoreLine}?${args}) · ` +
        `[Ignore everywhere](command:${Commands.ignoreTokenEverywhere}?${args})`,
    );
    return new vscode.Hover(md, diagnostic.range);
  }
}

/** Registers the hover provider. */
export function registerHover(services: Services, diagnostics: DiagnosticsController): void {
  services.context.subscriptions.push(vscode.languages.registerHoverProvider(DOCUMENT_SELECTOR, new FindingHoverProvider(services, diagnostics)));
}
