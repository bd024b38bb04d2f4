/**
 * The evaluator: decides, from the context window around one 40-hex candidate, whether it is a
 * Gogs/Gitea/Forgejo access token and which rule says so. Rules are tried in the catalogue's priority: URL
 * credentials (also in lockfiles), query parameters, tables, assignments (keys, calls, block values), stdin
 * logins, prose.
 */
import { isPlaceholder } from '../candidates';
import { FileKind } from '../fileKind';
import { MatchIndex } from '../matchIndex';
import { FORGE_EVIDENCE_SOURCE, OTHER_EVIDENCE_SOURCE } from '../vocabulary';
import { callArgument } from './calls';
import { RuleIds, Verdict } from './catalogue';
import { AT, BACKSLASH, CARET, COLON, DASH, DOT, HASH, LF, SLASH } from './chars';
import { Ctx, EvidenceIndex } from './context';
import { classifyKey, FORGE_WORD_RE, isHostOther, keyDisplayName } from './keys';
import { Keyed, Lhs, parseLhs } from './lhs';
import { apiResponse } from './objects';
import { LOGIN_CMD_RE, prose, stdinLogin } from './prose';
import { continuesWithHex, endsWithHexContinuation, leadingSpace } from './scans';
import { enclosingService, parentKey } from './sections';
import { Tables } from './tables';
import { query, userinfo } from './urls';
import { cliVerdict, headerVerdict } from './verdicts';

const FORGE_RE = new RegExp(FORGE_EVIDENCE_SOURCE, 'gi');
const OTHER_RE = new RegExp(OTHER_EVIDENCE_SOURCE, 'gi');
const NAME_VALUE_RE = /(?:(?:^|[^\w-])(?:name|key|Name|Key|NAME|KEY)["']?\s*[:=]\s*["']?|<(?:name|key)>\s*)([A-Za-z_][\w.-]{0,127})/g;
const VALUE_KEYS: ReadonlySet<string> = new Set(['value', 'val', 'Value', 'VALUE']);
const BLOCK_KEY_RE = /^([ \t]*)(?:-[ \t]+)?["']?([A-Za-z_][\w.-]{0,127})["']?[ \t]*:(?:[ \t]*[|>][-+]?[0-9]?)?[ \t]*\r?$/;

/**
 * Evaluates the candidates of one text. Construct once per scan (or rescan) and call {@link evaluate} per
 * candidate. Each evaluation reads a window string of at most CONTEXT_CHARS units on each side of the
 * candidate (and CONTEXT_LINES lines for evidence), plus the file's first line: nothing else.
 */
export class Evaluator {
  private readonly evidenceIndex: EvidenceIndex;
  private readonly tables: Tables;
  private readonly keyedRule: Keyed = (ctx, key, lhs) => this.keyed(ctx, key, lhs);

  constructor(private readonly text: string, private readonly file: FileKind) {
    this.evidenceIndex = { forge: new MatchIndex(text, FORGE_RE), other: new MatchIndex(text, OTHER_RE) };
    this.tables = new Tables(text, this.keyedRule);
  }

  /**
   * Decides whether the 40-hex value at offset `s` of the text is a token. Returns the verdict, or `undefined`
   * when it is not one (or is a placeholder).
   */
  evaluate(s: number): Verdict | undefined {
    const text = this.text;
    // Cheap rejections on the raw text first: most 40-hex values are commit ids in unambiguous positions.
    const p1 = s > 0 ? text.charCodeAt(s - 1) : LF;
    const p2 = s > 1 ? text.charCodeAt(s - 2) : LF;
    if (!(p1 === COLON || (p1 === SLASH && p2 === SLASH))) {
      // not a possible URL credential (`://<t>@`, `:<t>@`)
      if (this.file.commitIds || this.file.serverConfig) return undefined;
      if (p1 === AT || p1 === SLASH || p1 === HASH || p1 === CARET || (p1 === DOT && p2 === DOT)) return undefined;
    }
    const ctx = new Ctx(text, s, this.file.forgePath, this.evidenceIndex);
    const w = ctx.w;
    const ws = ctx.s;
    const we = ctx.e;
    const prev = ws > ctx.ls ? w.charCodeAt(ws - 1) : LF;
    const prev2 = ws - 1 > ctx.ls ? w.charCodeAt(ws - 2) : LF;
    const next = we < ctx.le ? w.charCodeAt(we) : LF;

    const v = this.decide(ctx, prev, prev2, next);
    // placeholders (`000…0`, `deadbeef`×5) are checked last: rare, and only positives need it
    if (v === undefined || isPlaceholder(w.slice(ws, we))) return undefined;
    return v;
  }

  private decide(ctx: Ctx, prev: number, prev2: number, next: number): Verdict | undefined {
    const w = ctx.w;
    const we = ctx.e;
    // URL credentials first: they are the one thing reported even in lockfiles.
    const ui = userinfo(ctx, prev, prev2, next);
    if (ui !== null) return ui;
    if (this.file.commitIds || this.file.serverConfig) return undefined;
    // Unambiguous commit-id positions: pinned `x@<sha>`, URL paths `/commit/<sha>`, fragments `#<sha>`,
    // peeled/excluded `^<sha>`, ranges `<a>..<b>`.
    if (prev === AT || prev === SLASH || prev === HASH || prev === CARET) return undefined;
    if (prev === DOT && prev2 === DOT) return undefined;
    // a value continued on the next line (`…\` + newline + more hex) or continuing the previous one
    if (next === BACKSLASH && continuesWithHex(w, ctx.e + 1)) return undefined;
    if (ctx.s === ctx.ls && ctx.lsTrue && endsWithHexContinuation(w, ctx.ls)) return undefined;
    if (next === DOT && we + 1 < ctx.le && w.charCodeAt(we + 1) === DOT) return undefined;

    return query(ctx) ?? this.tables.table(ctx) ?? this.assignment(ctx) ?? stdinLogin(ctx) ?? prose(ctx) ?? undefined;
  }

  private assignment(ctx: Ctx): Verdict | null {
    const lhs = parseLhs(ctx);
    if (lhs === null) return this.blockValue(ctx);
    const { op } = lhs;
    if (op === ',' || op === '(' || op === '[') return callArgument(ctx, lhs, this.keyedRule);
    if (lhs.key === undefined) return null;
    let key = lhs.key;
    // name/value pairs: `- name: GITEA_TOKEN` + `value: <t>`, `<add key="X" value="<t>"/>`
    if (VALUE_KEYS.has(key)) {
      const named = pairName(ctx, lhs.keyStart ?? ctx.ls);
      if (named === undefined) return null;
      key = named;
    }
    return this.keyed(ctx, key, lhs);
  }

  /** Decides on a value keyed by `key` (assignment, env default, setter argument). */
  private keyed(ctx: Ctx, key: string, lhs: Lhs): Verdict | null {
    const { op, scheme } = lhs;
    const quote = lhs.quote || undefined;
    const flag = key.charCodeAt(0) === DASH;
    let bare = flag ? key.replace(/^-+/, '') : key;
    const lower = bare.toLowerCase();

    // Authorization headers: `Authorization: token <t>`, `"Authorization": "Bearer <t>"`, `Set("Authorization", "token <t>")`
    if (lower === 'authorization' || lower.endsWith('.authorization')) return headerVerdict(ctx, scheme, quote);
    // the `sha1` field of a token object
    if (lower === 'sha1' && op === ':') return apiResponse(ctx, quote);
    // `-u user:<t>` / `--user user:<t>` (curl, httpie) arrives as key=user, op=':'
    if (op === ':' && ctx.basicAuthFlagBefore(lhs.keyStart ?? ctx.s)) {
      return cliVerdict(ctx, 'as the password of a command-line basic-auth credential', quote);
    }
    // .netrc entries
    if (op === ' ' && !flag && (lower === 'password' || lower === 'login' || lower === 'passwd' || lower === 'account')) {
      return this.netrc(ctx, lower);
    }
    // `curl -u <t>: …` / `--user <t>:x`: the token as the basic-auth user name
    if (flag && (bare === 'u' || lower === 'user') && ctx.w.charCodeAt(ctx.e) === COLON) {
      return cliVerdict(ctx, 'as the user name of a command-line basic-auth credential', quote);
    }
    let kc = classifyKey(bare);
    // a map from hosts to credentials (`"gitea-token": {"gitea.example": "<t>"}`, `tokens: {git.example: <t>}`):
    // the map's own key names the credential
    if (kc === 'none' && !flag && (op === ':' || op === '=' || op === '=>') && bare.includes('.')) {
      const parent = parentKey(ctx, lhs.keyStart ?? ctx.s);
      const pc = parent === undefined ? 'none' : classifyKey(parent);
      if (pc === 'forge' || pc === 'generic') {
        bare = parent as string;
        kc = pc;
      }
    }
    if (kc === 'negative' || kc === 'other-service' || kc === 'none') {
      // `docker login -p <t>` / `--password <t>`
      if (flag && (bare === 'p' || lower === 'password') && LOGIN_CMD_RE.test(ctx.line())) {
        return cliVerdict(ctx, 'as the password of a registry login', quote);
      }
      return null;
    }
    const name = keyDisplayName(bare);
    if (flag) return cliVerdict(ctx, `after the --${bare} option`, quote, name);
    // `token <sha>` in prose is the prose rule's business; `#define TOKEN "<t>"` is an assignment
    if (op === ' ' && kc !== 'forge' && !ctx.defineBefore(lhs.keyStart ?? ctx.s)) return null;
    if (kc === 'forge') {
      return { ruleId: RuleIds.forgeKey, confidence: 'high', context: 'assignment', keyName: name, host: ctx.host(), quote, detail: `assigned to ${name}` };
    }
    // generic credential key: not inside another service's section (`postgresql: … password:`), and forge
    // evidence nearer than any other service
    if (enclosingService(ctx, lhs.keyStart ?? ctx.s) === 'other') return null;
    const ev = ctx.evidence();
    if (ev.other < ev.forge) return null;
    if (ev.forge === Infinity) {
      if (scheme === '') return null;
      // `token = "Bearer <t>"` with no forge around: some 40-hex bearer credential
      return { ruleId: RuleIds.tokenKey, confidence: 'low', context: 'assignment', keyName: name, quote, detail: `assigned to ${name}` };
    }
    return {
      ruleId: RuleIds.tokenKey,
      confidence: ev.forge <= 5 ? 'high' : 'medium',
      context: 'assignment',
      keyName: name,
      host: ctx.host(),
      quote,
      detail: `assigned to ${name} near a Gogs/Gitea server`,
    };
  }

  /** `password <t>` / `login <t>` of a .netrc entry (`lower`: the keyword), or null. */
  private netrc(ctx: Ctx, lower: string): Verdict | null {
    const machine = ctx.netrcMachine(this.file.netrc);
    if (machine === undefined || isHostOther(machine)) return null;
    const forge = FORGE_WORD_RE.test(machine) || ctx.evidence().forge !== Infinity;
    return {
      ruleId: RuleIds.netrc,
      confidence: forge ? 'high' : 'medium',
      context: 'netrc',
      keyName: lower,
      host: machine === 'default' ? ctx.host() : machine,
      detail: `as the ${lower} of the .netrc entry for ${machine}`,
    };
  }

  /** A value alone on its line under `key: |`, `key:` or in a YAML list under `key:`. */
  private blockValue(ctx: Ctx): Verdict | null {
    const w = ctx.w;
    const { s, ls, le } = ctx;
    if (!ctx.lsTrue) return null;
    const hm = /^([ \t]*)(-[ \t]+)?["']?$/.exec(w.slice(ls, s));
    if (hm === null) return null;
    if (!/^["']?,?\s*$/.test(w.slice(ctx.e, le))) return null;
    const indent = hm[1].length;
    const isItem = hm[2] !== undefined;
    let p = ls;
    for (let k = 0; k < 10 && p > ctx.ws; k++) {
      const pls = ctx.lineStartOf(p - 1);
      const pl = w.slice(pls, p - 1);
      p = pls;
      if (/^\s*$/.test(pl)) continue;
      const km = BLOCK_KEY_RE.exec(pl);
      if (km !== null && km[1].length <= indent) {
        if (km[1].length === indent && !isItem) return null;
        if (!isItem && !ctx.blockEndsAfterLine(km[1].length)) return null; // folded/multi-line scalars are not one token
        return this.keyed(ctx, km[2], { op: ':', opPos: pls, key: km[2], keyStart: pls + km[1].length, quote: '', scheme: '' });
      }
      if (isItem && /^[ \t]*-[ \t]/.test(pl) && leadingSpace(pl) === indent) continue;
      return null;
    }
    return null;
  }
}

/** For `value:` keys: the name given just before, on the line or the two lines above. */
function pairName(ctx: Ctx, keyStart: number): string | undefined {
  const seg = ctx.w.slice(ctx.linesBackStart(2), keyStart);
  let last: string | undefined;
  NAME_VALUE_RE.lastIndex = 0;
  for (let m = NAME_VALUE_RE.exec(seg); m !== null; m = NAME_VALUE_RE.exec(seg)) last = m[1];
  return last;
}
