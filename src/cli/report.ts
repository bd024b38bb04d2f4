/**
 * Output formats of the CLI, written as the results come: text lines (`file:line:column: confidence rule: message
 * [sha256:…]`, summary on stderr) or one JSON document whose `findings` array is streamed. Every field taken from a
 * file or its name is masked and escaped (see ./printable); writes wait for the stream to drain.
 */
import { Writable } from 'node:stream';
import { CliOptions } from './args';
import { escapeJsonText, shown } from './printable';
import { CliSkip, FileResult } from './types';

/** The output stream failed (the reader closed the pipe: `code` EPIPE) or was closed; nothing more can be written. */
export class OutputClosed extends Error {
  constructor(readonly code: string | undefined) {
    super(`cannot write the output${code ? ` (${code})` : ''}`);
  }
}

/** A writable stream with back-pressure: {@link Output.write} resolves once the stream can take more. */
export class Output {
  private error: Error | undefined;

  constructor(private readonly stream: NodeJS.WritableStream) {
    // an 'error' event without a listener would end the process with a stack trace (EPIPE after `| head`)
    stream.on('error', (err: Error) => {
      this.error ??= err;
    });
  }

  /** Why the stream can take no more output, if it cannot. Checks the stream's own state too (set synchronously). */
  private failure(): OutputClosed | undefined {
    const w = this.stream as Partial<Writable>;
    const err = this.error ?? w.errored ?? undefined;
    if (err) return new OutputClosed((err as NodeJS.ErrnoException).code);
    if (w.destroyed || w.writableEnded) return new OutputClosed(undefined);
    return undefined;
  }

  /**
   * Writes `s`; when the stream's buffer is full, resolves on its 'drain' (or its 'close'/'error').
   * @throws OutputClosed when the stream failed or was closed, before or while writing
   */
  async write(s: string): Promise<void> {
    let f = this.failure();
    if (f) throw f;
    const ok = this.stream.write(s);
    f = this.failure();
    if (f) throw f;
    if (!ok) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          this.stream.off('drain', done);
          this.stream.off('close', done);
          this.stream.off('error', done);
          resolve();
        };
        this.stream.on('drain', done);
        this.stream.on('close', done);
        this.stream.on('error', done);
      });
      f = this.failure();
      if (f) throw f;
    }
  }

  /** Like {@link Output.write}, for messages on stderr: never throws (a closed stderr drops them). */
  async note(s: string): Promise<void> {
    try {
      await this.write(s);
    } catch {
      // nowhere left to say it
    }
  }
}

/** Counts of a scan so far, kept by every reporter. */
export interface Totals {
  findings: number;
  filesWithFindings: number;
  filesScanned: number;
  skipped: number;
  unreadable: number;
  explicitUnreadable: number;
  suppressed: number;
}

/** Writes results as they come and the closing summary. */
export interface Reporter {
  readonly totals: Totals;
  /** Writes one file's result. @throws OutputClosed */
  file(r: FileResult): Promise<void>;
  /** Writes what comes after the last result. @throws OutputClosed */
  end(): Promise<void>;
}

function count(t: Totals, r: FileResult): void {
  t.findings += r.findings.length;
  if (r.findings.length > 0) t.filesWithFindings++;
  if (r.scanned) t.filesScanned++;
  t.suppressed += r.suppressed;
  if (r.skip) {
    t.skipped++;
    if (r.skip.reason === 'unreadable') {
      t.unreadable++;
      if (r.skip.explicit) t.explicitUnreadable++;
    }
  }
}

const zero = (): Totals => ({ findings: 0, filesWithFindings: 0, filesScanned: 0, skipped: 0, unreadable: 0, explicitUnreadable: 0, suppressed: 0 });

/**
 * Text: one line per finding on stdout; on stderr, each skipped path named on the command line and each unreadable
 * file as it comes, and a summary line at the end.
 */
export class TextReporter implements Reporter {
  readonly totals = zero();

  constructor(private readonly out: Output, private readonly err: Output, private readonly o: Pick<CliOptions, 'inlineIgnores'>) {}

  async file(r: FileResult): Promise<void> {
    count(this.totals, r);
    if (r.findings.length > 0) {
      let s = '';
      for (const f of r.findings) s += `${shown(f.file)}:${f.line}:${f.column}: ${shown(f.confidence)} ${shown(f.ruleId)}: ${shown(f.message)} [sha256:${f.fingerprint.slice(0, 12)}]\n`;
      await this.out.write(s);
    }
    const k = r.skip;
    if (k?.explicit) await this.err.note(`gogs-key-hygiene: skipped ${shown(k.file)}: ${k.reason}, ${shown(k.detail)}\n`);
    else if (k?.reason === 'unreadable') await this.err.note(`gogs-key-hygiene: cannot read ${shown(k.file)}: ${shown(k.detail)}\n`);
  }

  async end(): Promise<void> {
    const t = this.totals;
    const suppressed = this.o.inlineIgnores ? `, ${t.suppressed} suppressed by ignore directives` : ', ignore directives disregarded';
    await this.err.note(`${t.findings} token finding(s) in ${t.filesWithFindings} file(s)${suppressed}; ${t.filesScanned} file(s) scanned, ${t.skipped} skipped (${t.unreadable} unreadable)\n`);
  }
}

/** Skipped files listed in the JSON output at most (paths named on the command line are always listed). */
export const JSON_SKIPPED_MAX = 10_000;

/**
 * JSON: one document, `{ version: 1, findings: [...], skipped: [...], filesScanned, suppressed, unreadable }`, as
 * `JSON.stringify(…, null, 2)` lays it out, with `findings` written as they come. `skipped` is written at the end:
 * at most {@link JSON_SKIPPED_MAX} entries beyond the explicit ones are kept, the rest are counted in
 * `skippedNotListed` (present only then). Characters JSON leaves raw that a terminal would act on are `\u` escapes.
 */
export class JsonReporter implements Reporter {
  readonly totals = zero();
  private started = false;
  private readonly skipped: CliSkip[] = [];
  private notListed = 0;

  constructor(private readonly out: Output) {}

  private async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.out.write('{\n  "version": 1,\n  "findings": [');
  }

  async file(r: FileResult): Promise<void> {
    const first = this.totals.findings === 0;
    count(this.totals, r);
    if (r.skip) {
      if (r.skip.explicit || this.skipped.length < JSON_SKIPPED_MAX) this.skipped.push(r.skip);
      else this.notListed++;
    }
    await this.start();
    if (r.findings.length > 0) {
      let s = '';
      for (const f of r.findings) s += `${first && s === '' ? '\n' : ',\n'}    ${JSON.stringify(f, null, 2).replace(/\n/g, '\n    ')}`;
      await this.out.write(escapeJsonText(s));
    }
  }

  async end(): Promise<void> {
    await this.start();
    const t = this.totals;
    const skipped = JSON.stringify(this.skipped, null, 2).replace(/\n/g, '\n  ');
    const notListed = this.notListed > 0 ? `  "skippedNotListed": ${this.notListed},\n` : '';
    await this.out.write(escapeJsonText(
      `${t.findings > 0 ? '\n  ' : ''}],\n  "skipped": ${skipped},\n${notListed}  "filesScanned": ${t.filesScanned},\n  "suppressed": ${t.suppressed},\n  "unreadable": ${t.unreadable}\n}\n`,
    ));
  }
}
