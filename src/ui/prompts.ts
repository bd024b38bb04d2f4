import * as vscode from 'vscode';
import { withProductPrefix } from './prefix';

/**
 * Every prompt and notification the extension shows goes through this interface (a subset of
 * `vscode.window` with the same signatures), so host tests can answer prompts: a window that runs
 * extension tests refuses modal dialogs, and an unanswered input box waits forever.
 */
export interface Prompts {
  showInputBox(options: vscode.InputBoxOptions): Thenable<string | undefined>;
  showQuickPick<T extends vscode.QuickPickItem>(items: readonly T[] | Thenable<readonly T[]>, options: vscode.QuickPickOptions): Thenable<T | undefined>;
  showInformationMessage<T extends string>(message: string, ...items: T[]): Thenable<T | undefined>;
  showInformationMessage<T extends string>(message: string, options: vscode.MessageOptions, ...items: T[]): Thenable<T | undefined>;
  showWarningMessage<T extends string>(message: string, ...items: T[]): Thenable<T | undefined>;
  showWarningMessage<T extends string>(message: string, options: vscode.MessageOptions, ...items: T[]): Thenable<T | undefined>;
  showErrorMessage<T extends string>(message: string, ...items: T[]): Thenable<T | undefined>;
  showErrorMessage<T extends string>(message: string, options: vscode.MessageOptions, ...items: T[]): Thenable<T | undefined>;
}

/** The real prompts: `vscode.window`; every message opens with the product name ({@link withProductPrefix}). */
export const windowPrompts: Prompts = {
  showInputBox: (o) => vscode.window.showInputBox(o),
  showQuickPick: (items, o) => vscode.window.showQuickPick(items, o),
  showInformationMessage: (m: string, ...rest: unknown[]) => (vscode.window.showInformationMessage as (...a: unknown[]) => Thenable<never>)(withProductPrefix(m), ...rest),
  showWarningMessage: (m: string, ...rest: unknown[]) => (vscode.window.showWarningMessage as (...a: unknown[]) => Thenable<never>)(withProductPrefix(m), ...rest),
  showErrorMessage: (m: string, ...rest: unknown[]) => (vscode.window.showErrorMessage as (...a: unknown[]) => Thenable<never>)(withProductPrefix(m), ...rest),
};

/** One prompt shown to a {@link ScriptedPrompts} instance, as recorded for assertions. */
export interface ShownPrompt {
  kind: 'input' | 'pick' | 'info' | 'warning' | 'error';
  /** Message text, or the prompt/title/placeholder of an input or pick. */
  text: string;
  /** Button labels or pick item labels offered. */
  items: string[];
  /** Input box options (`password` etc.) when kind is 'input'. */
  password?: boolean;
  /** `MessageOptions.modal` / `detail` of a message, when given. */
  modal?: boolean;
  detail?: string;
  /** Prefilled value of an input box. */
  value?: string;
  /** Title of an input box or pick. */
  title?: string;
}

/**
 * Test double of {@link Prompts}: answers come from a queue (`answers`), each prompt shown is
 * recorded in `shown`. A message with buttons takes the next answer only when it matches one
 * of its buttons (else resolves `undefined`, as a dismissed notification). An input box or pick
 * with an empty queue resolves `undefined` (the user pressed Escape). A pick answer is matched
 * against item labels. Used only when the extension runs under tests.
 */
export class ScriptedPrompts implements Prompts {
  answers: (string | undefined)[] = [];
  readonly shown: ShownPrompt[] = [];

  /** Queue answers for the next prompts. */
  answer(...answers: (string | undefined)[]): void {
    this.answers.push(...answers);
  }

  reset(): void {
    this.answers = [];
    this.shown.length = 0;
  }

  async showInputBox(o: vscode.InputBoxOptions): Promise<string | undefined> {
    this.shown.push({ kind: 'input', text: o.prompt ?? o.title ?? o.placeHolder ?? '', items: [], password: o.password, value: o.value, title: o.title });
    const a = this.answers.shift();
    if (a !== undefined && o.validateInput) {
      const v = await o.validateInput(a);
      if (v) throw new Error(`ScriptedPrompts: answer rejected by validateInput: ${typeof v === 'string' ? v : v.message}`);
    }
    return a;
  }

  async showQuickPick<T extends vscode.QuickPickItem>(items: readonly T[] | Thenable<readonly T[]>, o: vscode.QuickPickOptions): Promise<T | undefined> {
    const list = await items;
    this.shown.push({ kind: 'pick', text: o.title ?? o.placeHolder ?? '', items: list.map((i) => i.label) });
    const a = this.answers.shift();
    return a === undefined ? undefined : list.find((i) => i.label === a || i.label.includes(a));
  }

  showInformationMessage<T extends string>(m: string, ...rest: unknown[]): Thenable<T | undefined> {
    return this.message('info', m, rest);
  }
  showWarningMessage<T extends string>(m: string, ...rest: unknown[]): Thenable<T | undefined> {
    return this.message('warning', m, rest);
  }
  showErrorMessage<T extends string>(m: string, ...rest: unknown[]): Thenable<T | undefined> {
    return this.message('error', m, rest);
  }

  private async message<T extends string>(kind: ShownPrompt['kind'], text: string, rest: unknown[]): Promise<T | undefined> {
    const items = rest.filter((r): r is string => typeof r === 'string');
    const options = rest.find((r): r is vscode.MessageOptions => !!r && typeof r === 'object');
    this.shown.push({ kind, text, items, ...(options ? { modal: options.modal, detail: options.detail } : {}) });
    if (items.length === 0) return undefined;
    if (this.answers.length > 0 && items.includes(this.answers[0] as string)) return this.answers.shift() as T;
    return undefined;
  }
}
