import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { affectsUs, ourSettings } from '../config';
import { noticeText, WorkspaceOverride, workspaceOverrides } from '../configPolicy';
import { NS } from '../constants';
import type { Services } from '../services';

/** `workspaceState` key: SHA-256 of the overrides last announced in this workspace (never their text). */
export const SETTINGS_NOTICE_KEY = `${NS}.settingsNoticeShown`;

/** Button of the notice. */
export const OPEN_WORKSPACE_SETTINGS = 'Open Workspace Settings';

/**
 * Announces, once per workspace and per distinct set of values, the workspace and folder settings
 * that weaken detection (`gogsKeyHygiene.exclude` globs, applied) or try to (user-only safety
 * settings, ignored): see `workspaceOverrides` in src/configPolicy.ts. Runs after activation (not
 * during it), on changes of our settings and of the workspace folders.
 * @returns `check`, which runs the announcement now and resolves with the overrides found (tests)
 */
export function registerSettingsNotice(services: Services): { check(): Promise<WorkspaceOverride[]> } {
  const { context, prompts, log } = services;
  let running: Promise<WorkspaceOverride[]> = Promise.resolve([]);

  function current(): WorkspaceOverride[] {
    const all = [...workspaceOverrides(ourSettings())];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      for (const o of workspaceOverrides(ourSettings(folder.uri))) if (o.origin === 'workspaceFolder') all.push(o);
    }
    return all;
  }

  async function announce(): Promise<WorkspaceOverride[]> {
    const found = current();
    if (found.length === 0) return found;
    const digest = createHash('sha256').update(JSON.stringify(found)).digest('hex');
    if (context.workspaceState.get<string>(SETTINGS_NOTICE_KEY) === digest) return found;
    await context.workspaceState.update(SETTINGS_NOTICE_KEY, digest);
    const text = noticeText(found);
    log.warn(text);
    void Promise.resolve(prompts.showWarningMessage(text, OPEN_WORKSPACE_SETTINGS)).then((choice) => {
      if (choice === OPEN_WORKSPACE_SETTINGS) void vscode.commands.executeCommand('workbench.action.openWorkspaceSettingsFile');
    });
    return found;
  }

  const check = (): Promise<WorkspaceOverride[]> => {
    running = running.then(announce, announce);
    return running;
  };

  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsUs(e)) void check();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void check()),
  );
  setTimeout(() => void check(), 0);
  return { check };
}
