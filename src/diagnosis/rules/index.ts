/**
 * The rule registries, one file per layer: static rules run always (and alone in `uh lint`);
 * measured rules run on the probe results.
 */
import { CONFIG_MEASURED_RULES, CONFIG_RULES } from './config-rules.js';
import { DNS_RULES } from './dns-rules.js';
import { REFERENCE_RULES } from './reference-rules.js';
import { INCLUDE_RULES } from './include-rules.js';
import { SERVICE_RULES } from './service-rules.js';
import type { ConfigRule, MeasuredRule } from './types.js';

export type { ConfigRule, MeasuredRule } from './types.js';

export const STATIC_RULES: readonly ConfigRule[] = [...CONFIG_RULES, ...INCLUDE_RULES];

export const MEASURED_RULES: readonly MeasuredRule[] = [...CONFIG_MEASURED_RULES, ...REFERENCE_RULES, ...DNS_RULES, ...SERVICE_RULES];
