/**
 * The view badge and the status-bar item that count tokens due for rotation
 * (`$(key) 2 tokens due`, warning background when one is overdue; hidden when none is due).
 */
import * as vscode from 'vscode';
import { Commands, StatusBarItems, WorkbenchColors } from '../constants';
import type { TokenEntry } from './tokenTree';

/** The badge and status bar of the panel. */
export interface DueIndicators extends vscode.Disposable {
  /** Shows the counts of `entries` (the panel's rows as just recomputed). */
  show(entries: readonly TokenEntry[]): void;
  /** The status-bar item as shown: text, tooltip, and whether it is visible. */
  statusBar(): { text: string; tooltip: string | undefined; visible: boolean };
}

/** Creates the status-bar item; the badge goes on `view`. */
export function createDueIndicators(view: vscode.TreeView<string>): DueIndicators {
  const statusItem = vscode.window.createStatusBarItem(StatusBarItems.tokensDue, vscode.StatusBarAlignment.Left, 10);
  statusItem.name = 'Gogs Key Hygiene: Tokens Due';
  statusItem.command = Commands.showTokens;
  let statusVisible = false;
  return {
    show(entries) {
      const due = entries.filter((e) => e.status.due);
      const overdue = due.filter((e) => e.status.state === 'overdue').length;
      const noun = due.length === 1 ? 'token' : 'tokens';
      view.badge = due.length ? { value: due.length, tooltip: `${due.length} Gogs ${noun} due for rotation` } : undefined;
      if (due.length) {
        statusItem.text = `$(key) ${due.length} ${noun} due`;
        statusItem.tooltip = `${due.length} Gogs ${noun} due for rotation${overdue ? ` (${overdue} overdue)` : ''}. Click to open the Gogs Tokens panel.`;
        statusItem.backgroundColor = overdue ? new vscode.ThemeColor(WorkbenchColors.warningBackground) : undefined;
        statusItem.show();
        statusVisible = true;
      } else {
        statusItem.hide();
        statusVisible = false;
      }
    },
    statusBar: () => ({
      text: statusItem.text,
      tooltip: typeof statusItem.tooltip === 'string' ? statusItem.tooltip : statusItem.tooltip?.value,
      visible: statusVisible,
    }),
    dispose: () => statusItem.dispose(),
  };
}
