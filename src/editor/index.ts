import * as vscode from 'vscode';
import { Services } from '../services';
import { DiagnosticsController } from './diagnostics';
import { registerHover } from './hover';
import { registerQuickFixes } from './quickFixes';
import { registerWorkspaceScan } from './workspaceScan';

export { DiagnosticsController } from './diagnostics';
export type { WorkspaceScanSummary } from './workspaceScan';
export type { MoveArgs } from './quickFixes';

/** The editor feature's handle (for the test seam). */
export interface EditorFeature {
  diagnostics: DiagnosticsController;
}

/**
 * Registers the editor layer: the diagnostics pipeline (checking every open document and, at
 * activation, every visible editor), quick fixes, hover and the workspace scan.
 */
export function registerEditor(services: Services): EditorFeature {
  const diagnostics = new DiagnosticsController(services);
  services.context.subscriptions.push(diagnostics);
  registerQuickFixes(services, diagnostics);
  registerHover(services, diagnostics);
  registerWorkspaceScan(services, diagnostics);
  // Visible editors first, then the other open documents; deferred so activation stays fast.
  setTimeout(() => {
    for (const editor of vscode.window.visibleTextEditors) diagnostics.schedule(editor.document, 0);
    diagnostics.recheckAll();
  }, 0);
  return { diagnostics };
}
