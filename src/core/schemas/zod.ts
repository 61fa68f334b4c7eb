import { en } from 'zod/locales';
import * as z from 'zod/mini';

/**
 * The app's zod: `zod/mini`, the same validators as classic zod behind functions rather than
 * methods, so a bundle carries only those it uses (classic zod was about 80 KiB of each bundle,
 * the JSON Schema generator included). Every module imports zod from here, never from 'zod' or
 * 'zod/mini', for the two things classic zod did on its own:
 * - English messages: zod/mini loads no locale and would say only "Invalid input" where people
 *   read "Unrecognized key: …" or "expected array, received undefined". Messages are worded when
 *   a value is parsed, so configuring it here, before any module parses, is enough.
 * - `meta`: classic zod's `.meta()`, the descriptions and examples of the JSON Schemas.
 */
z.config(en());

export * from 'zod/mini';

/** A copy of `schema` carrying `data` for the JSON Schemas (what classic zod's `.meta()` did). */
export function meta<T extends z.ZodMiniType>(schema: T, data: z.core.GlobalMeta): T {
  const copy = schema.clone();
  z.globalRegistry.add(copy, data);
  return copy;
}
