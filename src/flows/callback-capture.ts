/**
 * Callback capture (standards section 5): take the best number by keypad,
 * read it back in groups and confirm, record how to address the caller, ask
 * a landline for its extension, store the request, and only then confirm
 * who will call back and at which number. Nothing confirmed is ever lost:
 * if the store fails, the caller is told and routed on, never told "done".
 */
import type { CallContext } from '../call/context.js';
import { ms } from '../call/context.js';
import { say } from '../call/say.js';
import { collectDigits } from '../call/collect-digits.js';
import { recordVoiceNote } from '../call/record.js';
import type { Target } from '../config/schema.js';
import type { CallbackReason, NewCallbackRequest } from '../store/callback-store.js';
import { readBackPrompts } from './read-back.js';
import type { SystemPromptId } from '../config/system-prompts.js';
import type { FlowResult } from './flow-result.js';

/** Keys for the read-back question. */
export const CONFIRM_KEY = '1';
export const REENTER_KEY = '2';
const MAX_EXTENSION_DIGITS = 6;
/** Said before an extension is read back. */
const EXTENSION_PROMPT: SystemPromptId = 'callback-extension';
const STORE_ATTEMPTS = 2;

/** Options for captureCallback. */
export interface CaptureOptions {
  targetName: string;
  target: Target;
  reason: CallbackReason;
  /** Say the "colleague is busy, will call you back" line first. */
  announceBusy: boolean;
}

/** Runs the capture; 'close' when the caller is still there (the hotline then asks "anything else?"). */
export async function captureCallback(ctx: CallContext, o: CaptureOptions): Promise<FlowResult> {
  const p = ctx.config.prompts;
  if (o.announceBusy) {
    const r = await say(ctx, p.targetBusy);
    if (r.kind === 'gone') return 'ended';
  }
  const number = await askNumber(ctx);
  if (number === 'gone') return 'ended';
  if (number === undefined) {
    // Could not get a usable number: apologise and close politely.
    const r = await say(ctx, p.notUnderstood);
    return r.kind === 'gone' ? 'ended' : 'close';
  }
  const nameNote = await askName(ctx);
  if (nameNote === 'gone') return 'ended';
  const lineType = classify(ctx, number);
  let extension: string | undefined;
  if (lineType === 'landline') {
    const ext = await askExtension(ctx);
    if (ext === 'gone') return 'ended';
    extension = ext;
  }
  const request: NewCallbackRequest = {
    callId: ctx.id,
    number,
    lineType,
    target: o.targetName,
    reason: o.reason,
    language: ctx.language,
    callerNumber: ctx.caller.number,
    ...(extension ? { extension } : {}),
    ...(nameNote ? { nameRecording: nameNote } : {}),
  };
  const stored = await store(ctx, request);
  if (!stored) {
    const r = await say(ctx, p.callbackStoreFailed);
    return r.kind === 'gone' ? 'ended' : 'close';
  }
  const confirm = [
    ...p.callbackStored,
    ...o.target.callbackBy,
    ...readBackPrompts(number, ctx.config.callback.readBackGroups),
    ...(extension ? [EXTENSION_PROMPT, ...readBackPrompts(extension, [extension.length])] : []),
  ];
  const r = await say(ctx, confirm);
  return r.kind === 'gone' ? 'ended' : 'close';
}

/** Asks for the number and its confirmation, within the retry budget. */
async function askNumber(ctx: CallContext): Promise<string | undefined | 'gone'> {
  const p = ctx.config.prompts;
  const rules = ctx.config.callback;
  const t = ctx.config.timings;
  for (let attempt = 1; attempt <= ctx.config.retries.numberEntry; attempt++) {
    ctx.input.clearKeys();
    const asked = await say(ctx, p.callbackEnterNumber, { interruptible: true });
    if (asked.kind === 'gone') return 'gone';
    const got = await collectDigits(ctx, {
      maxDigits: rules.maxDigits,
      finishKey: '#',
      firstDigitMs: ms(t.firstDigitSeconds),
      interDigitMs: ms(t.interDigitSeconds),
    });
    if (got.kind === 'gone') return 'gone';
    const digits = got.kind === 'digits' ? got.digits.replace(/[^0-9]/g, '') : '';
    if (digits.length < rules.minDigits || digits.length > rules.maxDigits) {
      const r = await say(ctx, p.callbackNumberInvalid);
      if (r.kind === 'gone') return 'gone';
      continue;
    }
    const check = await confirmNumber(ctx, digits);
    if (check === 'gone') return 'gone';
    if (check === 'confirmed') return digits;
  }
  return undefined;
}

/** Reads the number back in groups and asks 1 = correct, 2 = enter again. */
async function confirmNumber(ctx: CallContext, digits: string): Promise<'confirmed' | 'reenter' | 'gone'> {
  const p = ctx.config.prompts;
  ctx.input.clearKeys();
  const readBack = [...p.callbackReadBack, ...readBackPrompts(digits, ctx.config.callback.readBackGroups)];
  const r1 = await say(ctx, readBack);
  if (r1.kind === 'gone') return 'gone';
  for (let tries = 0; tries < 2; tries++) {
    const r2 = await say(ctx, p.callbackConfirm, { interruptible: true });
    if (r2.kind === 'gone') return 'gone';
    const key = await collectDigits(ctx, {
      maxDigits: 1,
      firstDigitMs: ms(ctx.config.timings.menuReplySeconds),
      interDigitMs: ms(ctx.config.timings.interDigitSeconds),
    });
    if (key.kind === 'gone') return 'gone';
    if (key.kind === 'digits' && key.digits === CONFIRM_KEY) return 'confirmed';
    if (key.kind === 'digits' && key.digits === REENTER_KEY) return 'reenter';
    // No key or another key: ask the confirmation once more, politely.
  }
  return 'reenter';
}

/** Records how to address the caller; returns the recording name, or undefined if none. */
async function askName(ctx: CallContext): Promise<string | undefined | 'gone'> {
  const r = await say(ctx, ctx.config.prompts.callbackRecordName);
  if (r.kind === 'gone') return 'gone';
  ctx.input.clearKeys();
  const rec = await recordVoiceNote(ctx, `callback-name-${ctx.id}`, ctx.config.timings.recordNameSeconds);
  if (rec.kind === 'gone') return 'gone';
  return rec.kind === 'recorded' ? rec.name : undefined;
}

/** Landline: direct line (just #) or an extension. */
async function askExtension(ctx: CallContext): Promise<string | undefined | 'gone'> {
  ctx.input.clearKeys();
  const r = await say(ctx, ctx.config.prompts.callbackLandline, { interruptible: true });
  if (r.kind === 'gone') return 'gone';
  const got = await collectDigits(ctx, {
    maxDigits: MAX_EXTENSION_DIGITS,
    finishKey: '#',
    firstDigitMs: ms(ctx.config.timings.firstDigitSeconds),
    interDigitMs: ms(ctx.config.timings.interDigitSeconds),
  });
  if (got.kind === 'gone') return 'gone';
  if (got.kind !== 'digits') return undefined;
  const ext = got.digits.replace(/[^0-9]/g, '');
  return ext.length > 0 ? ext : undefined;
}

function classify(ctx: CallContext, number: string): 'mobile' | 'landline' | 'other' {
  const rules = ctx.config.callback;
  if (new RegExp(rules.mobilePattern).test(number)) return 'mobile';
  if (new RegExp(rules.landlinePattern).test(number)) return 'landline';
  return 'other';
}

/** Saves the request (one retry); true only when the store confirmed it. */
async function store(ctx: CallContext, req: NewCallbackRequest): Promise<boolean> {
  for (let attempt = 1; attempt <= STORE_ATTEMPTS; attempt++) {
    try {
      const saved = await ctx.services.callbacks.save(req);
      ctx.timeline.add('callback-stored', { id: saved.id, number: req.number, target: req.target, lineType: req.lineType, ...(req.extension ? { extension: req.extension } : {}) });
      return true;
    } catch (err) {
      ctx.log.error(`callback request not stored (attempt ${attempt}): ${err instanceof Error ? err.message : String(err)}`, { callId: ctx.id });
    }
  }
  ctx.timeline.add('callback-store-failed', { number: req.number, target: req.target });
  return false;
}
