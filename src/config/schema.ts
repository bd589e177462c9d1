/**
 * The flow config schema: one source of truth for what ops staff may put in
 * flows/hotline.yaml, its ranges and defaults, and (through z.infer) the
 * TypeScript types the flows read. Ranges are hard limits (errors); what the
 * call standards allow is checked separately as warnings (standards.ts).
 */
import { z } from 'zod';

import { DialString, Language, LANGUAGES, PromptId, PromptList } from './schema-parts.js';
import { MenuAction } from '../flows/steps/index.js';

// The building blocks live in schema-parts.ts so the step table (whose
// actions declare their own config schema) can use them without a cycle.
export { DialString, Language, LANGUAGES, PromptId, PromptList, MenuAction };

const seconds = (min: number, max: number, def: number) =>
  z.number().min(min, `at least ${min} s`).max(max, `at most ${max} s`).default(def);

/** Every wait the flows make, in seconds (ops staff think in seconds). */
export const Timings = z
  .object({
    /** Silence after a prompt before we speak again (standard: 5 s). */
    silenceSeconds: seconds(1, 30, 5),
    /** Longest stretch on hold or ringing without a word from us (standard: at most 30 s). */
    checkInSeconds: seconds(5, 120, 30),
    /** Hold length after which a callback is offered (standard: 2 minutes). */
    callbackOfferAfterSeconds: seconds(30, 900, 120),
    /** Hold length after which we stop waiting and go to the callback path (standard: about 3 minutes). */
    maxHoldSeconds: seconds(60, 1800, 180),
    /** After the goodbye, time the caller gets to hang up first (standard: 2 s). */
    closeGraceSeconds: seconds(0.5, 15, 2),
    /** After a failed call's close (no sound), time before we hang up (standard: 5 s). */
    failedCallGraceSeconds: seconds(1, 15, 5),
    /** Wait for the first key of a number. */
    firstDigitSeconds: seconds(2, 30, 8),
    /** Wait between keys of a number. */
    interDigitSeconds: seconds(1, 15, 4),
    /** Wait for a menu key after the menu prompt. */
    menuReplySeconds: seconds(2, 30, 5),
    /** Length of the recorded "how should we address you" note. */
    recordNameSeconds: seconds(2, 10, 4),
  })
  .strict();
export type Timings = z.infer<typeof Timings>;

/** How many times a step is tried before it gives up. */
export const Retries = z
  .object({
    /** Menu attempts (invalid key or no key) before onExhausted. */
    menu: z.number().int().min(1).max(5).default(3),
    /** Attempts at entering and confirming a callback number. */
    numberEntry: z.number().int().min(1).max(5).default(3),
  })
  .strict();

/** All prompt ids the flows play, per step. */
export const Prompts = z
  .object({
    greeting: PromptList,
    menu: PromptList,
    repeatOffer: PromptList,
    noSoundClose: PromptList,
    notUnderstood: PromptList,
    holdPermission: PromptList,
    holdCheckIn: PromptList,
    holdCallbackOffer: PromptList,
    holdThanks: PromptList,
    lookupDone: PromptList,
    transferRinging: PromptList,
    targetBusy: PromptList,
    callbackEnterNumber: PromptList,
    callbackReadBack: PromptList,
    callbackConfirm: PromptList,
    callbackNumberInvalid: PromptList,
    callbackRecordName: PromptList,
    callbackLandline: PromptList,
    callbackStored: PromptList,
    callbackStoreFailed: PromptList,
    anythingElse: PromptList,
    thanks: PromptList,
    goodbye: PromptList,
    closedHours: PromptList,
    languageSwitched: PromptList,
    // Added after the first release: defaults keep older config files valid.
    /** Closed hours: said before closedHours (courtesy greeting and organisation, for a wrong number too). */
    closedGreeting: PromptList.default(['greeting-courtesy', 'greeting-organisation']),
    /** Closed hours: the callback option (key 1). */
    closedOptions: PromptList.default(['closed-callback-option']),
    /** Closed hours: the language key, when the menu has one. */
    closedLanguageOption: PromptList.default(['menu-language-option']),
    /** A transfer that could not be placed (not busy: we could not reach them). */
    targetUnavailable: PromptList.default(['target-unavailable']),
    /** After busy / no answer / unavailable: 1 a callback, 2 the menu. */
    busyChoice: PromptList.default(['busy-choice']),
    /** Added to busyChoice when the target was not the service desk: 0 the desk. */
    busyChoiceDesk: PromptList.default(['busy-choice-desk']),
    /** When no callback can be taken: please call again later. */
    callLater: PromptList.default(['call-later']),
    /** The hold reached its maximum: why, then 1 a callback, 0 the service desk. */
    holdMaxReached: PromptList.default(['hold-max-reached']),
  })
  .strict();
export type Prompts = z.infer<typeof Prompts>;

/** What a target's busy or no-answer leads to. */
export const FailoverAction = z.enum(['callback', 'close']);

/** A transfer destination. */
export const Target = z
  .object({
    /** Asterisk dial string. */
    dial: DialString,
    /** Ring time before it counts as no answer (outbound standard: at least 15 s). */
    ringTimeoutSeconds: z.number().int().min(5).max(120).default(20),
    /** Said before ringing: where the caller is going and the number to call back. */
    announce: PromptList,
    /** Who will call back, said when the request is stored (e.g. "our sales colleague"). */
    callbackBy: PromptList,
    onBusy: FailoverAction.default('callback'),
    onNoAnswer: FailoverAction.default('callback'),
  })
  .strict();
export type Target = z.infer<typeof Target>;

/** A menu key: 0-9, * or #. */
export const MenuKey = z.string().regex(/^[0-9*#]$/, 'a menu key is one of 0-9, * or #');

/** The key menu. */
export const Menu = z
  .object({
    keys: z.record(MenuKey, MenuAction),
    /** Where a caller goes after the menu retries run out. */
    onExhausted: z.enum(['agent', 'close']).default('agent'),
  })
  .strict();

const HHMM = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/;
/** Opening ranges for one day, e.g. ["09:00-12:00", "13:00-18:00"]. */
export const DayHours = z.array(z.string().regex(HHMM, 'a time range is HH:MM-HH:MM, e.g. 09:00-18:00'));

/** Opening hours; outside them the closed-hours flow runs. */
export const Hours = z
  .object({
    /** IANA time zone, e.g. Asia/Shanghai. */
    timezone: z.string().min(1).default('Asia/Shanghai'),
    weekly: z
      .object({ mon: DayHours, tue: DayHours, wed: DayHours, thu: DayHours, fri: DayHours, sat: DayHours, sun: DayHours })
      .partial()
      .strict(),
    /** Dates (YYYY-MM-DD) the hotline is closed all day. */
    holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a holiday is a date YYYY-MM-DD')).default([]),
    /** After the closed-hours message: take a callback request, or close. */
    whenClosed: z.enum(['callback', 'close']).default('callback'),
  })
  .strict();
export type Hours = z.infer<typeof Hours>;

/** Callback number rules. */
export const CallbackRules = z
  .object({
    minDigits: z.number().int().min(3).max(20).default(7),
    maxDigits: z.number().int().min(3).max(20).default(13),
    /** A number matching this regex is a mobile (no extension question). */
    mobilePattern: z.string().default('^1[3-9]\\d{9}$'),
    /** A number matching this regex is a landline (asked: direct line or which extension). */
    landlinePattern: z.string().default('^0\\d{9,11}$'),
    /** Group sizes used when reading a number back (the rest is read in groups of the last size). */
    readBackGroups: z.array(z.number().int().min(1).max(6)).min(1).default([3, 4, 4]),
  })
  .strict();
export type CallbackRules = z.infer<typeof CallbackRules>;

/**
 * What the dialer says. Whisper: to the colleague before the customer is
 * dialled. Opening: to the customer the moment they answer (section 9: who
 * is calling, why, and the right-person check). Report: to the colleague
 * when the customer could not be put through, before their leg is hung up.
 */
export const DialerPrompts = z
  .object({
    /** "A customer is waiting for your call back." */
    whisper: PromptList.default(['whisper-callback']),
    /** Before the minutes waited (read in digits), and after them. */
    whisperWaiting: PromptList.default(['whisper-waiting']),
    whisperMinutes: PromptList.default(['whisper-minutes']),
    /** Before the customer's number, read in groups; the colleague then hears ringing. */
    whisperNumber: PromptList.default(['whisper-number']),
    /** Who is calling (organisation, line) and why (the callback they asked for). */
    opening: PromptList.default(['outbound-opening', 'outbound-why']),
    /** Right-person check: before the first digits of the number, and after them (with the keys). */
    holder: PromptList.default(['outbound-holder']),
    holderKeys: PromptList.default(['outbound-holder-keys']),
    connecting: PromptList.default(['outbound-connecting']),
    wrongPerson: PromptList.default(['outbound-wrong-person']),
    neverAgain: PromptList.default(['outbound-never-again']),
    /** Outbound silent line (section 2): "hello, can you hear me?", about 3 s later "your call is connected...", then the close. */
    hello: PromptList.default(['outbound-hello']),
    connected: PromptList.default(['outbound-connected']),
    noSoundClose: PromptList.default(['outbound-no-sound-close']),
    /** To a customer who did not confirm, or whose colleague left meanwhile: we will call again. */
    callLater: PromptList.default(['outbound-call-later']),
    colleagueGone: PromptList.default(['outbound-call-later']),
    /** Told to the colleague: what happened, then what comes next. */
    reportBusy: PromptList.default(['colleague-customer-busy']),
    reportNoAnswer: PromptList.default(['colleague-customer-no-answer']),
    reportMachine: PromptList.default(['colleague-machine']),
    reportSilent: PromptList.default(['colleague-customer-silent']),
    reportWrongPerson: PromptList.default(['colleague-wrong-person']),
    reportRefused: PromptList.default(['colleague-refused']),
    reportFailed: PromptList.default(['colleague-call-failed']),
    reportNotConfirmed: PromptList.default(['colleague-not-confirmed']),
    reportRetry: PromptList.default(['colleague-retry-later']),
    reportClosed: PromptList.default(['colleague-request-closed']),
  })
  .strict();
export type DialerPrompts = z.infer<typeof DialerPrompts>;

/** The keys of the right-person check. */
export const DialerKeys = z
  .object({
    /** "Yes, that is me": bridged to the colleague. */
    confirm: MenuKey.default('1'),
    /** "No": wrong person, the request fails (no retry). */
    wrongPerson: MenuKey.default('2'),
    /** "Never call me again": added to the do-not-call list, the request is cancelled. */
    neverAgain: MenuKey.default('9'),
  })
  .strict()
  .refine((k) => new Set([k.confirm, k.wrongPerson, k.neverAgain]).size === 3, 'the three dialer keys must differ');

/** The callback dialer (src/dialer/): who it shows, how long it rings, when it retries and may call. */
export const DialerConfig = z
  .object({
    enabled: z.boolean().default(false),
    /** Caller ID shown to the customer, e.g. "Hotline" <4001234567>. */
    callerId: z.string().min(1),
    /** How long the customer's phone rings; the call standards ask for at least 15 s. */
    ringSeconds: z.number().min(15, 'the customer must ring at least 15 s (call standards, section 9)').max(120).default(25),
    /** Spacing of retries after busy / no answer / machine, in minutes, one per retry (the last repeats). */
    retryMinutes: z.array(z.number().positive()).min(1).default([10, 30, 60]),
    maxAttempts: z.number().int().min(1).max(10).default(3),
    /** Calling hours, in the callee's time zone. */
    callingHours: Hours.optional(),
    /** File of numbers never to call (one per line, # comments). */
    doNotCallFile: z.string().min(1).optional(),
    // Added with the dialer itself: defaults keep older config files valid.
    /** Dial string of a customer; {number} is replaced by the number (digits only, checked before). */
    trunk: z
      .string()
      .regex(/^(PJSIP|SIP|IAX2|DAHDI|Local)\/[A-Za-z0-9_.+@-]*\{number\}[A-Za-z0-9_.+@-]*$/, 'a trunk is a dial string with {number} in it, e.g. PJSIP/{number}@trunk')
      .default('PJSIP/{number}@trunk'),
    /** Calls in progress at once on one instance (at most one per target); the abandon meter lowers it. */
    maxConcurrent: z.number().int().min(1).max(20).default(2),
    /** How often an idle dialer looks for due requests. */
    pollSeconds: seconds(1, 300, 15),
    /** Lease on a claimed request; renewed while dialing, so another instance takes it over only after a crash. */
    leaseSeconds: seconds(15, 600, 60),
    /** A colleague who is busy or does not answer: the request is tried again this much later (not counted as a customer attempt). */
    targetRetryMinutes: z.number().positive().max(120).default(2),
    /** Speech without a pause for longer than this right after the answer is an answering machine. */
    machineSpeechSeconds: seconds(2, 20, 4),
    /** Outbound silent line: the wait after "hello, can you hear me?" and after "your call is connected" (standard: about 3 s). */
    silentReplySeconds: seconds(1, 10, 3),
    keys: DialerKeys.default(DialerKeys.parse({})),
    prompts: DialerPrompts.default(DialerPrompts.parse({})),
  })
  .strict();
/** The checked dialer section. */
export type DialerConfig = z.infer<typeof DialerConfig>;

/** The whole flow config file. */
export const HotlineConfigSchema = z
  .object({
    version: z.literal(1),
    /** Name used in logs and the ops views (the spoken name is in the prompts). */
    organisation: z.string().min(1),
    languages: z
      .object({
        default: Language,
        available: z.array(Language).min(1),
      })
      .strict(),
    timings: Timings.default(Timings.parse({})),
    retries: Retries.default(Retries.parse({})),
    prompts: Prompts,
    menu: Menu,
    targets: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'a target name is lower-case letters, digits and dashes'), Target),
    /** Target that the "agent" action and exhausted menus go to. */
    agentTarget: z.string().min(1),
    hours: Hours.optional(),
    callback: CallbackRules.default(CallbackRules.parse({})),
    dialer: DialerConfig.optional(),
  })
  .strict();

/** A checked flow config, as the flows read it. */
export type HotlineConfig = z.infer<typeof HotlineConfigSchema>;
