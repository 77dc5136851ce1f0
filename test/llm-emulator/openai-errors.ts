/**
 * Error bodies in OpenAI's shape: `{ error: { message, type, param, code } }`. The `openai`
 * client turns them into `APIError` subclasses (`AuthenticationError` for 401,
 * `PermissionDeniedError` 403, `BadRequestError` 400, `RateLimitError` 429,
 * `InternalServerError` 5xx) with `.status`, `.code`, `.type`, `.param` and `.headers`.
 */
export interface OpenAiErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export function openAiError(message: string, type: string, code: string | null = null, param: string | null = null): OpenAiErrorBody {
  return { error: { message, type, param, code } };
}

export const invalidApiKey = (): OpenAiErrorBody =>
  openAiError('Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.', 'invalid_request_error', 'invalid_api_key');

export const permissionDenied = (): OpenAiErrorBody =>
  openAiError('You are not allowed to sample from this model.', 'invalid_request_error', 'permission_denied');

export const contextLengthExceeded = (max: number, prompt: number): OpenAiErrorBody =>
  openAiError(
    `This model's maximum context length is ${max} tokens. However, your messages resulted in ${prompt} tokens. Please reduce the length of the messages.`,
    'invalid_request_error',
    'context_length_exceeded',
    'messages',
  );

export const jsonSchemaUnsupported = (): OpenAiErrorBody =>
  openAiError("Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.", 'invalid_request_error', null, 'response_format');

export const rateLimited = (limit: number): OpenAiErrorBody =>
  openAiError(`Rate limit reached for requests per min (RPM): Limit ${limit}, Used ${limit}, Requested 1. Please try again later.`, 'requests', 'rate_limit_exceeded');

export const serverError = (): OpenAiErrorBody =>
  openAiError('The server had an error while processing your request. Sorry about that!', 'server_error');

export const badRequest = (message: string, param: string | null = null): OpenAiErrorBody =>
  openAiError(message, 'invalid_request_error', null, param);
