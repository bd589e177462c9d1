/**
 * Dial strings the dialer builds or reads: a target's device name (for its
 * device state), and a customer's dial string from the trunk template. The
 * number comes from a stored request; it is checked to be digits only
 * before it goes anywhere near a dial string, so nothing stored can steer
 * the call elsewhere (an "@", a "/" or an "&" would).
 */

const PHONE_TECHS = new Set(['PJSIP', 'SIP', 'IAX2', 'DAHDI']);

/** The device whose state tells whether a target is free: PJSIP/2001 for PJSIP/2001 or PJSIP/2001/n; undefined for Local and others. */
export function deviceOfDial(dial: string): string | undefined {
  const slash = dial.indexOf('/');
  if (slash <= 0) return undefined;
  const tech = dial.slice(0, slash);
  if (!PHONE_TECHS.has(tech)) return undefined;
  const name = dial.slice(slash + 1).split(/[/@]/)[0] ?? '';
  return name ? `${tech}/${name}` : undefined;
}

/** True for a number that may be dialled: 3 to 20 digits, nothing else. */
export function isDialableNumber(number: string): boolean {
  return /^\d{3,20}$/.test(number);
}

/** The customer's dial string, or undefined when the number is not digits only. */
export function customerDialString(trunk: string, number: string): string | undefined {
  if (!isDialableNumber(number)) return undefined;
  return trunk.replaceAll('{number}', number);
}

/** `"Hotline" <4001234567>`, `Hotline <4001234567>` or a bare number, as name and number. */
export function parseCallerId(callerId: string): { name: string; number: string } {
  const m = /^\s*"?([^"<]*?)"?\s*<([^>]*)>\s*$/.exec(callerId);
  if (m) return { name: (m[1] ?? '').trim(), number: (m[2] ?? '').trim() };
  return { name: '', number: callerId.trim() };
}
