/** The typed ARI client: connect, receive calls, and act on channels and bridges. */
export { AriClient, type AriClientOptions, type CreateChannelOptions, type OrphanInfo } from './client.js';
export type { ChannelHandle, PlayResult, PlayStatus, PlayOptions, RecordOptions, RecordResult, DialOptions } from './channel-handle.js';
export type { BridgeHandle } from './bridge.js';
export * from './errors.js';
export type * from './types.js';
