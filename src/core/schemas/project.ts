import { absentIfNull, optionalNullableString, readableItems } from './common';
import * as z from './zod';

// A response: tolerant. Infisical sends far more (environments, roles, settings): kept, not read.
export const projectSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  slug: absentIfNull(z.string()),
  description: optionalNullableString,
  type: absentIfNull(z.string()),
  orgId: absentIfNull(z.string()),
});
export type Project = z.infer<typeof projectSchema>;

/** A list answer: projects that cannot be read are set aside in `unreadable`. */
export const projectListSchema = z.pipe(
  z.looseObject({ projects: z.array(z.unknown()) }),
  z.transform((res) => {
    const { items, unreadable } = readableItems(projectSchema, res.projects);
    return { ...res, projects: items, unreadable };
  }),
);
