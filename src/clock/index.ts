/** The clock API: the Clock interface, sleep(), and the real and virtual clocks. */
export { type Clock, type TimerHandle, RealClock, sleep, waitAtMost } from './clock.js';
export { VirtualClock, type RunOptions } from './virtual-clock.js';
