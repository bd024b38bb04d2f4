/**
 * History and index scans of a git repository with the CLI's file policy (see `scan.ts`). Pure Node, no `vscode`:
 * used by the CLI (`scan --git`, `scan --staged`) and usable by the editor.
 */
export { scanHistory, scanStaged, GitError } from './scan';
export type { HistoryFinding, HistoryReport, HistoryRevOptions, HistoryScanOptions } from './scan';
