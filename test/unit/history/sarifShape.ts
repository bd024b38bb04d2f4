/**
 * Structural checks of a SARIF 2.1.0 log, written for these tests from the required and constrained properties of
 * the OASIS standard "Static Analysis Results Interchange Format (SARIF) Version 2.1.0" (objects and properties
 * named as the standard names them), for what this CLI writes. Not the official JSON schema (validating against it needs the schema file, which is
 * not in the repository), but every check here is one the standard states, and each can fail (see the negative
 * controls in sarif.test.ts).
 */

/** The `$schema` URI of the OASIS errata 01 schema of SARIF 2.1.0. */
export const OASIS_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** Properties the standard defines for each object it names (sarifLog, run, tool, toolComponent, …). */
const ALLOWED: Record<string, readonly string[]> = {
  sarifLog: ['$schema', 'version', 'runs', 'inlineExternalProperties', 'properties'],
  run: [
    'tool', 'invocations', 'conversion', 'language', 'versionControlProvenance', 'originalUriBaseIds', 'artifacts', 'logicalLocations', 'graphs',
    'results', 'automationDetails', 'runAggregates', 'baselineGuid', 'redactionTokens', 'defaultEncoding', 'defaultSourceLanguage',
    'newlineSequences', 'columnKind', 'externalPropertyFileReferences', 'threadFlowLocations', 'taxonomies', 'addresses', 'translations',
    'policies', 'webRequests', 'webResponses', 'specialLocations', 'properties',
  ],
  tool: ['driver', 'extensions', 'properties'],
  toolComponent: [
    'guid', 'name', 'organization', 'product', 'productSuite', 'shortDescription', 'fullDescription', 'fullName', 'version', 'semanticVersion',
    'dottedQuadFileVersion', 'releaseDateUtc', 'downloadUri', 'informationUri', 'globalMessageStrings', 'notifications', 'rules', 'taxa',
    'locations', 'language', 'contents', 'isComprehensive', 'localizedDataSemanticVersion', 'minimumRequiredLocalizedDataSemanticVersion',
    'associatedComponent', 'translationMetadata', 'supportedTaxonomies', 'properties',
  ],
  reportingDescriptor: [
    'id', 'deprecatedIds', 'guid', 'deprecatedGuids', 'name', 'deprecatedNames', 'shortDescription', 'fullDescription', 'messageStrings',
    'defaultConfiguration', 'helpUri', 'help', 'relationships', 'properties',
  ],
  reportingConfiguration: ['enabled', 'level', 'rank', 'parameters', 'properties'],
  multiformatMessageString: ['text', 'markdown', 'properties'],
  message: ['text', 'markdown', 'id', 'arguments', 'properties'],
  result: [
    'ruleId', 'ruleIndex', 'rule', 'kind', 'level', 'message', 'analysisTarget', 'locations', 'guid', 'correlationGuid', 'occurrenceCount',
    'partialFingerprints', 'fingerprints', 'stacks', 'codeFlows', 'graphs', 'graphTraversals', 'relatedLocations', 'suppressions',
    'baselineState', 'rank', 'attachments', 'hostedViewerUri', 'workItemUris', 'provenance', 'fixes', 'taxa', 'webRequest', 'webResponse', 'properties',
  ],
  location: ['id', 'physicalLocation', 'logicalLocations', 'message', 'annotations', 'relationships', 'properties'],
  physicalLocation: ['address', 'artifactLocation', 'region', 'contextRegion', 'properties'],
  artifactLocation: ['uri', 'uriBaseId', 'index', 'description', 'properties'],
  region: [
    'startLine', 'startColumn', 'endLine', 'endColumn', 'charOffset', 'charLength', 'byteOffset', 'byteLength', 'snippet', 'message',
    'sourceLanguage', 'properties',
  ],
};

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** RFC 3986 URI-reference characters, with `%` only before two hex digits (SARIF's `uri` properties are URI references). */
const URI_REFERENCE_RE = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#]|%[0-9A-Fa-f]{2})*$/;

/**
 * Checks `log` (the parsed JSON) and returns what is wrong with it, one line each (empty: nothing found):
 * - sarifLog: `version` is "2.1.0"; `$schema` is the OASIS URI; `runs` is an array;
 * - run: `tool` and `tool.driver` are present; `driver.name` is a non-empty string; each of `driver.rules` has a
 *   non-empty `id` (ids unique), `helpUri` (when present) is an absolute URI, descriptions have `text`;
 *   `columnKind` is `utf16CodeUnits` or `unicodeCodePoints`; each invocation has a boolean `executionSuccessful`
 *   and an integer `exitCode` (when present);
 * - result: `message.text` is a non-empty string; `ruleId` is a string; `ruleIndex` is an integer ≥ -1 naming the
 *   rule with that `ruleId`; `level` is none, note, warning or error; `partialFingerprints` holds strings; each
 *   location's `physicalLocation.artifactLocation.uri` is a URI reference and its `uriBaseId` is defined in the
 *   run's `originalUriBaseIds`; `region.startLine` and `startColumn` are integers ≥ 1 and the ends are not before
 *   the starts;
 * - every object has only the properties the standard defines for it; property bags' `tags` are unique strings.
 */
export function sarifProblems(log: unknown): string[] {
  const problems: string[] = [];
  const bad = (where: string, what: string): void => {
    problems.push(`${where}: ${what}`);
  };
  const keys = (where: string, o: Obj, kind: string): void => {
    for (const k of Object.keys(o)) if (!ALLOWED[kind].includes(k)) bad(where, `${kind} has no property ${JSON.stringify(k)}`);
    if ('properties' in o) {
      const p = o.properties;
      if (!isObj(p)) bad(`${where}.properties`, 'a property bag is an object');
      else if ('tags' in p) {
        const t = p.tags;
        if (!Array.isArray(t) || t.some((x) => typeof x !== 'string') || new Set(t).size !== t.length) bad(`${where}.properties.tags`, 'unique strings');
      }
    }
  };
  const text = (where: string, v: unknown, kind: 'message' | 'multiformatMessageString'): void => {
    if (!isObj(v)) return bad(where, `${kind} object`);
    keys(where, v, kind);
    if (typeof v.text !== 'string' || v.text === '') bad(`${where}.text`, 'a non-empty string');
  };

  if (!isObj(log)) return ['log: an object'];
  keys('log', log, 'sarifLog');
  if (log.version !== '2.1.0') bad('log.version', `"2.1.0", not ${JSON.stringify(log.version)}`);
  if (log.$schema !== OASIS_SCHEMA_URI) bad('log.$schema', `the OASIS 2.1.0 schema URI, not ${JSON.stringify(log.$schema)}`);
  if (!Array.isArray(log.runs)) return [...problems, 'log.runs: an array'];
  log.runs.forEach((run: unknown, r) => {
    const w = `runs[${r}]`;
    if (!isObj(run)) return bad(w, 'run object');
    keys(w, run, 'run');
    const tool = run.tool;
    if (!isObj(tool)) return bad(`${w}.tool`, 'required');
    keys(`${w}.tool`, tool, 'tool');
    const driver = tool.driver;
    if (!isObj(driver)) return bad(`${w}.tool.driver`, 'required');
    keys(`${w}.tool.driver`, driver, 'toolComponent');
    if (typeof driver.name !== 'string' || driver.name === '') bad(`${w}.tool.driver.name`, 'a non-empty string');
    const rules = driver.rules === undefined ? [] : driver.rules;
    if (!Array.isArray(rules)) return bad(`${w}.tool.driver.rules`, 'an array');
    const ids: unknown[] = [];
    rules.forEach((rule: unknown, i) => {
      const rw = `${w}.tool.driver.rules[${i}]`;
      if (!isObj(rule)) return bad(rw, 'reportingDescriptor object');
      keys(rw, rule, 'reportingDescriptor');
      if (typeof rule.id !== 'string' || rule.id === '') bad(`${rw}.id`, 'a non-empty string');
      ids.push(rule.id);
      if (rule.helpUri !== undefined) {
        let ok: boolean;
        try {
          ok = typeof rule.helpUri === 'string' && URI_REFERENCE_RE.test(rule.helpUri) && new URL(rule.helpUri).protocol !== '';
        } catch {
          ok = false; // not absolute: new URL() needs a scheme
        }
        if (!ok) bad(`${rw}.helpUri`, `an absolute URI, not ${JSON.stringify(rule.helpUri)}`);
      }
      for (const k of ['shortDescription', 'fullDescription', 'help'] as const) if (rule[k] !== undefined) text(`${rw}.${k}`, rule[k], 'multiformatMessageString');
      if (rule.defaultConfiguration !== undefined) {
        const c = rule.defaultConfiguration;
        if (!isObj(c)) bad(`${rw}.defaultConfiguration`, 'an object');
        else {
          keys(`${rw}.defaultConfiguration`, c, 'reportingConfiguration');
          if (c.level !== undefined && !['none', 'note', 'warning', 'error'].includes(c.level as string)) bad(`${rw}.defaultConfiguration.level`, 'none, note, warning or error');
        }
      }
    });
    if (new Set(ids).size !== ids.length) bad(`${w}.tool.driver.rules`, 'ids are unique');
    if (run.columnKind !== undefined && run.columnKind !== 'utf16CodeUnits' && run.columnKind !== 'unicodeCodePoints') bad(`${w}.columnKind`, 'utf16CodeUnits or unicodeCodePoints');
    if (run.invocations !== undefined) {
      if (!Array.isArray(run.invocations)) bad(`${w}.invocations`, 'an array');
      else {
        run.invocations.forEach((inv: unknown, i) => {
          if (!isObj(inv) || typeof inv.executionSuccessful !== 'boolean') bad(`${w}.invocations[${i}].executionSuccessful`, 'required boolean');
          else if (inv.exitCode !== undefined && !isInt(inv.exitCode)) bad(`${w}.invocations[${i}].exitCode`, 'an integer');
        });
      }
    }
    const results = run.results === undefined ? [] : run.results;
    if (!Array.isArray(results)) return bad(`${w}.results`, 'an array');
    results.forEach((res: unknown, i) => {
      const rw = `${w}.results[${i}]`;
      if (!isObj(res)) return bad(rw, 'result object');
      keys(rw, res, 'result');
      text(`${rw}.message`, res.message, 'message');
      if (res.ruleId !== undefined && typeof res.ruleId !== 'string') bad(`${rw}.ruleId`, 'a string');
      if (res.ruleIndex !== undefined) {
        if (!isInt(res.ruleIndex) || res.ruleIndex < -1) bad(`${rw}.ruleIndex`, 'an integer ≥ -1');
        else if (res.ruleIndex >= 0 && (res.ruleIndex >= rules.length || (rules[res.ruleIndex] as Obj).id !== res.ruleId)) bad(`${rw}.ruleIndex`, `names the rule ${JSON.stringify(res.ruleId)}`);
      }
      if (res.level !== undefined && !['none', 'note', 'warning', 'error'].includes(res.level as string)) bad(`${rw}.level`, `none, note, warning or error, not ${JSON.stringify(res.level)}`);
      if (res.partialFingerprints !== undefined && (!isObj(res.partialFingerprints) || Object.values(res.partialFingerprints).some((v) => typeof v !== 'string'))) {
        bad(`${rw}.partialFingerprints`, 'an object of strings');
      }
      if (res.locations === undefined) return;
      if (!Array.isArray(res.locations)) return bad(`${rw}.locations`, 'an array');
      res.locations.forEach((loc: unknown, l) => {
        const lw = `${rw}.locations[${l}]`;
        if (!isObj(loc)) return bad(lw, 'location object');
        keys(lw, loc, 'location');
        const pl = loc.physicalLocation;
        if (pl === undefined) return;
        if (!isObj(pl)) return bad(`${lw}.physicalLocation`, 'an object');
        keys(`${lw}.physicalLocation`, pl, 'physicalLocation');
        const al = pl.artifactLocation;
        if (!isObj(al)) return bad(`${lw}.physicalLocation.artifactLocation`, 'required here (no address)');
        keys(`${lw}.physicalLocation.artifactLocation`, al, 'artifactLocation');
        if (typeof al.uri !== 'string' || !URI_REFERENCE_RE.test(al.uri)) bad(`${lw}.physicalLocation.artifactLocation.uri`, `a URI reference, not ${JSON.stringify(al.uri)}`);
        if (al.uriBaseId !== undefined && (typeof al.uriBaseId !== 'string' || !isObj(run.originalUriBaseIds) || !(al.uriBaseId in run.originalUriBaseIds))) {
          bad(`${lw}.physicalLocation.artifactLocation.uriBaseId`, 'defined in run.originalUriBaseIds');
        }
        const rg = pl.region;
        if (rg === undefined) return;
        if (!isObj(rg)) return bad(`${lw}.physicalLocation.region`, 'an object');
        keys(`${lw}.physicalLocation.region`, rg, 'region');
        if (!isInt(rg.startLine) || rg.startLine < 1) bad(`${lw}.physicalLocation.region.startLine`, `an integer ≥ 1, not ${JSON.stringify(rg.startLine)}`);
        if (rg.startColumn !== undefined && (!isInt(rg.startColumn) || rg.startColumn < 1)) bad(`${lw}.physicalLocation.region.startColumn`, 'an integer ≥ 1');
        if (rg.endLine !== undefined && (!isInt(rg.endLine) || (rg.endLine as number) < (rg.startLine as number))) bad(`${lw}.physicalLocation.region.endLine`, 'not before startLine');
        if (rg.endColumn !== undefined && (!isInt(rg.endColumn) || (rg.endLine === rg.startLine && (rg.endColumn as number) < ((rg.startColumn as number | undefined) ?? 1)))) {
          bad(`${lw}.physicalLocation.region.endColumn`, 'not before startColumn');
        }
      });
    });
  });
  return problems;
}
