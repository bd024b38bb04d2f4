/**
 * The table rule: Gogs' `access_token` table in SQL `INSERT`s (single- and multi-line), PostgreSQL `COPY … FROM
 * stdin` blocks and CSV/TSV/psql/markdown exports with a `sha1` and `uid` column; also `key<sep>value` rows and
 * columns named after a credential.
 */
import type { Verdict } from './catalogue';
import { CONTEXT_CHARS, CONTEXT_LINES, Ctx } from './context';
import { CR, DQUOTE, SPACE, SQUOTE, isQuote } from './chars';
import { classifyKey } from './keys';
import { IDENTIFIER_LIKE_RE, Keyed } from './lhs';
import { tableVerdict } from './verdicts';

const SQL_INSERT_RE = /\binsert\s+(?:ignore\s+)?into\s+[`"[]?(?:\w+[`"\]]?\.[`"[]?)?access_token\b/i;
const SQL_COPY_RE = /^\s*copy\s+(?:\w+\.)?"?access_token"?\s*\(([^)]*)\)\s*from\s+stdin/i;
const CSV_SEPARATORS = [',', '\t', ';', '|'];
const HEADER_FIELD_RE = /^[a-z_][a-z0-9_ .-]{0,63}$/;
const HEX40_FIELD_RE = /^\s*["'`]?[0-9a-f]{40}["'`]?\s*$/;

/** Longest table row the table rule reads (UTF-16 units). */
const MAX_ROW = 2048;

/** Header fields, `null` for a row of the same shape (keep walking), `undefined` for anything else. */
type HeaderFields = string[] | null | undefined;

/**
 * The table rule over one text. Rows of one table share their header lookups (memoized per absolute line start)
 * and the file's first line (read once, capped at {@link CONTEXT_CHARS}).
 */
export class Tables {
  private firstLineCache?: string;
  /** Table-header verdicts per absolute line start. */
  private readonly headerMemo = new Map<number, { key: string; fields: HeaderFields }>();

  /** `keyed` decides on `key<sep>value` rows (`| GITEA_TOKEN | <t> |`). */
  constructor(private readonly text: string, private readonly keyed: Keyed) {}

  /** The verdict on the candidate of `ctx` as a table cell, or null. */
  table(ctx: Ctx): Verdict | null {
    const w = ctx.w;
    const { s, ls, le } = ctx;
    // the token must be a whole field: what surrounds it (past quotes and spaces) is a separator or the line edge
    const before = fieldEdgeBefore(w, ls, s);
    const after = fieldEdgeAfter(w, ctx.e, le);
    const quoteBefore = s > ls ? w.charCodeAt(s - 1) : 0;
    // SQL INSERT values `(1,1,'ci','<t>',…)`; multi-row inserts may start on an earlier line
    if ((quoteBefore === SQUOTE || quoteBefore === DQUOTE) && (before === ',' || before === '(') && insertAbove(ctx)) {
      return tableVerdict(ctx, 'in an INSERT into the access_token table');
    }
    const sepBefore = before === '' ? after : before;
    if (sepBefore === '' || (after !== '' && after !== sepBefore) || !CSV_SEPARATORS.includes(sepBefore)) return null;
    // PostgreSQL COPY … FROM stdin: tab-separated rows until `\.`
    if (sepBefore === '\t') {
      const copy = copyColumn(ctx);
      if (copy !== undefined) return copy === 'sha1' ? tableVerdict(ctx, 'in a COPY of the access_token table') : null;
    }
    // CSV/TSV/psql/markdown tables: a header naming the column, or the key in the field before (rows of sane length)
    if (!ctx.lsTrue || le >= w.length || le - ls > MAX_ROW) return null;
    const sep = sepBefore;
    const line = w.slice(ls, le);
    const idx = fieldIndex(w, ls, s, sep);
    const fields = splitFields(line, sep);
    if (fields[idx] !== w.slice(s, ctx.e)) return null;
    // key<sep>value rows: `| GITEA_TOKEN | <t> |`, `GITEA_TOKEN,<t>`
    if (idx >= 1) {
      const keyField = trimQuotes(line.split(sep)[idx - 1].trim());
      if (IDENTIFIER_LIKE_RE.test(keyField)) {
        const v = this.keyed(ctx, keyField, { op: '=', opPos: ctx.ls, key: keyField, keyStart: ctx.ls, quote: '', scheme: '' });
        if (v !== null) return v;
      }
    }
    const header = this.findHeader(ctx, sep, fields.length, idx);
    if (header === undefined) return null;
    const col = header[idx];
    const names = new Set(header);
    if (col === 'sha1' && (names.has('uid') || names.has('created_unix') || names.has('user_id'))) {
      return tableVerdict(ctx, 'in the sha1 column of an access_token export');
    }
    const kc = classifyKey(col);
    if (kc === 'forge' || (kc === 'generic' && ctx.forgeNearer())) {
      return { ...tableVerdict(ctx, `in the ${col} column of a table`), keyName: col };
    }
    return null;
  }

  /** First line of the text (capped at CONTEXT_CHARS), for table headers. */
  private firstLine(): string {
    if (this.firstLineCache === undefined) {
      const cap = this.text.slice(0, CONTEXT_CHARS);
      const nl = cap.indexOf('\n');
      this.firstLineCache = nl === -1 ? cap : cap.slice(0, nl);
    }
    return this.firstLineCache;
  }

  /**
   * Header fields for a table row with `count` fields: the nearest header-like line above within the table (the
   * walk stops at the first line that is neither a row of the same shape nor a rule line), or the file's first line.
   */
  private findHeader(ctx: Ctx, sep: string, count: number, idx: number): string[] | undefined {
    const w = ctx.w;
    const memoKey = `${sep}${count}/${idx}`;
    const classify = (l: string): HeaderFields => {
      if (countChar(l, sep) !== count - 1) return undefined;
      // a 40-hex value where the column name would be: a data row
      if (HEX40_FIELD_RE.test(fieldAt(l, sep, idx))) return null;
      const f = splitFields(l, sep);
      return f.every((x) => x === '' || HEADER_FIELD_RE.test(x)) && f.some((x) => x !== '') ? f : null;
    };
    let p = ctx.ls;
    for (let k = 0; k < CONTEXT_LINES && p > ctx.ws; k++) {
      const pls = ctx.lineStartOf(p - 1);
      const pl = w.slice(pls, p - 1);
      p = pls;
      if (/^[\s+|=:-]*$/.test(pl)) continue; // rules of psql/mysql/markdown tables
      const abs = ctx.lo + pls;
      let m = this.headerMemo.get(abs);
      if (m === undefined || m.key !== memoKey) {
        m = { key: memoKey, fields: classify(pl) };
        this.headerMemo.set(abs, m);
      }
      if (m.fields === undefined) break;
      if (m.fields !== null) return m.fields;
    }
    if (!ctx.onFirstLine()) return classify(this.firstLine()) ?? undefined;
    return undefined;
  }
}

/** True when the candidate's line is an `INSERT INTO access_token`, or a row of one that starts above. */
function insertAbove(ctx: Ctx): boolean {
  const w = ctx.w;
  const ls = ctx.ls;
  const line = w.slice(ls, ctx.le);
  if (SQL_INSERT_RE.test(line)) return true;
  if (!/^\s*\(/.test(line)) return false;
  let p = ls;
  for (let k = 0; k < CONTEXT_LINES && p > ctx.ws; k++) {
    const pls = ctx.lineStartOf(p - 1);
    const pl = w.slice(pls, p - 1);
    if (SQL_INSERT_RE.test(pl)) return true;
    if (!/^\s*\(/.test(pl) && !/\bvalues\s*$/i.test(pl)) break;
    p = pls;
  }
  return false;
}

/**
 * For a tab-separated row under `COPY access_token (…) FROM stdin`: the column name of the candidate's field
 * ('' when there is none); undefined when no such COPY is above.
 */
function copyColumn(ctx: Ctx): string | undefined {
  const w = ctx.w;
  const ls = ctx.ls;
  let p = ls;
  for (let k = 0; k < CONTEXT_LINES && p > ctx.ws; k++) {
    const pls = ctx.lineStartOf(p - 1);
    const pl = w.slice(pls, p - 1);
    const cm = SQL_COPY_RE.exec(pl);
    if (cm) {
      const cols = cm[1].split(',').map((c) => c.trim().replace(/"/g, '').toLowerCase());
      return cols[fieldIndex(w, ls, ctx.s, '\t')] ?? '';
    }
    if (pl.startsWith('\\.') || pl.indexOf('\t') === -1) break;
    p = pls;
  }
  return undefined;
}

function countChar(l: string, ch: string): number {
  let n = 0;
  for (let i = l.indexOf(ch); i !== -1; i = l.indexOf(ch, i + 1)) n++;
  return n;
}

/** Field `idx` of `l` split on `sep` (no quote handling: a quick look only). */
function fieldAt(l: string, sep: string, idx: number): string {
  let a = 0;
  for (let k = 0; k < idx; k++) {
    const i = l.indexOf(sep, a);
    if (i === -1) return '';
    a = i + 1;
  }
  const b = l.indexOf(sep, a);
  return l.slice(a, b === -1 ? l.length : b);
}

/** The separator character before a field starting at `s` (skipping spaces and quotes), '' at the line start. */
function fieldEdgeBefore(w: string, ls: number, s: number): string {
  let p = s;
  while (p > ls && (w.charCodeAt(p - 1) === SPACE || isQuote(w.charCodeAt(p - 1)))) p--;
  return p === ls ? '' : w[p - 1];
}

/** The separator character after a field ending at `e` (skipping spaces, quotes and a CR), '' at the line end. */
function fieldEdgeAfter(w: string, e: number, le: number): string {
  let p = e;
  while (p < le && (w.charCodeAt(p) === SPACE || isQuote(w.charCodeAt(p)) || w.charCodeAt(p) === CR)) p++;
  return p === le ? '' : w[p];
}

/** 0-based index of the field containing `s` on the line starting at `ls`, for separator `sep`, honouring "…" quotes. */
function fieldIndex(w: string, ls: number, s: number, sep: string): number {
  let idx = 0;
  let inQuote = false;
  const sc = sep.charCodeAt(0);
  for (let p = ls; p < s; p++) {
    const c = w.charCodeAt(p);
    if (c === DQUOTE) inQuote = !inQuote;
    else if (c === sc && !inQuote) idx++;
  }
  return idx;
}

function splitFields(line: string, sep: string): string[] {
  return line.split(sep).map((f) => trimQuotes(f.trim()).toLowerCase());
}

/** Strips surrounding quote characters (no regex: runs of quotes are an adversarial input). */
function trimQuotes(f: string): string {
  let a = 0;
  let b = f.length;
  while (a < b && isQuote(f.charCodeAt(a))) a++;
  while (b > a && isQuote(f.charCodeAt(b - 1))) b--;
  return f.slice(a, b);
}
