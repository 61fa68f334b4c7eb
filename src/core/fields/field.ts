import type * as z from '../schemas/zod';

/**
 * One field of a resource, described once: every surface (PATCH body, JSON editor, workspace
 * file, plan, form, server messages, warnings) derives what it needs from this entry, so a rule
 * lives in one place and every surface reports it in the same words.
 *
 * `Server` is the resource as the API returns it; `Edit` the field's editable value (what the JSON
 * editor shows and the form receives); `Req` its PATCH schema; `Decl` its workspace-file schema.
 */
export interface FieldSpec<
  Server,
  Edit,
  Req extends z.ZodMiniType,
  Decl extends z.ZodMiniType,
  Form extends FormCodec<Edit> = FormCodec<Edit>,
> {
  /** The form's label. */
  label: string;
  /** The form's helper text under the field. */
  help: string;
  placeholder?: string;
  /** The form section it is shown in. */
  section: string;
  /** The value in a PATCH body and in the JSON editor (strict: every server rule). */
  request: Req;
  /** The value in a workspace file (`*.infisical-azure.json`), written the way people think. */
  decl: Decl;
  /** The editable value as the host sends it to a form (a plain shape, checked on arrival). */
  edit: z.ZodMiniType<Edit>;
  /** server → editable value (the JSON editor's document, the form's `server`). */
  toEdit(server: Server): Edit;
  /** server → the file's text form (pull, export, the plan's "current"). */
  toDecl(server: Server): unknown;
  /** The file's parsed value → what the PATCH builder reads. */
  fromDecl(value: z.output<Decl>): z.input<Req>;
  /**
   * Whether the file's value means what the server has although written otherwise (IP sets,
   * principal lists): the plan then leaves the field out. Fields without it are always handed to
   * the builder, which compares edit values.
   */
  sameAsServer?(server: Server, value: z.output<Decl>): boolean;
  /** The file's parsed value as the diff view shows it (durations back to "30d"). */
  declText?(value: z.output<Decl>): unknown;
  /** What a PATCH carries for an edited value (an empty description is sent as null); itself when absent. */
  toBody?(after: z.output<Req>): unknown;
  /** Whether an edited value changes the stored one; `===` when absent. */
  editEquals?(before: Edit, after: z.output<Req>): boolean;
  /** A value as a change line shows it; the value itself when absent. */
  changeText?(value: Edit | z.output<Req>): unknown;
  /** Server 400 sentences about this field; lower rank is tried first (a sentence may name two). */
  serverMessage?: { pattern: RegExp; rank: number };
  /** Accepted by the server but likely wrong (never stops a save or a plan). One value of a list. */
  warning?(value: unknown): string | undefined;
  /** How the form holds it. */
  form: Form;
}

/** A form field's text (or rows) ↔ its editable value. */
export interface FormCodec<Edit> {
  /** The key in the form's values (kept stable: drafts in webview state use it). */
  value: string;
  kind: 'text' | 'list' | 'duration' | 'count';
  /** Where it stands in the form (its section is `section`). */
  order: number;
  /** How a list reads: its rows, its add button, and what it says when empty. */
  list?: { itemLabel: string; addLabel: string; emptyText: string };
  /** The input's type attribute for text kinds. */
  inputType?: 'url' | 'number';
  fromEdit(edit: Edit): string | string[];
  /** What the typed text means for the builder, or a message when it means nothing. */
  toEdit(typed: string | string[]): { value: unknown } | { message: string };
}

// biome-ignore lint/suspicious/noExplicitAny: a table holds fields of different value types
export type AnyField<Server> = FieldSpec<Server, any, z.ZodMiniType, z.ZodMiniType>;

/** Keeps each entry's own types while checking it against FieldSpec. */
export function field<
  Server,
  Edit,
  Req extends z.ZodMiniType,
  Decl extends z.ZodMiniType,
  const Form extends FormCodec<Edit>,
>(spec: FieldSpec<Server, Edit, Req, Decl, Form>): FieldSpec<Server, Edit, Req, Decl, Form> {
  return spec;
}

/** The values a form keeps for a table: text per field, rows for a list, keyed by `form.value`. */
export type FormValues<T extends Record<string, { form: { value: string; kind: string } }>> = {
  [K in keyof T as T[K]['form']['value']]: T[K]['form']['kind'] extends 'list' ? string[] : string;
};

/** One part of every field of a table, keyed by field: `{ tenantId: <request schema>, … }`. */
export function partOf<T extends Record<string, AnyField<never>>, P extends keyof AnyField<never>>(
  table: T,
  part: P,
): { [K in keyof T]: T[K][P] } {
  return Object.fromEntries(Object.entries(table).map(([k, f]) => [k, f[part]])) as {
    [K in keyof T]: T[K][P];
  };
}
