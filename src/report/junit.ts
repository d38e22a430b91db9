import { cause } from '../causes/catalog.js';
import type { Diagnosis, Finding, GroupReport, TargetReport } from '../diagnosis/types.js';
import { formatLocation } from '../model/location.js';
import type { Reporter } from './types.js';
import { atOrAbove } from './exit-code.js';
import { PROBE_LAYER, orderedFindings } from './finding-order.js';
import { XML_DECLARATION, element, textElement } from './xml.js';

/**
 * `--format junit`: JUnit XML for CI test tabs (GitLab `artifacts:reports:junit`, Jenkins,
 * GitHub test-report actions). The de-facto schema (Ant's / Jenkins' `junit-4.xsd`): one
 * `<testsuite>` per upstream group with one `<testcase>` per target × probe, plus a `config`
 * suite for static findings. A finding at or above `--fail-on` becomes a `<failure>` whose `type` is
 * the cause id; one below it passes with the finding in `<system-out>` (the test tab agrees with the
 * exit code); a probe that did not run is `<skipped>`; a finding accepted by `ignore:` is skipped
 * with that reason.
 */
export const junitReporter: Reporter = (diagnosis, options) => {
  const failOn = options.failOn ?? 'warning';
  const findings = orderedFindings(diagnosis.findings).map((f): Reported => (f.ignored || atOrAbove(f.severity, failOn) ? f : { ...f, belowFailOn: true }));
  const suites = [
    ...diagnosis.groups.map((g) => groupSuite(g, findings.filter((f) => f.group === g.name && f.layer !== 'config'))),
    configSuite(diagnosis, findings),
  ].filter((s) => s.tests > 0); // an offline run probes nothing: no empty group suites
  const totals = sum(suites);
  const root = element(
    'testsuites',
    { name: `uh ${options.version} diagnose ${diagnosis.config.path}`, ...totals },
    suites.flatMap((s) => s.xml),
  );
  return `${[XML_DECLARATION, ...root].join('\n')}\n`;
};

/** A finding as this report sees it: below `--fail-on` it is reported, not failed. */
type Reported = Finding & { readonly belowFailOn?: true };

interface Case {
  readonly classname: string;
  readonly name: string;
  readonly seconds: number;
  readonly failures: readonly Reported[];
  /** A failed check with no finding of its layer (still a failure: the probe said so). */
  readonly failedMessage?: string;
  readonly skipped?: string;
  readonly output?: string;
}

interface Counts {
  readonly tests: number;
  readonly failures: number;
  readonly errors: number;
  readonly skipped: number;
}

interface Suite extends Counts {
  readonly xml: string[];
}

function groupSuite(group: GroupReport, findings: readonly Reported[]): Suite {
  const cases: Case[] = [];
  const placed = new Set<Reported>();
  for (const target of group.targets) {
    for (const c of targetCases(group.name, target, findings)) {
      cases.push(c);
      c.failures.forEach((f) => placed.add(f));
    }
  }
  // Findings no probe line carries (e.g. a layer without a check): a test case of their own.
  for (const f of findings.filter((x) => !placed.has(x))) {
    cases.push({ classname: group.name, name: `${f.targets.join(', ') || group.name} ${f.layer}`, seconds: 0, failures: [f] });
  }
  return suite(group.name, cases);
}

function targetCases(group: string, target: TargetReport, findings: readonly Reported[]): Case[] {
  const mine = findings.filter((f) => f.targets.includes(target.address));
  return target.checks.map((check) => {
    const failures = mine.filter((f) => f.layer === PROBE_LAYER[check.probe]);
    const base = { classname: `${group}.${target.address}`, name: `${target.address} ${check.probe}`, seconds: check.ms / 1000 };
    if (failures.length > 0) return { ...base, failures };
    if (check.outcome === 'fail') return { ...base, failures: [], failedMessage: check.message };
    if (check.outcome === 'skip') return { ...base, failures: [], skipped: check.message };
    return { ...base, failures: [], output: `${check.outcome}: ${check.message}` };
  });
}

function configSuite(diagnosis: Diagnosis, findings: readonly Reported[]): Suite {
  const config = findings.filter((f) => f.layer === 'config');
  const cases: Case[] = config.map((f) => ({
    classname: 'config',
    name: `${f.cause}${f.group ? ` ${f.group}` : ''}`,
    seconds: 0,
    failures: [f],
  }));
  if (cases.length === 0) {
    cases.push({ classname: 'config', name: `static checks ${diagnosis.config.path}`, seconds: 0, failures: [] });
  }
  return suite('config', cases);
}

/** Findings that fail their test case: neither accepted by `ignore:` nor below `--fail-on`. */
function failing(c: Case): Reported[] {
  return c.failures.filter((f) => !f.ignored && !f.belowFailOn);
}

function suite(name: string, cases: readonly Case[]): Suite {
  const failed = cases.filter((c) => c.failedMessage !== undefined || failing(c).length > 0);
  const skipped = cases.filter((c) => !failed.includes(c) && (c.skipped !== undefined || c.failures.some((f) => f.ignored)));
  const seconds = cases.reduce((total, c) => total + c.seconds, 0);
  const counts = { tests: cases.length, failures: failed.length, errors: 0, skipped: skipped.length };
  const xml = element('testsuite', { name, ...counts, time: secs(seconds) }, cases.flatMap(caseXml));
  return { ...counts, xml };
}

function caseXml(c: Case): string[] {
  const children: string[] = [];
  const active = failing(c);
  for (const f of active) {
    children.push(textElement('failure', { message: `${f.cause}: ${cause(f.cause).title}`, type: f.cause }, findingText(f)));
  }
  if (c.failedMessage !== undefined) children.push(textElement('failure', { message: c.failedMessage, type: 'probe-failed' }, c.failedMessage));
  if (active.length === 0 && c.failedMessage === undefined) {
    const ignored = c.failures.find((f) => f.ignored);
    if (ignored) children.push(...element('skipped', { message: `${ignored.cause} accepted by ignore: in the config` }));
    else if (c.skipped !== undefined) children.push(...element('skipped', { message: c.skipped }));
  }
  const reported = c.failures.filter((f) => f.belowFailOn).map((f) => findingText(f));
  const output = [...(c.output === undefined ? [] : [c.output]), ...reported];
  if (output.length > 0) children.push(textElement('system-out', {}, output.join('\n')));
  return element('testcase', { classname: c.classname, name: c.name, time: secs(c.seconds) }, children);
}

/** The failure body: severity, where, evidence, fix and runbook, one per line. */
function findingText(f: Finding): string {
  return [
    `${f.severity} ${f.cause} (rank ${f.rank}, confidence ${f.confidence})`,
    ...(f.loc ? [`at ${formatLocation(f.loc)}`] : []),
    ...f.evidence.map((e) => `evidence: ${e}`),
    `fix: ${f.remediation}`,
    `runbook: ${f.runbook} (uh explain ${f.cause})`,
  ].join('\n');
}

function sum(suites: readonly Counts[]): Counts {
  return suites.reduce(
    (a, s) => ({ tests: a.tests + s.tests, failures: a.failures + s.failures, errors: 0, skipped: a.skipped + s.skipped }),
    { tests: 0, failures: 0, errors: 0, skipped: 0 },
  );
}

function secs(seconds: number): string {
  return seconds.toFixed(3);
}
