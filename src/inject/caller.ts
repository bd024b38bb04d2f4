/**
 * Did VS Code itself run a command, or did an extension call it?
 *
 * VS Code tells a command handler nothing about its caller. What differs is the way in: when the
 * workbench resolves `${command:…}` for a task or launch configuration (VS Code 1.100,
 * `baseConfigurationResolverService.ts` → `commandService.executeCommand`), the call reaches the
 * extension host as an RPC message, and the handler runs synchronously under
 * `ExtHostCommands.$executeContributedCommand` (`vs/workbench/api/common/extHostCommands.ts`,
 * called by the RPC protocol). `vscode.commands.executeCommand` from an extension in the same
 * extension host calls the handler directly (`_doExecuteCommand` → `_executeContributedCommand`),
 * with the calling extension's code further down the stack.
 *
 * So the synchronous stack at the start of the handler tells the two apart: above our own frames,
 * only VS Code's code (files under `<appRoot>/out`) up to an RPC `$executeContributedCommand`.
 * This is no security boundary against a hostile extension — it runs in the same process and can
 * forge a stack or read our memory — nor against an extension in another extension host, whose
 * `executeCommand` also arrives as an RPC; it keeps an extension that resolves `${command:…}` in
 * workspace settings (or any other direct caller) from reusing a task's approval.
 *
 * Pure (Node only, no `vscode` import).
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CallOrigin } from './approvals';

/** One frame of a synchronous stack, as read from V8's CallSite API. */
export interface Frame {
  /** Function or method name (`$executeContributedCommand`), if any. */
  fn: string | undefined;
  /** Absolute file path (file: URLs converted), if any. */
  file: string | undefined;
  /** Code from eval / new Function (its file name can be chosen freely). */
  isEval: boolean;
}

/** Name of the extension-host RPC entry of a command run by the workbench (VS Code 1.100). */
export const RPC_COMMAND_ENTRY = '$executeContributedCommand';

/**
 * The synchronous stack above `below` (which is left out), outermost caller last. Uses
 * `Error.prepareStackTrace` and `Error.stackTraceLimit` for the duration of the call only.
 */
export function captureFrames(below: (...args: never[]) => unknown): Frame[] {
  const E = Error as ErrorConstructor & { prepareStackTrace?: (e: Error, s: NodeJS.CallSite[]) => unknown };
  const savedPrepare = E.prepareStackTrace;
  const savedLimit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = 200;
    E.prepareStackTrace = (_e, sites) => sites;
    const holder: { stack?: unknown } = {};
    Error.captureStackTrace(holder, below);
    const sites = holder.stack as NodeJS.CallSite[] | undefined;
    if (!Array.isArray(sites)) return [];
    return sites.map((s) => ({
      fn: s.getFunctionName() ?? s.getMethodName() ?? undefined,
      file: normalizeFile(s.getFileName() ?? undefined),
      isEval: s.isEval(),
    }));
  } catch {
    return [];
  } finally {
    E.prepareStackTrace = savedPrepare;
    Error.stackTraceLimit = savedLimit;
  }
}

function normalizeFile(file: string | undefined): string | undefined {
  if (!file) return undefined;
  if (file.startsWith('file://')) {
    try {
      return fileURLToPath(file);
    } catch {
      return file;
    }
  }
  return file;
}

function under(file: string | undefined, root: string): boolean {
  if (!file || !root) return false;
  const rel = path.relative(root, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * Classifies a call from its synchronous stack (innermost first).
 *
 * @param frames from {@link captureFrames} at the start of the command handler
 * @param roots `appRoot`: `vscode.env.appRoot` (VS Code's own code is under `<appRoot>/out`);
 *   `ownRoot`: this extension's folder (our own frames come first and are skipped)
 * @returns `workbench` when, above our own frames, only VS Code's code leads to an RPC
 *   `$executeContributedCommand` (itself called by VS Code's code); else `extension`
 */
export function originOf(frames: readonly Frame[], roots: { appRoot: string; ownRoot: string }): CallOrigin {
  const vscodeOut = path.join(roots.appRoot, 'out');
  let i = 0;
  while (i < frames.length && !frames[i].isEval && under(frames[i].file, roots.ownRoot)) i++;
  if (i === 0) return 'extension';
  for (; i < frames.length; i++) {
    const f = frames[i];
    if (f.isEval || !under(f.file, vscodeOut)) return 'extension';
    if (f.fn === RPC_COMMAND_ENTRY || f.fn?.endsWith('.' + RPC_COMMAND_ENTRY)) {
      const caller = frames[i + 1];
      return caller && !caller.isEval && under(caller.file, vscodeOut) ? 'workbench' : 'extension';
    }
  }
  return 'extension';
}
