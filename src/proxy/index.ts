/** `uh serve` as a library: start a health-gated reverse proxy over a GatewayConfig. */
export { Proxy } from './server.js';
export type { BoundAddress, ProxyOptions } from './server.js';
export type { StateChange, PublicState } from './target-state.js';
export { createLog, memoryLog } from './log.js';
export type { ProxyLog } from './log.js';
