/**
 * The seam of the diagnose pipeline (pipeline.ts): a stage is one more source of evidence beside
 * the probes, folded into the finished diagnosis. `--validate` is one; the running gateway's own
 * view (admin API, logs, a request through it) plugs in the same way.
 */
import type { GatewayConfig } from '../model/index.js';
import type { Diagnosis } from './types.js';

/** A line for the user beside the report (the CLI writes `uh: <text>` to stderr). */
export interface PipelineNote {
  /** Who says it: `config` (what the reader could not model), `rc`, or a stage's name. */
  readonly source: string;
  readonly text: string;
}

/** What a stage is given once the config is loaded. */
export interface StageContext {
  readonly config: GatewayConfig;
  /** The config file as the caller named it. */
  readonly path: string;
  readonly nginxPrefix?: string;
}

/** A stage's verdict, folded into the finished diagnosis. */
export type StageFold = (diagnosis: Diagnosis) => { readonly diagnosis: Diagnosis; readonly notes: readonly PipelineNote[] };

/**
 * One more source of evidence beside the probes (the gateway's own check, its admin API, its
 * logs). `begin` is called once the config is loaded and runs alongside the probes; the fold it
 * resolves to runs on the finished diagnosis, in stage order. A stage that cannot run resolves to
 * a fold that adds a note saying why, never to a pass.
 */
export interface DiagnosisStage {
  readonly name: string;
  begin(context: StageContext): Promise<StageFold>;
}
