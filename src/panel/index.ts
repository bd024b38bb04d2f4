/**
 * The token panel: the "Gogs Tokens" tree view in its own activity-bar container, the view
 * badge and status-bar item counting tokens due for rotation, and the once-a-day reminders.
 * Entry point: {@link registerPanel} (one line in src/extension.ts).
 */
import * as vscode from 'vscode';
import { userSetting } from '../config';
import { isFiniteNumber } from '../configPolicy';
import { Commands, NS, Settings, StatusBarItems, Views, WorkbenchColors } from '../constants';
import type { Services } from '../services';
import { AgePolicy, normalizePolicy, systemTimeZone } from './agePolicy';
import { CLIPBOARD_CLEAR_MS, registerTokenCommands } from './commands';
import { nameOf } from '../tokens/naming';
import { markReminded, pruneBook, REMINDER_BOOK_KEY, ReminderBook, snooze, SNOOZE_DAYS, tokensToRemind } from './reminderPolicy';
import { TokenEntry, TokenTreeProvider } from './tokenTree';
import { messageOf } from '../util/errors';

export { TokenTreeProvider } from './tokenTree';

/** How often ages, badge and status bar are recomputed and reminders checked, in ms. */
export const REFRESH_INTERVAL_MS = 3_600_000;
/** Delay after activation before the first reminder check, in ms (keeps activation quiet and fast). */
export const FIRST_REMINDER_DELAY_MS = 15_000;
/** Above this many tokens to remind at once, one combined notification is shown instead of one each. */
export const MAX_SEPARATE_REMINDERS = 3;

/** Buttons of a reminder notification. */
export const ReminderActions = {
  rotate: 'Rotate Now',
  snooze: `Snooze ${SNOOZE_DAYS} Days`,
  open: 'Open Panel',
} as const;

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
  const { context, store, prompts, log } = services;
  const timeZone = systemTimeZone;
  let clipboardClearMs = CLIPBOARD_CLEAR_MS;
  const subs = context.subscriptions;

  const provider = new TokenTreeProvider(services, readPolicy, timeZone);
  const view = vscode.window.createTreeView(Views.tokens, { treeDataProvider: provider, showCollapseAll: false });
  const statusItem = vscode.window.createStatusBarItem(StatusBarItems.tokensDue, vscode.StatusBarAlignment.Left, 10);
  statusItem.name = 'Gogs Key Hygiene: Tokens Due';
  statusItem.command = Commands.showTokens;
  let statusVisible = false;
  subs.push(provider, view, statusItem);

  /** Recomputes ages and updates tree, badge and status bar. */
  function update(): TokenEntry[] {
    const entries = provider.refresh();
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
    return entries;
  }

  function book(): ReminderBook {
    const raw = context.globalState.get<ReminderBook>(REMINDER_BOOK_KEY);
    return raw && typeof raw === 'object' ? { ...raw } : {};
  }

  async function saveBook(next: ReminderBook): Promise<void> {
    await context.globalState.update(REMINDER_BOOK_KEY, next);
  }

  async function onReminderAnswer(ids: string[], choice: string | undefined): Promise<void> {
    if (choice === ReminderActions.snooze) {
      await saveBook(snooze(book(), ids, services.now()));
      log.info(`Snoozed rotation reminders for ${ids.length} token(s) for ${SNOOZE_DAYS} days.`);
    } else if (choice === ReminderActions.open) {
      await vscode.commands.executeCommand(Commands.showTokens);
    } else if (choice === ReminderActions.rotate && ids.length === 1) {
      try {
        await vscode.commands.executeCommand(Commands.rotateToken, ids[0]);
      } catch (err) {
        const detail = messageOf(err);
        await prompts.showErrorMessage(`Could not start the rotation: ${detail}`);
      }
    }
  }

  let checking: Promise<string[]> | undefined;
  /**
   * Shows the reminders due now and records them (at most one per token per local day).
   * @returns the reminded ids, and a promise settled once the user's answers were handled
   */
  async function checkReminders(): Promise<{ ids: string[]; settled: Promise<void> }> {
    const entries = update();
    const now = services.now();
    const tz = timeZone();
    const ids = tokensToRemind(entries.map((e) => ({ id: e.meta.id, status: e.status })), book(), now, tz);
    if (ids.length === 0) return { ids, settled: Promise.resolve() };
    await saveBook(markReminded(book(), ids, now, tz));
    const byId = new Map(entries.map((e) => [e.meta.id, e]));
    const shown: Thenable<void>[] = [];
    if (ids.length > MAX_SEPARATE_REMINDERS) {
      const overdue = ids.filter((id) => byId.get(id)?.status.state === 'overdue').length;
      const msg = `${ids.length} Gogs tokens are due for rotation${overdue ? ` (${overdue} overdue)` : ''}.`;
      shown.push(prompts.showWarningMessage(msg, ReminderActions.open, ReminderActions.snooze).then((c) => onReminderAnswer(ids, c)));
    } else {
      for (const id of ids) {
        const e = byId.get(id);
        if (!e) continue;
        const left = e.status.daysLeft ?? 0;
        const when =
          left < 0 ? `is overdue for rotation by ${-left} ${left === -1 ? 'day' : 'days'}` : left === 0 ? 'is due for rotation today' : `is due for rotation in ${left} ${left === 1 ? 'day' : 'days'}`;
        const msg = `Gogs token ${nameOf(e.meta)} ${when}.`;
        const show = e.status.state === 'overdue' ? prompts.showWarningMessage.bind(prompts) : prompts.showInformationMessage.bind(prompts);
        shown.push(show(msg, ReminderActions.rotate, ReminderActions.snooze, ReminderActions.open).then((c) => onReminderAnswer([id], c)));
      }
    }
    const settled = Promise.all(shown).then(
      () => undefined,
      (err: unknown) => log.warn(`Reminder handling failed: ${messageOf(err)}`),
    );
    return { ids, settled };
  }

  /** One check at a time; later callers share the running one. */
  function runCheck(): Promise<string[]> {
    checking ??= checkReminders()
      .then(({ ids }) => ids)
      .catch((err: unknown) => {
        log.warn(`Reminder check failed: ${messageOf(err)}`);
        return [];
      })
      .finally(() => (checking = undefined));
    return checking;
  }

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
    statusBar: () => ({
      text: statusItem.text,
      tooltip: typeof statusItem.tooltip === 'string' ? statusItem.tooltip : statusItem.tooltip?.value,
      visible: statusVisible,
    }),
    refresh: () => void update(),
    async checkReminders() {
      while (checking) await checking;
      const { ids, settled } = await checkReminders();
      await settled;
      return ids;
    },
    reminderBook: book,
    setClipboardClearMs(ms: number) {
      clipboardClearMs = ms;
    },
  };
  return { testing };
}
