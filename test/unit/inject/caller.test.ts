import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { captureFrames, Frame, originOf, RPC_COMMAND_ENTRY } from '../../../src/inject/caller';

const appRoot = '/opt/vscode/resources/app';
const ownRoot = '/home/u/.vscode/extensions/gogs-key-hygiene-0.1.0';
const host = path.join(appRoot, 'out', 'vs', 'workbench', 'api', 'node', 'extensionHostProcess.js');
const own = (fn: string): Frame => ({ fn, file: path.join(ownRoot, 'dist', 'extension.js'), isEval: false });
const vs = (fn: string): Frame => ({ fn, file: host, isEval: false });
const roots = { appRoot, ownRoot };

describe('inject/caller', () => {
  it('a command the workbench runs (RPC into the extension host) is the workbench', () => {
    const frames = [own('tokenValue'), own(''), vs('_executeContributedCommand'), vs(RPC_COMMAND_ENTRY), vs('_doInvokeHandler'), vs('_receiveRequest')];
    assert.equal(originOf(frames, roots), 'workbench');
    // Minified code reports a qualified method name.
    assert.equal(originOf([own('tokenValue'), vs('x'), vs(`Kc.${RPC_COMMAND_ENTRY}`), vs('y')], roots), 'workbench');
  });

  it("another extension's executeCommand, however it is dressed up, is an extension", () => {
    const other = (fn: string): Frame => ({ fn, file: '/home/u/.vscode/extensions/other.ext-1.0.0/out/main.js', isEval: false });
    // The plain direct call.
    assert.equal(originOf([own('tokenValue'), vs('_executeContributedCommand'), vs('_doExecuteCommand'), vs('executeCommand'), other('activate')], roots), 'extension');
    // A function of its own named like the RPC entry.
    assert.equal(originOf([own('tokenValue'), vs('_executeContributedCommand'), vs('executeCommand'), other(RPC_COMMAND_ENTRY), vs('_doInvokeHandler')], roots), 'extension');
    // Code evaluated with VS Code's file name.
    assert.equal(originOf([own('tokenValue'), vs('executeCommand'), { fn: RPC_COMMAND_ENTRY, file: host, isEval: true }, vs('_doInvokeHandler')], roots), 'extension');
    // A built-in extension (under appRoot, but not VS Code's own code) whose command the workbench ran, calling ours directly.
    const builtin: Frame = { fn: 'handler', file: path.join(appRoot, 'extensions', 'git', 'dist', 'main.js'), isEval: false };
    assert.equal(originOf([own('tokenValue'), vs('_executeContributedCommand'), vs('executeCommand'), builtin, vs('_executeContributedCommand'), vs(RPC_COMMAND_ENTRY), vs('_doInvokeHandler')], roots), 'extension');
    // The RPC entry called by something that is not VS Code.
    assert.equal(originOf([own('tokenValue'), vs('_executeContributedCommand'), vs(RPC_COMMAND_ENTRY), other('fake')], roots), 'extension');
    // Not our own handler on top / nothing known.
    assert.equal(originOf([vs('_executeContributedCommand'), vs(RPC_COMMAND_ENTRY), vs('_doInvokeHandler')], roots), 'extension');
    assert.equal(originOf([], roots), 'extension');
  });

  it('captureFrames reads the real stack (file: URLs as paths) and restores the V8 hooks', () => {
    const before = { prepare: (Error as { prepareStackTrace?: unknown }).prepareStackTrace, limit: Error.stackTraceLimit };
    function probe(): Frame[] {
      return captureFrames(probe);
    }
    function caller(): Frame[] {
      return probe();
    }
    const frames = caller();
    assert.equal(frames[0].fn, 'caller', 'the frame of the function that asked is first');
    assert.equal(frames[0].file, __filename);
    assert.ok(frames.length > 3);
    assert.equal((Error as { prepareStackTrace?: unknown }).prepareStackTrace, before.prepare);
    assert.equal(Error.stackTraceLimit, before.limit);
    assert.equal(originOf(frames, { appRoot: '/nonexistent', ownRoot: path.dirname(__filename) }), 'extension');
  });
});
