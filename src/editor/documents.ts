import * as vscode from 'vscode';
import { minimatch } from 'minimatch';
import { DetectionConfig } from '../config';

/**
 * URI schemes whose documents are checked: files on disk (local or remote), untitled buffers
 * (a token pasted into a scratch buffer is still a token) and VS Code's own settings files.
 * Output channels, git blobs, SCM input and other virtual schemes are not.
 */
export const CHECKED_SCHEMES: readonly string[] = ['file', 'untitled', 'vscode-userdata', 'vscode-remote', 'vscode-vfs'];

/** Document selector for providers (code actions, hover), matching {@link CHECKED_SCHEMES}. */
export const DOCUMENT_SELECTOR: vscode.DocumentSelector = CHECKED_SCHEMES.map((scheme) => ({ scheme }));

/**
 * True when `uri` matches one of the `gogsKeyHygiene.exclude` minimatch globs, evaluated
 * relative to its workspace folder (or against the full path outside any folder).
 */
export function isExcluded(uri: vscode.Uri, config: DetectionConfig): boolean {
  return excludingGlob(uri, config) !== undefined;
}

/** The first `gogsKeyHygiene.exclude` glob that matches `uri` (see {@link isExcluded}), or `undefined`. */
export function excludingGlob(uri: vscode.Uri, config: DetectionConfig): string | undefined {
  if (config.exclude.length === 0 || uri.scheme === 'untitled') return undefined;
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  const rel = folder ? vscode.workspace.asRelativePath(uri, false) : uri.path;
  return config.exclude.find((g) => minimatch(rel, g, { dot: true, matchBase: !g.includes('/') }));
}

/** File name used by the detector's file-kind rules: the path for files, the name otherwise. */
export function fileNameOf(doc: vscode.TextDocument): string {
  return doc.uri.scheme === 'untitled' ? '' : doc.uri.path;
}
