import { connectionCapabilities } from '../azure';
import type { AppConnection } from '../schemas/appConnection';
import { intRange, objectError, refuseInvisible, SLUG_PATTERN, str } from '../schemas/common';
import * as z from '../schemas/zod';
import { CREDENTIAL_FIELDS, type CredentialField } from './credentials';
import type { FieldSpec, FormCodec } from './field';
import { text } from './values';

/**
 * The plain fields of an Azure Client Secrets connection (everything but its credentials), one
 * entry each, in the order documents show them. The PATCH body's plain fields, the workspace
 * file's connection entry, pull, the plan's diff, the form's name and description, the form
 * transport and the server-message mapping are derived from this table (see README,
 * Architecture). Credentials vary by method and hold write-only values: see credentials.ts.
 */

/**
 * A connection field. `section` says where documents put it: `connection` fields before the
 * credentials, `rotation` fields after them (and only where the server has rotation). Fields
 * without `form` have controls of their own (the rotation switch and schedule).
 */
export type ConnectionFieldSpec<Edit, Req extends z.ZodMiniType, Decl extends z.ZodMiniType> = Omit<
  FieldSpec<AppConnection, Edit, Req, Decl>,
  'form' | 'section'
> & { section: Section; form?: FormCodec<Edit> };

type Section = 'connection' | 'rotation';

function connectionField<
  Edit,
  Req extends z.ZodMiniType,
  Decl extends z.ZodMiniType,
  const S extends Section,
  const F extends FormCodec<Edit> | undefined = undefined,
>(
  spec: ConnectionFieldSpec<Edit, Req, Decl> & { section: S; form?: F },
): ConnectionFieldSpec<Edit, Req, Decl> & { section: S; form: F } {
  return spec as ConnectionFieldSpec<Edit, Req, Decl> & { section: S; form: F };
}

export interface RotationSchedule {
  rotationInterval: number;
  rotateAtUtc: { hours: number; minutes: number };
}

const rotationInterval = z.meta(intRange('rotation.rotationInterval', 1, 365), {
  description: 'How often to rotate the client secret, in days (1–365).',
  examples: [30],
});

const rotationRequest = z.meta(
  z.strictObject({
    rotationInterval,
    rotateAtUtc: z.meta(
      z.strictObject({
        hours: z.meta(intRange('rotation.rotateAtUtc.hours', 0, 23), {
          description: 'Hour of day, UTC (0–23).',
        }),
        minutes: z.meta(intRange('rotation.rotateAtUtc.minutes', 0, 59), {
          description: 'Minute, UTC (0–59).',
        }),
      }),
      { description: 'The time of day, in UTC, at which to rotate.' },
    ),
  }),
  { description: 'The automatic rotation schedule.' },
);

const rotationDecl = z.strictObject(
  {
    rotationInterval,
    rotateAtUtc: z.meta(
      str('rotation.rotateAtUtc', 'a time "HH:MM" (UTC)').check(
        z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, {
          error: 'rotation.rotateAtUtc must be a UTC time "HH:MM", 00:00 to 23:59',
        }),
      ),
      {
        description: 'The time of day, in UTC, at which Infisical rotates the secret: "HH:MM".',
        examples: ['02:00'],
      },
    ),
  },
  objectError('rotation', '{ "rotationInterval": 30, "rotateAtUtc": "02:00" }'),
);

const autoRotation = z.boolean({ error: 'isAutoRotationEnabled must be true or false' });
const AUTO_ROTATION_TEXT = 'Whether Infisical rotates the client secret automatically.';

const description = z.meta(
  z.nullable(
    str('description', 'a string or null').check(
      z.trim(),
      z.maxLength(255, {
        error: 'description must be at most 255 characters (the database column is varchar(255))',
      }),
    ),
  ),
  { description: 'An optional description for the Azure Client Secrets Connection (null clears it).' },
);

const hasRotation = (s: AppConnection) => connectionCapabilities(s).serverRotation;

export const CONNECTION_FIELDS = {
  name: connectionField({
    label: 'Name',
    help: 'Lowercase letters, digits and single hyphens; 1–64 characters.',
    section: 'connection',
    request: connectionNameSchema(),
    // The file names a connection by it: required there, and a rename only with "id" pinned.
    decl: connectionNameSchema(),
    edit: z.string(),
    toEdit: (s: AppConnection) => s.name,
    toDecl: (s: AppConnection) => s.name,
    fromDecl: (v: string) => v,
    serverMessage: { pattern: /\bname\b.*already exists/i, rank: 0 },
    form: { value: 'name', order: 0, ...text },
  }),
  description: connectionField({
    label: 'Description',
    help: 'Optional, up to 255 characters. Leave empty to clear it.',
    section: 'connection',
    request: description,
    decl: description,
    edit: z.nullable(z.string()),
    toEdit: (s: AppConnection) => s.description ?? null,
    toDecl: (s: AppConnection) => s.description ?? null,
    fromDecl: (v: string | null) => v,
    toBody: (v: string | null) => (v === '' ? null : v),
    // A description stored as "" (sent so through the API) is none, as null is: not a change.
    editEquals: (before: string | null, after: string | null) => (before || null) === (after || null),
    form: {
      value: 'description',
      kind: 'text',
      order: 1,
      fromEdit: (v: string | null) => v ?? '',
      toEdit: (typed: string | string[]) => ({ value: String(typed) }),
    },
  }),
  // A server without rotation sends neither key: both are then absent from every document.
  isAutoRotationEnabled: connectionField({
    label: 'Automatic credential rotation',
    help: 'Infisical creates a new client secret on schedule and retires the old one. Needs the Client Secret Key ID.',
    section: 'rotation',
    request: z.meta(autoRotation, { description: AUTO_ROTATION_TEXT }),
    decl: z.meta(autoRotation, { description: AUTO_ROTATION_TEXT }),
    edit: z.boolean(),
    toEdit: (s: AppConnection) => (hasRotation(s) ? (s.isAutoRotationEnabled ?? false) : undefined),
    toDecl: (s: AppConnection) => (hasRotation(s) ? (s.isAutoRotationEnabled ?? false) : undefined),
    fromDecl: (v: boolean) => v,
  }),
  rotation: connectionField({
    label: 'Rotation schedule',
    help: 'How often to rotate (1–365 days) and the time of day to rotate at.',
    section: 'rotation',
    request: rotationRequest,
    decl: z.meta(rotationDecl, { description: 'The automatic rotation schedule.' }),
    edit: z.object({
      rotationInterval: z.number(),
      rotateAtUtc: z.object({ hours: z.number(), minutes: z.number() }),
    }),
    toEdit: (s: AppConnection) => (hasRotation(s) ? storedSchedule(s) : undefined),
    toDecl: (s: AppConnection) => {
      const r = hasRotation(s) ? storedSchedule(s) : undefined;
      return r && { rotationInterval: r.rotationInterval, rotateAtUtc: rotateAtText(r.rotateAtUtc) };
    },
    fromDecl: (v: { rotationInterval: number; rotateAtUtc: string }) => ({
      rotationInterval: v.rotationInterval,
      rotateAtUtc: parseRotateAt(v.rotateAtUtc),
    }),
    editEquals: (a: RotationSchedule | undefined, b: RotationSchedule | undefined) =>
      a?.rotationInterval === b?.rotationInterval &&
      a?.rotateAtUtc.hours === b?.rotateAtUtc.hours &&
      a?.rotateAtUtc.minutes === b?.rotateAtUtc.minutes,
    changeText: (r: RotationSchedule | undefined) => describeRotation(r),
    serverMessage: { pattern: /rotat/i, rank: 2 },
  }),
};

function connectionNameSchema() {
  return z.meta(
    str('name').check(
      z.trim(),
      z.superRefine(refuseInvisible('name')),
      z.minLength(1, { error: 'name must not be empty' }),
      z.maxLength(64, { error: 'name must be at most 64 characters' }),
      z.regex(SLUG_PATTERN, {
        error:
          'name must be a slug: lowercase letters, digits and single hyphens, not starting or ending with a hyphen',
      }),
    ),
    { description: 'The name to update the Azure Client Secrets Connection to.', examples: ['azure-prod'] },
  );
}

/** A schedule the server has stored in full; a half-stored one is none. */
function storedSchedule(server: AppConnection): RotationSchedule | undefined {
  const r = server.rotation;
  if (!r || r.rotationInterval === undefined || !r.rotateAtUtc) return undefined;
  return {
    rotationInterval: r.rotationInterval,
    rotateAtUtc: { hours: r.rotateAtUtc.hours, minutes: r.rotateAtUtc.minutes },
  };
}

export function rotateAtText(at: { hours: number; minutes: number }): string {
  return `${String(at.hours).padStart(2, '0')}:${String(at.minutes).padStart(2, '0')}`;
}

export function parseRotateAt(text: string): { hours: number; minutes: number } {
  const [h = '0', m = '0'] = text.split(':');
  return { hours: Number(h), minutes: Number(m) };
}

export function describeRotation(r: RotationSchedule | undefined): string | undefined {
  return r && `every ${r.rotationInterval} days at ${rotateAtText(r.rotateAtUtc)} UTC`;
}

export type ConnectionField = keyof typeof CONNECTION_FIELDS;
// biome-ignore lint/suspicious/noExplicitAny: a table holds fields of different value types
export type AnyConnectionField = ConnectionFieldSpec<any, z.ZodMiniType, z.ZodMiniType>;
/** Every field, generically typed, for the loops that derive a surface from the table. */
export const connectionFields = Object.entries(CONNECTION_FIELDS) as [ConnectionField, AnyConnectionField][];

/** The fields of one section, in the table's order. */
export const connectionFieldsIn = (section: Section) =>
  connectionFields.filter(([, f]) => f.section === section);

type Table = typeof CONNECTION_FIELDS;
type Part = 'request' | 'decl' | 'edit';
/** One part of the fields of a section, each optional (absent = unchanged, or unmanaged). */
export type OptionalPart<S extends Section, P extends Part> = {
  [K in keyof Table as Table[K]['section'] extends S ? K : never]: z.ZodMiniOptional<Table[K][P]>;
};

/** One part of the fields of a section, as they are (present in every document of the section). */
export type SectionPart<S extends Section, P extends Part> = {
  [K in keyof Table as Table[K]['section'] extends S ? K : never]: Table[K][P];
};

/** `{ name: <edit schema>, … }` for one section's fields, in the table's order. */
export function sectionPart<S extends Section, P extends Part>(section: S, part: P): SectionPart<S, P> {
  return Object.fromEntries(connectionFieldsIn(section).map(([k, f]) => [k, f[part]])) as SectionPart<S, P>;
}

/** `{ name: z.optional(<request schema>), … }` for one section's fields, in the table's order. */
export function optionalPart<S extends Section, P extends Part>(section: S, part: P): OptionalPart<S, P> {
  return Object.fromEntries(
    connectionFieldsIn(section).map(([k, f]) => [k, z.optional(f[part])]),
  ) as OptionalPart<S, P>;
}

/**
 * Server 400 sentences about the credentials, which are replaced as a whole (one field is named
 * only when the sentence names it). Ranks interleave with the plain fields' own.
 */
export const CREDENTIAL_MESSAGES: readonly { path: string[]; pattern: RegExp; rank: number }[] = [
  ...Object.entries(CREDENTIAL_FIELDS as Record<string, CredentialField>).flatMap(([k, f]) =>
    f.serverMessage ? [{ path: ['credentials', k], ...f.serverMessage }] : [],
  ),
  { path: ['credentials'], pattern: /credential|access token|client secret|certificate|tenant/i, rank: 3 },
];

/** The field (path) a server sentence is about, trying the more specific patterns first. */
export function connectionFieldOfMessage(message: string): string[] | undefined {
  const own = connectionFields.flatMap(([k, f]) =>
    f.serverMessage ? [{ path: [k], ...f.serverMessage }] : [],
  );
  return [...own, ...CREDENTIAL_MESSAGES].sort((a, b) => a.rank - b.rank).find((m) => m.pattern.test(message))
    ?.path;
}

/**
 * The editable fields as the JSON editor's document and the form receive them: the plain fields,
 * the shown (non-secret) credentials, and the rotation fields where the server has rotation.
 */
export const connectionEditFieldsSchema = z.object({
  ...sectionPart('connection', 'edit'),
  credentials: z.record(z.string(), z.string()),
  ...optionalPart('rotation', 'edit'),
});
export type ConnectionEditFields = z.infer<typeof connectionEditFieldsSchema>;

/** The fields the form holds as text (the rotation switch and schedule are controls of their own). */
export type ConnectionTextField = {
  [K in keyof Table]: Table[K]['form'] extends FormCodec<never> ? K : never;
}[keyof Table];
export const connectionTextFields = connectionFields.filter(
  (e): e is [ConnectionTextField, AnyConnectionField & { form: FormCodec<unknown> }] =>
    e[1].form !== undefined,
);
/** The form's values of the text fields, keyed by `form.value`. */
export type ConnectionTextValues = {
  [K in ConnectionTextField as NonNullable<Table[K]['form']>['value']]: string;
};
