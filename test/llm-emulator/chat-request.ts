/**
 * Reading a Chat Completions request body the way the `llm` protocol uses it: the LAST message
 * with role `user` holds ONE JSON object mapping segment ids (strings) to tagged source text;
 * every other message (system, earlier user turns) carries instructions, style guide, context
 * and glossary lines. Message content may be a string or an array of `{type:'text', text}` parts.
 */
export interface ChatMessageView {
  role: string;
  /** The content flattened to text (text parts joined with a newline). */
  content: string;
}

export interface ChatRequestView {
  model?: string;
  messages: ChatMessageView[];
  /** The segments of the last user message, in the order of the JSON object (undefined if it is not such an object). */
  segments?: Record<string, string>;
  /** `response_format.type` as sent (`json_schema`, `json_object`, `text`), if any. */
  responseFormat?: string;
  /** `max_completion_tokens`, else `max_tokens`, if sent. */
  maxCompletionTokens?: number;
  stream: boolean;
}

export class ChatRequestError extends Error {
  constructor(
    message: string,
    readonly param: string | null = null,
  ) {
    super(message);
  }
}

function flatten(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content))
    return content
      .map((part) => (part && typeof part === 'object' && typeof (part as { text?: unknown }).text === 'string' ? (part as { text: string }).text : ''))
      .join('\n');
  return '';
}

/** Index of the last message with role `user`, or -1. */
export function lastUserIndex(messages: readonly ChatMessageView[]): number {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i].role === 'user') return i;
  return -1;
}

function parseSegments(text: string): Record<string, string> | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return undefined;
  const entries = Object.entries(json as Record<string, unknown>);
  if (entries.some(([, v]) => typeof v !== 'string')) return undefined;
  return Object.fromEntries(entries) as Record<string, string>;
}

/**
 * Parse a request body (already JSON-decoded). Throws `ChatRequestError` (answered 400) when
 * `messages` is not a non-empty array; a last user message that is not a JSON object of strings
 * leaves `segments` undefined (the handler answers 400 after the fault stage).
 */
export function readChatRequest(body: unknown): ChatRequestView {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new ChatRequestError('The request body must be a JSON object.');
  const b = body as Record<string, unknown>;
  if (!Array.isArray(b.messages) || b.messages.length === 0) throw new ChatRequestError("'messages' must be a non-empty array.", 'messages');
  const messages = b.messages.map((m): ChatMessageView => {
    const message = (m ?? {}) as Record<string, unknown>;
    return { role: typeof message.role === 'string' ? message.role : '', content: flatten(message.content) };
  });
  const last = lastUserIndex(messages);
  const format = b.response_format as { type?: unknown } | undefined;
  const max = typeof b.max_completion_tokens === 'number' ? b.max_completion_tokens : typeof b.max_tokens === 'number' ? b.max_tokens : undefined;
  return {
    model: typeof b.model === 'string' ? b.model : undefined,
    messages,
    segments: last >= 0 ? parseSegments(messages[last].content) : undefined,
    responseFormat: format && typeof format.type === 'string' ? format.type : undefined,
    maxCompletionTokens: max,
    stream: b.stream === true,
  };
}

/** The texts of every message except the last user message (where glossary lines are looked for). */
export function instructionTexts(request: ChatRequestView): string[] {
  const last = lastUserIndex(request.messages);
  return request.messages.filter((_, i) => i !== last).map((m) => m.content);
}
