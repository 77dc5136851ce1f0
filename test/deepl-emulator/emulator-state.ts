import type { FaultPlan } from './fault-plan.ts';
import type { GlossaryStore } from './glossary-store.ts';
import type { Params } from './parse-body.ts';

/** What the emulator records of every request (never the auth key). */
export interface RecordedRequest {
  seq: number;
  method: string;
  path: string;
  /** Final status; 0 when the socket was destroyed without a response. */
  status: number;
  authorized: boolean;
  params: Params;
  /** `text` values of a translate request, in order. */
  texts: string[];
  context?: string;
  bodyBytes: number;
  /** Characters billed for this request (0 unless a translation was billed). */
  billedCharacters: number;
  /** The injected fault, if any. */
  fault?: 'tooManyRequests' | 'rateLimit' | 'serverError' | 'noResponse' | 'noResponseAfterBilling' | 'slow' | 'clientGone' | 'quota' | 'dropTags';
}

/** Mutable state shared by the emulator's handlers. */
export interface EmulatorState {
  glossaries: GlossaryStore;
  plan: FaultPlan;
  billedCharacters: number;
  characterLimit: number;
  reorderTags: boolean;
  maxTexts: number;
}

export interface HandlerRequest {
  method: string;
  path: string;
  params: Params;
  match: RegExpMatchArray;
  record: RecordedRequest;
}

export interface HandlerResponse {
  status: number;
  /** JSON-serialised unless a string. */
  body?: unknown;
  contentType?: string;
}

export type Handler = (req: HandlerRequest, state: EmulatorState) => HandlerResponse;

export function errorResponse(status: number, message: string): HandlerResponse {
  return { status, body: { message } };
}
