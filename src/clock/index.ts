/** The clock API: the Clock interface, sleep(), and the real, virtual and shifted clocks. */
export { type Clock, type TimerHandle, RealClock, sleep, waitAtMost } from './clock.js';
export { VirtualClock, type RunOptions } from './virtual-clock.js';
export { ShiftedClock } from './shifted-clock.js';
