/**
 * The token panel: the "Gogs Tokens" tree view in its own activity-bar container, the view
 * badge and status-bar item counting tokens due for rotation (`dueIndicators.ts`), and the
 * once-a-day reminders (`reminders.ts`), refreshed hourly.
 * Entry point: {@link registerPanel} (one line in src/extension.ts).
 */
import * as vscode from 'vscode';
import { userSetting } from '../config';
import { isFiniteNumber } from '../configPolicy';
import { Commands, NS, Settings, Views } from '../constants';
import type { Services } from '../services';
import { AgePolicy, normalizePolicy, systemTimeZone } from './agePolicy';
import { CLIPBOARD_CLEAR_MS, registerTokenCommands } from './commands';
import { createDueIndicators } from './dueIndicators';
import { pruneBook, ReminderBook } from './reminderPolicy';
import { createReminders } from './reminders';
import { TokenEntry, TokenTreeProvider } from './tokenTree';

export { TokenTreeProvider } from './tokenTree';

/** How often ages, badge and status bar are recomputed and reminders checked, in ms. */
export const REFRESH_INTERVAL_MS = 3_600_000;
/** Delay after activation before the first reminder check, in ms (keeps activation quiet and fast). */
export const FIRST_REMINDER_DELAY_MS = 15_000;
export { MAX_SEPARATE_REMINDERS, ReminderActions } from './reminders';

/** What host tests read and drive (exposed through `api.testing.panel`). */
export interface PanelTestHooks {
  /** The tree's data provider. */
  readonly provider: TokenTreeProvider;
  /** The tree view (its `badge` is what the user sees on the view and the activity bar). */
  readonly view: vscode.TreeView<string>;
  /** The tree items in display order, each with its Markdown tooltip resolved. */
  items(): Promise<vscode.TreeItem[]>;
  /** The status-bar item as shown: text, tooltip, and whether it is visible. */
  statusBar(): { text: string; tooltip: string | undefined; visible: boolean };
  /** Recomputes ages, badge and status bar now (as the hourly timer does). */
  refresh(): void;
  /** Runs the reminder check now; resolves with the reminded token ids once the answers were handled. */
  checkReminders(): Promise<string[]>;
  /** The persisted snoozes and last-reminded days. */
  reminderBook(): ReminderBook;
  /** Sets the clipboard-clear delay in ms (default 30 000). */
  setClipboardClearMs(ms: number): void;
}

/** The panel feature's handle, wired by `src/extension.ts`. */
export interface PanelFeature {
  /** Test hooks (tree items, badge, status bar, reminders). */
  readonly testing: PanelTestHooks;
}

/**
 * Reads `gogsKeyHygiene.maxAgeDays` / `remindDaysBefore` from the user's settings only (a
 * workspace cannot mute reminders; src/configPolicy.ts), clamped by {@link normalizePolicy}.
 */
export function readPolicy(): AgePolicy {
  return normalizePolicy({
    maxAgeDays: userSetting(Settings.maxAgeDays, isFiniteNumber, undefined),
    remindDaysBefore: userSetting(Settings.remindDaysBefore, isFiniteNumber, undefined),
  });
}

/**
 * Registers the token panel: tree view, item and title commands, badge, status bar, reminders
 * and the hourly refresh. Every Disposable goes to `services.context.subscriptions`.
 */
export function registerPanel(services: Services): PanelFeature {
  const { context, store } = services;
  const timeZone = systemTimeZone;
  let clipboardClearMs = CLIPBOARD_CLEAR_MS;
  const subs = context.subscriptions;

  const provider = new TokenTreeProvider(services, readPolicy, timeZone);
  const view = vscode.window.createTreeView(Views.tokens, { treeDataProvider: provider, showCollapseAll: false });
  const indicators = createDueIndicators(view);
  subs.push(provider, view, indicators);

  /** Recomputes ages and updates tree, badge and status bar. */
  function update(): TokenEntry[] {
    const entries = provider.refresh();
    indicators.show(entries);
    return entries;
  }

  const reminders = createReminders(services, update, timeZone);
  const { book, saveBook, runCheck } = reminders;

  subs.push(...registerTokenCommands({ services, timeZone, clipboardClearMs: () => clipboardClearMs }));
  subs.push(
    vscode.commands.registerCommand(Commands.showTokens, () => vscode.commands.executeCommand(`${Views.tokens}.focus`)),
    vscode.commands.registerCommand(Commands.refreshTokens, () => void update()),
    store.onDidChange((change) => {
      update();
      if (change.kind === 'deleted') {
        const b = book();
        if (b[change.id]) void saveBook(pruneBook(b, new Set(store.list().map((m) => m.id))));
      }
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${NS}.${Settings.maxAgeDays}`) || e.affectsConfiguration(`${NS}.${Settings.remindDaysBefore}`)) update();
    }),
    view.onDidChangeVisibility((e) => e.visible && update()),
  );

  const interval = setInterval(() => {
    update();
    void runCheck();
  }, REFRESH_INTERVAL_MS);
  subs.push({ dispose: () => clearInterval(interval) });
  // Host tests drive reminders through checkReminders(); an unprompted check in the middle of a
  // test would record "reminded today" for the test's tokens.
  if (!services.testMode) {
    const first = setTimeout(() => void runCheck(), FIRST_REMINDER_DELAY_MS);
    subs.push({ dispose: () => clearTimeout(first) });
  }

  update();

  const testing: PanelTestHooks = {
    provider,
    view,
    async items() {
      const out: vscode.TreeItem[] = [];
      for (const id of provider.getChildren()) out.push(await provider.resolveTreeItem(provider.getTreeItem(id), id));
      return out;
    },
    statusBar: () => indicators.statusBar(),
    refresh: () => void update(),
    checkReminders: () => reminders.checkNow(),
    reminderBook: book,
    setClipboardClearMs(ms: number) {
      clipboardClearMs = ms;
    },
  };
  return { testing };
}
