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
import { ask } from '../call/ask.js';
import { recordVoiceNote } from '../call/record.js';
import type { Target } from '../config/schema.js';
import type { CallbackReason, NewCallbackRequest } from '../store/callback-queue.js';
import { readBackPrompts } from './read-back.js';
import type { SystemPromptId } from '../config/system-prompts.js';
import { confirmReadBack } from './confirm-read-back.js';
import { transfer } from './transfer.js';
import type { FlowResult } from './flow-result.js';

const MAX_EXTENSION_DIGITS = 6;
/** Said before an extension is read back. */
const EXTENSION_PROMPT: SystemPromptId = 'callback-extension';
const STORE_ATTEMPTS = 2;

/** Options for captureCallback. */
export interface CaptureOptions {
  targetName: string;
  target: Target;
  reason: CallbackReason;
}

/** Runs the capture; 'close' when the caller is still there (the hotline then asks "anything else?"). */
export async function captureCallback(ctx: CallContext, o: CaptureOptions): Promise<FlowResult> {
  const p = ctx.config.prompts;
  ctx.timeline.add('callback-capture', { target: o.targetName, reason: o.reason });
  const number = await askNumber(ctx);
  if (number === 'gone') return 'ended';
  if (number === undefined) {
    // No usable number after the apologies: the caller still deserves help now.
    return 'close';
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
    // The truth, then really a colleague (never "recorded" for a request we do not have).
    const r = await say(ctx, p.callbackStoreFailed);
    if (r.kind === 'gone') return 'ended';
    return transfer(ctx, ctx.config.agentTarget, { allowCallback: false });
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

/** A callback for the service desk (agentTarget): after a long hold, or while closed. */
export async function callbackForDesk(ctx: CallContext, reason: CallbackReason): Promise<FlowResult> {
  const target = ctx.config.targets[ctx.config.agentTarget];
  if (!target) return 'close';
  return captureCallback(ctx, { targetName: ctx.config.agentTarget, target, reason });
}

/** Asks for the number and its confirmation, within the retry budget. */
async function askNumber(ctx: CallContext): Promise<string | undefined | 'gone'> {
  const p = ctx.config.prompts;
  const rules = ctx.config.callback;
  const t = ctx.config.timings;
  const valid = (d: string): boolean => /^[0-9]*$/.test(d) && d.length >= rules.minDigits && d.length <= rules.maxDigits;
  for (let entry = 1; entry <= ctx.config.retries.numberEntry; entry++) {
    const got = await ask(ctx, {
      name: 'callback-number',
      question: p.callbackEnterNumber,
      // "That number is incomplete" is only for a wrong-length entry.
      apology: p.callbackNumberInvalid,
      maxDigits: rules.maxDigits,
      finishKey: '#',
      replyMs: ms(t.firstDigitSeconds),
      interDigitMs: ms(t.interDigitSeconds),
      fit: (d) => (valid(d) ? 'ok' : 'invalid'),
      attempts: ctx.config.retries.numberEntry,
    });
    if (got.kind === 'gone') return 'gone';
    if (got.kind !== 'answer') return undefined;
    const check = await confirmReadBack(ctx, { name: 'callback-confirm', readBack: readBackPrompts(got.digits, rules.readBackGroups) });
    if (check === 'gone') return 'gone';
    if (check === 'confirmed') return got.digits;
  }
  return undefined;
}

/** Records how to address the caller; returns the recording name, or undefined if none. */
async function askName(ctx: CallContext): Promise<string | undefined | 'gone'> {
  const r = await say(ctx, ctx.config.prompts.callbackRecordName);
  if (r.kind === 'gone') return 'gone';
  const rec = await recordVoiceNote(ctx, `callback-name-${ctx.id}`, ctx.config.timings.recordNameSeconds);
  if (rec.kind === 'gone') return 'gone';
  return rec.kind === 'recorded' ? rec.name : undefined;
}

/** Landline: direct line (just #, or nothing) or an extension. */
async function askExtension(ctx: CallContext): Promise<string | undefined | 'gone'> {
  const got = await ask(ctx, {
    name: 'callback-extension',
    question: ctx.config.prompts.callbackLandline,
    maxDigits: MAX_EXTENSION_DIGITS,
    finishKey: '#',
    replyMs: ms(ctx.config.timings.firstDigitSeconds),
    fit: (d) => (/^[0-9]*$/.test(d) ? 'ok' : 'invalid'),
    // Saying nothing after hearing it again: a direct line (never lose the request over it).
    onSilence: 'return',
  });
  if (got.kind === 'gone') return 'gone';
  if (got.kind !== 'answer') return undefined;
  return got.digits.length > 0 ? got.digits : undefined;
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
      const { request: saved, merged } = await ctx.services.callbacks.capture(req);
      ctx.timeline.add('callback-stored', { id: saved.id, merged, number: req.number, target: req.target, lineType: req.lineType, ...(req.extension ? { extension: req.extension } : {}) });
      return true;
    } catch (err) {
      ctx.log.error(`callback request not stored (attempt ${attempt}): ${err instanceof Error ? err.message : String(err)}`, { callId: ctx.id });
    }
  }
  ctx.timeline.add('callback-store-failed', { number: req.number, target: req.target });
  return false;
}
