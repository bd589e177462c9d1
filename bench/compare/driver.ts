/**
 * What each client under comparison implements for the side-by-side run:
 * connect, originate, and per call answer, play a prompt to its end, hang up.
 */

/** One call as the load runner drives it. */
export interface BenchCall {
  /** The channel id (the one we originated). */
  readonly id: string;
  /** Answers; resolves when the answer is confirmed. */
  answer(): Promise<void>;
  /** Plays media; resolves at its PlaybackFinished. */
  play(media: string): Promise<void>;
  /** Hangs up; resolves when the request is confirmed. */
  hangup(): Promise<void>;
  /** Resolves when the channel has left the app (StasisEnd). */
  readonly ended: Promise<void>;
}

/** Connection settings every driver gets. */
export interface DriverOptions {
  /** REST base, e.g. http://127.0.0.1:8088/ari. */
  url: string;
  username: string;
  password: string;
  app: string;
}

/** One client under comparison. */
export interface Driver {
  /** Connects the event socket (and whatever else the client loads at start). */
  connect(): Promise<void>;
  /** Registers the handler for each new channel in the app; t0 is when its StasisStart reached user code. */
  onCall(handler: (call: BenchCall, t0: number) => void): void;
  /** Originates a channel into the app. */
  originate(channelId: string, endpoint: string): Promise<void>;
  /** Closes everything so the process can exit. */
  close(): Promise<void>;
  /** Set after connect when the client did not use the transport asked for. */
  unavailableReason?: string;
}

/** A driver module exports this. */
export type DriverFactory = (o: DriverOptions) => Driver;

/** What a side-by-side run of one client measured (the child's JSON line). */
export interface CompareResult {
  client: string;
  calls: number;
  failures: number;
  cpuMsPerCall: number;
  answerP50Ms: number;
  answerP99Ms: number;
  peakRssMb: number;
  wallSeconds: number;
  /** True when the client ran as compiled JavaScript (no TypeScript loader in its process). */
  compiledJs?: boolean;
}
