/**
 * The simulator's services, shared by every module. Each service keeps a
 * reference to this object and looks its peers up when it needs them, so
 * modules stay small and construction order does not matter.
 */
import type { Clock } from '../../clock/clock.js';
import type { Logger } from '../../log/logger.js';
import type { EventHub } from './event-hub.js';
import type { IdSource } from './ids.js';
import type { TimerBook, TimerGroup } from './timers.js';
import type { FaultBook } from '../faults/fault-book.js';
import type { Publisher } from '../model/publisher.js';
import type { ChannelRegistry } from '../model/channel-registry.js';
import type { Lifecycle } from '../model/lifecycle.js';
import type { StasisApps } from '../model/stasis-apps.js';
import type { Playbacks } from '../model/playbacks.js';
import type { MediaLengths } from '../model/media-lengths.js';
import type { Bridges } from '../model/bridges.js';
import type { Recordings } from '../model/recordings.js';
import type { Endpoints } from '../model/endpoints.js';
import type { Dialing } from '../model/dialing.js';
import type { ChannelMedia } from '../model/channel-media.js';
import type { DeviceStates } from '../model/device-states.js';

/** All services of one simulator instance. */
export interface SimContext {
  clock: Clock;
  logger: Logger;
  timers: TimerBook;
  ids: IdSource;
  hub: EventHub;
  publish: Publisher;
  channels: ChannelRegistry;
  lifecycle: Lifecycle;
  stasis: StasisApps;
  playbacks: Playbacks;
  media: MediaLengths;
  bridges: Bridges;
  recordings: Recordings;
  endpoints: Endpoints;
  dialing: Dialing;
  channelMedia: ChannelMedia;
  deviceStates: DeviceStates;
  /** Faults tests switch on (src/sim/faults/). */
  faults: FaultBook;
  /** Timers of delayed answers and held-back events. */
  faultTimers: TimerGroup;
}
