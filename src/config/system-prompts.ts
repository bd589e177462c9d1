/**
 * Prompts the flows play that the config does not name: the pieces used to
 * read a number back in groups (§5, §6 of the call standards), the tone
 * before a voice note, and the apology after a technical interruption. The
 * flows, the sounds catalog and the config check share this one list.
 */

/** Digit prompts, digit-0 .. digit-9, in digit order. */
export const DIGIT_PROMPTS = ['digit-0', 'digit-1', 'digit-2', 'digit-3', 'digit-4', 'digit-5', 'digit-6', 'digit-7', 'digit-8', 'digit-9'] as const;

/**
 * The pieces the dialer's whisper says a wait with (src/dialer/spoken-duration.ts):
 * 2 as a quantity, 10-19 and the tens 20-50 as words, singular and plural units.
 */
export const DURATION_PROMPTS = [
  'count-2',
  ...(['10', '11', '12', '13', '14', '15', '16', '17', '18', '19', '20', '30', '40', '50'] as const).map((n) => `count-${n}` as const),
  'duration-minute',
  'duration-hour',
  'duration-hours',
  'duration-day',
  'duration-days',
] as const;

/** Every prompt id the flows need besides those named in flows/hotline.yaml. */
export const REQUIRED_SYSTEM_PROMPTS = [
  ...DIGIT_PROMPTS,
  /** "star", for * in a number read back. */
  'digit-star',
  /** "pound" / "hash", for #. */
  'digit-pound',
  /** A short silence between the groups of a number read back. */
  'pause',
  /** "extension", said before an extension in a callback number read back. */
  'callback-extension',
  /** The tone before a voice note (the flows record with beep=false: Asterisk's beep is a core sound). */
  'beep',
  /** "Sorry for the interruption", when a call is picked up again after a restart or an outage. */
  'sorry-interrupted',
  /** The dialer's whisper: how long the customer has waited, in words. */
  ...DURATION_PROMPTS,
] as const;

/** One of REQUIRED_SYSTEM_PROMPTS. */
export type SystemPromptId = (typeof REQUIRED_SYSTEM_PROMPTS)[number];

/** The prompt id that speaks one key of a number ('0'-'9', '*', '#'); undefined for anything else. */
export function digitPrompt(key: string): SystemPromptId | undefined {
  if (/^[0-9]$/.test(key)) return `digit-${key}` as SystemPromptId;
  if (key === '*') return 'digit-star';
  if (key === '#') return 'digit-pound';
  return undefined;
}
