import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REPORTERS } from '../../src/report/index.js';
import { sarifReporter, toUri } from '../../src/report/sarif.js';
import { readRunbook } from '../../src/runbooks/read.js';
import { HEALTHY_DIAGNOSIS, SAMPLE_DIAGNOSIS } from '../fixtures/diagnosis/sample.js';

const OPTIONS = { color: false, version: '0.1.0' };
const GOLDEN = new URL('../fixtures/diagnosis/sample.sarif.json', import.meta.url);

type Json = Record<string, unknown>;

/**
 * A focused structural validator for the SARIF 2.1.0 subset uh writes. The official JSON schema
 * (sarif-schema-2.1.0.json) is not vendored in this repository and the tests make no network
 * calls, so the schema's rules for these objects are restated here: required properties, enums,
 * `additionalProperties: false` (allowed keys), integer minimums, and the index cross-references.
 */
const ALLOWED: Record<string, readonly string[]> = {
  log: ['$schema', 'version', 'runs', 'inlineExternalProperties', 'properties'],
  run: ['tool', 'invocations', 'conversion', 'language', 'versionControlProvenance', 'originalUriBaseIds', 'artifacts',
    'logicalLocations', 'graphs', 'results', 'automationDetails', 'runAggregates', 'baselineGuid', 'redactionTokens',
    'defaultEncoding', 'defaultSourceLanguage', 'newlineSequences', 'columnKind', 'externalPropertyFileReferences',
    'threadFlowLocations', 'taxonomies', 'addresses', 'translations', 'policies', 'webRequests', 'webResponses',
    'specialLocations', 'properties'],
  toolComponent: ['guid', 'name', 'organization', 'product', 'productSuite', 'shortDescription', 'fullDescription',
    'fullName', 'version', 'semanticVersion', 'dottedQuadFileVersion', 'releaseDateUtc', 'downloadUri', 'informationUri',
    'globalMessageStrings', 'notifications', 'rules', 'taxa', 'locations', 'language', 'contents', 'isComprehensive',
    'localizedDataSemanticVersion', 'minimumRequiredLocalizedDataSemanticVersion', 'associatedComponent',
    'translationMetadata', 'supportedTaxonomies', 'properties'],
  rule: ['id', 'deprecatedIds', 'guid', 'deprecatedGuids', 'name', 'deprecatedNames', 'shortDescription', 'fullDescription',
    'messageStrings', 'defaultConfiguration', 'helpUri', 'help', 'relationships', 'properties'],
  result: ['ruleId', 'ruleIndex', 'rule', 'kind', 'level', 'message', 'analysisTarget', 'locations', 'guid',
    'correlationGuid', 'occurrenceCount', 'partialFingerprints', 'fingerprints', 'stacks', 'codeFlows', 'graphs',
    'graphTraversals', 'relatedLocations', 'suppressions', 'baselineState', 'rank', 'attachments', 'hostedViewerUri',
    'workItemUris', 'provenance', 'fixes', 'taxa', 'webRequest', 'webResponse', 'properties'],
  location: ['id', 'physicalLocation', 'logicalLocations', 'message', 'annotations', 'relationships', 'properties'],
  physicalLocation: ['address', 'artifactLocation', 'region', 'contextRegion', 'properties'],
  artifactLocation: ['uri', 'uriBaseId', 'index', 'description', 'properties'],
  region: ['startLine', 'startColumn', 'endLine', 'endColumn', 'charOffset', 'charLength', 'byteOffset', 'byteLength',
    'snippet', 'message', 'sourceLanguage', 'properties'],
  suppression: ['guid', 'kind', 'status', 'justification', 'location', 'properties'],
  message: ['text', 'markdown', 'id', 'arguments', 'properties'],
  multiformat: ['text', 'markdown', 'properties'],
  configuration: ['enabled', 'level', 'rank', 'parameters', 'properties'],
  automation: ['description', 'id', 'guid', 'correlationGuid', 'properties'],
};

function check(cond: boolean, path: string, what: string, errors: string[]): void {
  if (!cond) errors.push(`${path}: ${what}`);
}

function keys(obj: unknown, kind: string, path: string, errors: string[]): Json {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
    errors.push(`${path}: not an object`);
    return {};
  }
  for (const k of Object.keys(obj)) check(ALLOWED[kind]!.includes(k), path, `property "${k}" not allowed on ${kind}`, errors);
  return obj as Json;
}

function validateSarif(doc: unknown): string[] {
  const errors: string[] = [];
  const log = keys(doc, 'log', '$', errors);
  check(log.version === '2.1.0', '$.version', 'must be "2.1.0"', errors);
  check(Array.isArray(log.runs), '$.runs', 'required array', errors);
  for (const [r, runValue] of ((log.runs as unknown[]) ?? []).entries()) {
    const run = keys(runValue, 'run', `$.runs[${r}]`, errors);
    const tool = run.tool as Json | undefined;
    check(tool !== undefined && Object.keys(tool).every((k) => ['driver', 'extensions', 'properties'].includes(k)), `runs[${r}].tool`, 'tool { driver } required', errors);
    const driver = keys(tool?.driver, 'toolComponent', `runs[${r}].tool.driver`, errors);
    check(typeof driver.name === 'string' && driver.name !== '', 'driver.name', 'required string', errors);
    if (run.columnKind !== undefined) check(['utf16CodeUnits', 'unicodeCodePoints'].includes(run.columnKind as string), 'columnKind', 'enum', errors);
    if (run.automationDetails !== undefined) keys(run.automationDetails, 'automation', 'automationDetails', errors);
    const rules = (driver.rules as unknown[] | undefined) ?? [];
    const ruleIds = rules.map((ruleValue, i) => {
      const rule = keys(ruleValue, 'rule', `rules[${i}]`, errors);
      check(typeof rule.id === 'string', `rules[${i}].id`, 'required string', errors);
      for (const k of ['shortDescription', 'fullDescription', 'help'] as const) {
        if (rule[k] !== undefined) check(typeof keys(rule[k], 'multiformat', `rules[${i}].${k}`, errors).text === 'string', `rules[${i}].${k}.text`, 'required', errors);
      }
      const level = keys(rule.defaultConfiguration ?? {}, 'configuration', `rules[${i}].defaultConfiguration`, errors).level;
      if (level !== undefined) check(['none', 'note', 'warning', 'error'].includes(level as string), `rules[${i}]`, 'level enum', errors);
      return rule.id;
    });
    check(new Set(ruleIds).size === ruleIds.length, 'rules', 'ids must be unique', errors);
    for (const [i, resultValue] of ((run.results as unknown[]) ?? []).entries()) {
      const p = `results[${i}]`;
      const result = keys(resultValue, 'result', p, errors);
      check(typeof keys(result.message, 'message', `${p}.message`, errors).text === 'string', `${p}.message.text`, 'required', errors);
      check(['none', 'note', 'warning', 'error'].includes(result.level as string), `${p}.level`, 'enum', errors);
      check(Number.isInteger(result.ruleIndex) && ruleIds[result.ruleIndex as number] === result.ruleId, `${p}.ruleIndex`, 'must point at the rule with ruleId', errors);
      for (const v of Object.values((result.partialFingerprints as Json) ?? {})) check(typeof v === 'string', `${p}.partialFingerprints`, 'string values', errors);
      for (const [j, locValue] of ((result.locations as unknown[]) ?? []).entries()) {
        const phys = keys(keys(locValue, 'location', `${p}.locations[${j}]`, errors).physicalLocation, 'physicalLocation', `${p}.physicalLocation`, errors);
        const uri = keys(phys.artifactLocation, 'artifactLocation', `${p}.artifactLocation`, errors).uri;
        check(typeof uri === 'string' && !/[\s\\]/.test(uri), `${p}.artifactLocation.uri`, 'a URI reference (no spaces or backslashes)', errors);
        const region = keys(phys.region ?? {}, 'region', `${p}.region`, errors);
        for (const k of ['startLine', 'startColumn']) {
          if (region[k] !== undefined) check(Number.isInteger(region[k]) && (region[k] as number) >= 1, `${p}.region.${k}`, 'integer ≥ 1', errors);
        }
      }
      for (const [j, s] of ((result.suppressions as unknown[]) ?? []).entries()) {
        check(['inSource', 'external'].includes(keys(s, 'suppression', `${p}.suppressions[${j}]`, errors).kind as string), `${p}.suppressions[${j}].kind`, 'enum', errors);
      }
    }
  }
  return errors;
}

describe('sarif report: code-scanning annotations on the config lines', () => {
  it('matches the golden file for the fixed diagnosis (UPDATE_GOLDEN=1 rewrites it)', () => {
    const out = sarifReporter(SAMPLE_DIAGNOSIS, OPTIONS);
    if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, out);
    expect(out).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('validates structurally as SARIF 2.1.0 (and the validator rejects a broken log)', () => {
    expect(validateSarif(JSON.parse(sarifReporter(SAMPLE_DIAGNOSIS, OPTIONS)))).toEqual([]);
    expect(validateSarif(JSON.parse(sarifReporter(HEALTHY_DIAGNOSIS, OPTIONS)))).toEqual([]);
    const broken = JSON.parse(sarifReporter(SAMPLE_DIAGNOSIS, OPTIONS));
    broken.version = '2.0.0';
    broken.runs[0].results[0].level = 'critical';
    broken.runs[0].results[1].ruleIndex = 0;
    broken.runs[0].results[2].locations[0].physicalLocation.region.startLine = 0;
    broken.runs[0].bogus = true;
    expect(validateSarif(broken)).toHaveLength(5);
  });

  it('has one rule per cause that occurs, in catalog order, with the runbook as help', () => {
    const log = JSON.parse(sarifReporter(SAMPLE_DIAGNOSIS, OPTIONS));
    const rules = log.runs[0].tool.driver.rules;
    expect(rules.map((r: Json) => r.id)).toEqual(['config-single-member', 'config-upstream-http10', 'tcp-refused', 'tls-cert-expired']);
    expect(rules[2].help.markdown).toBe(readRunbook('tcp-refused'));
    expect(rules.map((r: Json) => (r.defaultConfiguration as Json).level)).toEqual(['warning', 'note', 'error', 'error']);
  });

  it('locates each result at its config line; levels follow severity; ignored findings are suppressed', () => {
    const results = JSON.parse(sarifReporter(SAMPLE_DIAGNOSIS, OPTIONS)).runs[0].results;
    expect(results.map((r: Json) => r.ruleId)).toEqual(['tcp-refused', 'tls-cert-expired', 'config-single-member', 'config-upstream-http10']);
    expect(results[0].locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'conf/nginx.conf' }, region: { startLine: 13, startColumn: 9 } });
    expect(results[3].locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'conf/nginx.conf' }, region: { startLine: 1 } });
    expect(results.map((r: Json) => r.level)).toEqual(['error', 'error', 'warning', 'note']);
    expect(results[3].suppressions[0].kind).toBe('inSource');
    expect(results[0].suppressions).toBeUndefined();
  });

  it('fingerprints stay the same when evidence and lines change, and differ per target', () => {
    const [first] = SAMPLE_DIAGNOSIS.findings;
    const moved = { ...SAMPLE_DIAGNOSIS, findings: [{ ...first!, evidence: ['after 9.9 ms'], loc: { file: 'conf/nginx.conf', line: 40, column: 1 } }] };
    const fp = (d: typeof SAMPLE_DIAGNOSIS): string => JSON.parse(sarifReporter(d, OPTIONS)).runs[0].results[0].partialFingerprints['uhFinding/v1'];
    expect(fp(moved)).toBe(fp(SAMPLE_DIAGNOSIS));
    const other = { ...SAMPLE_DIAGNOSIS, findings: [{ ...first!, targets: ['10.0.0.99:8080'] }] };
    expect(fp(other)).not.toBe(fp(SAMPLE_DIAGNOSIS));
    expect(toUri('conf dir/nginx.conf')).toBe('conf%20dir/nginx.conf');
    expect(toUri('/etc/nginx/nginx.conf')).toBe('file:///etc/nginx/nginx.conf');
    expect(REPORTERS.sarif).toBe(sarifReporter);
  });
});
