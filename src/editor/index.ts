import * as vscode from 'vscode';
import { Services } from '../services';
import { DiagnosticsController } from './diagnostics';
import { registerHover } from './hover';
import { registerQuickFixes } from './quickFixes';
import { registerSettingsNotice } from './settingsNotice';
import { registerWorkspaceScan } from './workspaceScan';

export { DiagnosticsController } from './diagnostics';
export type { WorkspaceScanSummary } from './workspaceScan';
export type { MoveArgs } from './quickFixes';

/** The editor feature's handle (for the test seam). */
export interface EditorFeature {
  diagnostics: DiagnosticsController;
  /** Announces workspace settings that weaken detection (once per workspace and value set). */
  settingsNotice: ReturnType<typeof registerSettingsNotice>;
}

/**
 * Registers the editor layer: the diagnostics pipeline (checking every open document and, at
 * activation, every visible editor), quick fixes, hover, the workspace scan and the notice about
 * workspace settings that weaken detection.
 */
export function registerEditor(services: Services): EditorFeature {
  const diagnostics = new DiagnosticsController(services);
  services.context.subscriptions.push(diagnostics);
  registerQuickFixes(services, diagnostics);
  registerHover(services, diagnostics);
  registerWorkspaceScan(services, diagnostics);
  const settingsNotice = registerSettingsNotice(services);
  // Visible editors first, then the other open documents; deferred so activation stays fast.
  setTimeout(() => {
    for (const editor of vscode.window.visibleTextEditors) diagnostics.schedule(editor.document, 0);
    diagnostics.recheckAll();
  }, 0);
  return { diagnostics, settingsNotice };
}
