/**
 * The body of a request to the bot's public Function URL, checked for size before anything reads it. JANDI's
 * webhook bodies are well under a kilobyte; anything over 16 KB is refused before it is decoded or parsed. A
 * base64 body (the Function URL encodes bodies it does not take for text) is measured twice: its encoded length
 * first, so a huge one is never decoded, then its decoded size. Pure.
 */
import { botMessages, type BotMessages } from '../../../core/messages/bot';

export const MAX_BODY_BYTES = 16 * 1024;

export type DecodedBody = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly statusCode: 400 | 413; readonly problem: string };

const CANONICAL_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** `say`: the language of the problem, which is the reply's body. */
export function decodeRequestBody(body: unknown, isBase64Encoded: unknown, say: BotMessages = botMessages.en, maxBytes = MAX_BODY_BYTES): DecodedBody {
  const tooLarge: DecodedBody = { ok: false, statusCode: 413, problem: say.bodyTooLarge({ maxBytes }) };
  if (body === undefined || body === null) return { ok: true, text: '' };
  if (typeof body !== 'string') return { ok: false, statusCode: 400, problem: say.bodyNotText };
  if (isBase64Encoded === true) {
    // The longest encoding of a body within the limit; checked before the regular expression and the decoder run.
    if (body.length > Math.ceil(maxBytes / 3) * 4) return tooLarge;
    if (!CANONICAL_BASE64.test(body)) return { ok: false, statusCode: 400, problem: say.bodyNotBase64 };
    const bytes = Buffer.from(body, 'base64');
    if (bytes.length > maxBytes) return tooLarge;
    return { ok: true, text: bytes.toString('utf8') };
  }
  // A UTF-8 encoding is never shorter than the string's UTF-16 length, so the cheap test goes first.
  if (body.length > maxBytes || Buffer.byteLength(body, 'utf8') > maxBytes) return tooLarge;
  return { ok: true, text: body };
}
