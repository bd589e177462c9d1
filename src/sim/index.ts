/** The simulated Asterisk (ARI over HTTP/WebSocket) and its scripted callers and agents. */
export { SimulatedAsterisk, type SimulatedAsteriskOptions, type SimStats } from './simulated-asterisk.js';
export type { PlaceCallOptions, SimCall, CallEnd } from './callers/inbound-call.js';
export type { CallerStep } from './callers/caller-script.js';
export { longestSilenceMs, type CallerLogEntry, type CallerEvent, type SilenceOptions } from './callers/caller-log.js';
export type { EndpointBehaviour, FarEndCall } from './model/endpoints.js';
export type { HangupBy } from './model/channel.js';
export type { FaultSpec, FaultMatch, FaultKind } from './faults/fault-spec.js';
export type { SimFaults } from './faults/sim-faults.js';
