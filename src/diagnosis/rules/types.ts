import type { GatewayConfig } from '../../model/index.js';
import type { TargetRun } from '../../probes/run.js';
import type { Candidate } from '../candidate.js';

/** A check of the file alone (no probe ran): `uh lint` runs only these. */
export type ConfigRule = (config: GatewayConfig) => Candidate[];

/** A check of what the probes measured, against the config or against peers. */
export type MeasuredRule = (runs: readonly TargetRun[], config: GatewayConfig) => Candidate[];
