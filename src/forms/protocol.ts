import type { ResourceRef } from '../core/edit/adapters';
import { RESOURCE_TYPES } from '../core/resourceTypes';
import * as z from '../core/schemas/zod';

/**
 * The typed message protocol between a form webview and the extension host. Both sides parse
 * every message with these schemas; requests carry an id and get exactly one reply. The webview
 * speaks first with `ready`; the host answers with `init`.
 */

const fieldIssue = z.object({
  path: z.array(z.union([z.string(), z.number()])),
  message: z.string(),
  code: z.optional(z.string()),
});
export type WireIssue = z.infer<typeof fieldIssue>;

/** What the form shows besides the editable fields (read-only context). */
export const formMetaSchema = z.object({
  resource: z.enum(RESOURCE_TYPES),
  title: z.string(),
  profile: z.string(),
  /** Connection method (read-only in the form). */
  method: z.optional(z.string()),
  identityName: z.optional(z.string()),
  updatedAt: z.optional(z.string()),
  rotation: z.optional(
    z.object({
      status: z.optional(z.nullable(z.string())),
      nextRotationAt: z.optional(z.nullable(z.string())),
      lastRotationMessage: z.optional(z.nullable(z.string())),
    }),
  ),
  /** Rotate now is offered where the tree offers it (a client-secret connection with a schedule). */
  canRotateNow: z.optional(z.boolean()),
  /** False where the connection's server has no rotation (older than the feature): none offered. */
  serverRotation: z.optional(z.boolean()),
});
export type FormMeta = z.infer<typeof formMetaSchema>;

/** Which resource a form edits: kept in the webview state, so a reload can bring the form back. */
export const formTargetSchema = z.object({
  resource: z.enum(RESOURCE_TYPES),
  profile: z.string(),
  id: z.string(),
  label: z.string(),
}) satisfies z.ZodMiniType<ResourceRef>;
export type FormTarget = z.infer<typeof formTargetSchema>;

/**
 * What the page keeps in its webview state (`setState`), which VS Code hands back when the page
 * boots again (the panel was hidden, or the window reloaded). Never a write-only value: `values`
 * come from the model's `toDraft`.
 */
export const formStateSchema = z.object({
  target: formTargetSchema,
  dirty: z.boolean(),
  values: z.record(z.string(), z.unknown()),
});
export type FormState = z.infer<typeof formStateSchema>;

export const toWebview = z.discriminatedUnion('type', [
  /** The server's state as editable fields (toConnectionEdit / toAzureAuthEdit), and the typed values to restore, if any. */
  z.object({
    type: z.literal('init'),
    target: formTargetSchema,
    meta: formMetaSchema,
    server: z.record(z.string(), z.unknown()),
    draft: z.optional(z.record(z.string(), z.unknown())),
  }),
  z.object({
    type: z.literal('reply'),
    id: z.number(),
    result: z.discriminatedUnion('status', [
      z.object({
        status: z.literal('saved'),
        server: z.record(z.string(), z.unknown()),
        meta: formMetaSchema,
        changes: z.array(z.string()),
        /** What the server answered 200 to without keeping it, one sentence each: not saved. */
        ignored: z.optional(z.array(z.string())),
      }),
      z.object({ status: z.literal('unchanged') }),
      z.object({ status: z.literal('not-sent'), reason: z.string() }),
      z.object({ status: z.literal('invalid'), issues: z.array(fieldIssue), fromServer: z.boolean() }),
      z.object({ status: z.literal('error'), message: z.string() }),
      z.object({ status: z.literal('done') }),
    ]),
  }),
]);
export type ToWebview = z.infer<typeof toWebview>;
export type ReplyResult = Extract<ToWebview, { type: 'reply' }>['result'];

export const toHost = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  /** Save: the edited fields, validated again by the host before anything is sent. */
  z.object({ type: z.literal('save'), id: z.number(), edited: z.record(z.string(), z.unknown()) }),
  z.object({ type: z.literal('rotateNow'), id: z.number() }),
  z.object({ type: z.literal('reauthorize'), id: z.number() }),
  /** The form's current values and whether they differ from the server (kept for restore and close). */
  z.object({ type: z.literal('draft'), dirty: z.boolean(), values: z.record(z.string(), z.unknown()) }),
]);
export type ToHost = z.infer<typeof toHost>;
