import * as vscode from 'vscode';
import { Commands } from '../constants';
import type { TokenMeta } from '../keychain';
import type { Services } from '../services';
import { AgePolicy, AgeStatus, dayKey, describeAge, evaluateAge, stateLabel } from './agePolicy';
import { escapeMarkdown, StateColors, StateIcons, StateRank, tokenContextValue } from './presentation';
import { tokenLabel } from '../tokens/naming';

/** One row of the panel: a token's metadata and its age status at the time of the last refresh. */
export interface TokenEntry {
  meta: TokenMeta;
  status: AgeStatus;
}

/** Number of leading fingerprint hex characters shown (enough to tell tokens apart, nothing more). */
export const FINGERPRINT_PREFIX_CHARS = 12;

/**
 * The "Gogs Tokens" tree (VS Code `TreeDataProvider`, see the tree-view-sample). Elements are
 * token ids (strings), so a menu command on an item receives the token id as its argument, which
 * is what `gogsKeyHygiene.rotateToken` / `openTerminal` and the panel's own commands expect.
 *
 * Ages are computed at {@link refresh} (store change, settings change, hourly timer), not on
 * every render. The Markdown tooltip is filled lazily in {@link resolveTreeItem} because it
 * checks whether the file the token was found in still exists.
 */
export class TokenTreeProvider implements vscode.TreeDataProvider<string>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the whole tree should re-render. */
  readonly onDidChangeTreeData: vscode.Event<void> = this.changed.event;
  private snapshot: TokenEntry[] = [];

  /**
   * @param services store and clock
   * @param policy current rotation policy (read from settings on each refresh)
   * @param timeZone IANA zone used to count calendar days
   */
  constructor(
    private readonly services: Services,
    private readonly policy: () => AgePolicy,
    private readonly timeZone: () => string,
  ) {
    this.snapshot = this.compute();
  }

  /** Recomputes every token's status from the store and the clock, then re-renders. */
  refresh(): TokenEntry[] {
    this.snapshot = this.compute();
    this.changed.fire();
    return this.snapshot;
  }

  /** The rows as of the last refresh, in display order (overdue first, then due soon, ok, pending revocation). */
  entries(): readonly TokenEntry[] {
    return this.snapshot;
  }

  /** The row of `id` as of the last refresh. */
  entry(id: string): TokenEntry | undefined {
    return this.snapshot.find((e) => e.meta.id === id);
  }

  getChildren(element?: string): string[] {
    if (element) return [];
    return this.snapshot.map((e) => e.meta.id);
  }

  getParent(): undefined {
    return undefined;
  }

  getTreeItem(id: string): vscode.TreeItem {
    const e = this.entry(id) ?? this.computeOne(id);
    if (!e) return new vscode.TreeItem('(removed)');
    const item = new vscode.TreeItem(tokenLabel(e.meta), vscode.TreeItemCollapsibleState.None);
    item.id = id;
    item.description = describeAge(e.status);
    item.iconPath = new vscode.ThemeIcon(StateIcons[e.status.state], new vscode.ThemeColor(StateColors[e.status.state]));
    item.contextValue = tokenContextValue(e.status.state);
    item.accessibilityInformation = { label: `${tokenLabel(e.meta)}, ${describeAge(e.status)}, ${stateLabel(e.status.state)}` };
    return item;
  }

  async resolveTreeItem(item: vscode.TreeItem, id: string): Promise<vscode.TreeItem> {
    item.tooltip = await this.tooltip(id);
    return item;
  }

  /**
   * Markdown tooltip of `id`: state, env var, host, username, created, last rotated,
   * fingerprint prefix, last 4, and where it was first found as a command link
   * (`gogsKeyHygiene.openTokenSource`) when that file still exists.
   */
  async tooltip(id: string): Promise<vscode.MarkdownString> {
    const md = new vscode.MarkdownString('', true);
    md.isTrusted = { enabledCommands: [Commands.openTokenSource] };
    const e = this.entry(id) ?? this.computeOne(id);
    if (!e) return md.appendText('This token is no longer stored.');
    const { meta, status } = e;
    const tz = this.timeZone();
    const lines: string[] = [];
    lines.push(`**${escapeMarkdown(meta.label)}** — ${escapeMarkdown(stateLabel(status.state))}`);
    lines.push(`Environment variable: \`${meta.envVar.replace(/`/g, '')}\``);
    lines.push(`Host: ${meta.host ? `${escapeMarkdown(meta.host)}${meta.hostConfirmed === true ? '' : ' _(guessed from the file: confirmed before first use)_'}` : '_unknown_'}`);
    lines.push(`Username: ${meta.username ? escapeMarkdown(meta.username) : '_unknown_'}`);
    lines.push(`Created: ${this.dateText(meta.createdAt, tz)}${status.ageDays !== undefined ? ` (${describeAge(status)})` : ''}`);
    lines.push(`Last rotated: ${meta.rotatedAt ? this.dateText(meta.rotatedAt, tz) : '_never_'}`);
    lines.push(`Fingerprint (SHA-256): \`${meta.fingerprint.slice(0, FINGERPRINT_PREFIX_CHARS)}…\``);
    lines.push(`Ends in: \`…${meta.last4.replace(/`/g, '')}\``);
    lines.push(`First found: ${await this.foundInText(meta)}`);
    md.appendMarkdown(lines.join('  \n'));
    return md;
  }

  dispose(): void {
    this.changed.dispose();
  }

  private dateText(iso: string, tz: string): string {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? '_unknown_' : dayKey(d, tz);
  }

  private async foundInText(meta: TokenMeta): Promise<string> {
    if (!meta.foundIn) return '_not from a file_';
    let uri: vscode.Uri;
    try {
      uri = vscode.Uri.parse(meta.foundIn.uri, true);
    } catch {
      return '_unknown_';
    }
    const where = `${vscode.workspace.asRelativePath(uri)}:${meta.foundIn.line}`;
    if (!(await fileExists(uri))) return `${escapeMarkdown(where)} _(no longer exists)_`;
    const args = encodeURIComponent(JSON.stringify([meta.id]));
    return `[${escapeMarkdown(where)}](command:${Commands.openTokenSource}?${args} "Open ${escapeMarkdown(where)}")`;
  }

  private compute(): TokenEntry[] {
    const now = this.services.now();
    const policy = this.policy();
    const tz = this.timeZone();
    return this.services.store
      .list()
      .map((meta) => ({ meta, status: evaluateAge(meta, now, policy, tz) }))
      .sort(
        (a, b) =>
          StateRank[a.status.state] - StateRank[b.status.state] ||
          (b.status.ageDays ?? 0) - (a.status.ageDays ?? 0) ||
          a.meta.label.localeCompare(b.meta.label),
      );
  }

  private computeOne(id: string): TokenEntry | undefined {
    const meta = this.services.store.meta(id);
    return meta && { meta, status: evaluateAge(meta, this.services.now(), this.policy(), this.timeZone()) };
  }
}

/** Whether `uri` names an existing file (`workspace.fs.stat`). */
export async function fileExists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
