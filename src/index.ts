/**
 * uh as a library: the same pieces the CLI composes (config → model → probes → diagnosis →
 * report). `import { loadConfig, runDiagnosis, REPORTERS } from 'upstream-health'`; `runDiagnosePipeline`
 * is the whole `uh diagnose` run (config load, `.uhrc`, `--validate`, stages) with its notes returned.
 */
export * from './model/index.js';
export { loadConfig } from './config/load.js';
export type { LoadOptions } from './config/load.js';
export { PARSERS } from './config/index.js';
export { runDiagnosis, DEFAULT_DIAGNOSIS_OPTIONS } from './diagnosis/run-diagnosis.js';
export type { DiagnosisOptions } from './diagnosis/run-diagnosis.js';
export { diagnosisForUnreadableConfig, prepareDiagnosis, runDiagnosePipeline } from './diagnosis/pipeline.js';
export type {
  DiagnosisStage, PipelineNote, PipelineOptions, PipelineResult, PreparedDiagnosis, StageContext, StageFold,
} from './diagnosis/pipeline.js';
export { DEFAULT_PATIENCE } from './defaults.js';
export type { Diagnosis, Finding, GroupReport, TargetReport, Verdict } from './diagnosis/types.js';
export { CATALOG, CAUSE_IDS, LAYER_ORDER, cause, isCauseId } from './causes/catalog.js';
export type { Cause, CauseId, Layer, Severity } from './causes/catalog.js';
export { REPORTERS } from './report/index.js';
export type { Reporter, ReportOptions } from './report/types.js';
export { exitCodeFor } from './report/exit-code.js';
export type { Probe, ProbeContext, ProbeResult, ProbeTarget, Observation } from './probes/types.js';
export { ConfigError, UhError, UsageError } from './errors.js';
export type { UhErrorCode } from './errors.js';
export { Proxy } from './proxy/index.js';
export type { ProxyOptions } from './proxy/index.js';
