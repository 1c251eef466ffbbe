import { z } from 'zod';
import { ContractErrorSchema } from './errors';

/**
 * One envelope on every transport (Electron IPC, WebSocket, in-process):
 * request `{id, method, input}`, cancel `{id, cancel: true}`,
 * reply `{id, ok: true, value}` | `{id, ok: false, error}`, push `{topic, seq, payload}`.
 */
export const RequestIdSchema = z.union([z.string().min(1).max(64), z.number().int().nonnegative()]);
export type RequestId = z.infer<typeof RequestIdSchema>;

export const RequestEnvelopeSchema = z.object({
  id: RequestIdSchema,
  method: z.string().min(1).max(100),
  input: z.unknown().optional(),
});
export type RequestEnvelope = z.infer<typeof RequestEnvelopeSchema>;

export const CancelEnvelopeSchema = z.object({ id: RequestIdSchema, cancel: z.literal(true) });
export type CancelEnvelope = z.infer<typeof CancelEnvelopeSchema>;

export const ClientMessageSchema = z.union([CancelEnvelopeSchema, RequestEnvelopeSchema]);
export type ClientMessage = RequestEnvelope | CancelEnvelope;

/** `id` is null only when the request was too broken to read its id. */
export const ReplyEnvelopeSchema = z.union([
  z.object({ id: RequestIdSchema.nullable(), ok: z.literal(true), value: z.unknown() }),
  z.object({ id: RequestIdSchema.nullable(), ok: z.literal(false), error: ContractErrorSchema }),
]);
export type ReplyEnvelope = z.infer<typeof ReplyEnvelopeSchema>;

export const PushEnvelopeSchema = z.object({ topic: z.string(), seq: z.number().int().nonnegative(), payload: z.unknown() });
export type PushEnvelope = z.infer<typeof PushEnvelopeSchema>;

export type ServerMessage = ReplyEnvelope | PushEnvelope;

export function isPush(m: ServerMessage): m is PushEnvelope {
  return (m as PushEnvelope).topic !== undefined;
}

/** The id of a message that failed validation, when one can be read, so the error reply can be matched. */
export function salvageRequestId(raw: unknown): RequestId | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const id = RequestIdSchema.safeParse((raw as { id?: unknown }).id);
  return id.success ? id.data : null;
}
