import type * as z from './zod';

/**
 * The keys the object at `path` of a value accepts, read from the schema that parses the value:
 * what a misspelt key is compared with ("did you mean …?"). Wrappers (optional, default,
 * transforms) and lists are looked through; a union offers the keys of each of its objects.
 */

/** The parts of a zod definition this walk reads (zod's own types name each separately). */
interface Def {
  type: string;
  shape?: Record<string, z.ZodMiniType>;
  element?: z.ZodMiniType;
  innerType?: z.ZodMiniType;
  in?: z.ZodMiniType;
  options?: readonly z.ZodMiniType[];
  getter?: () => z.ZodMiniType;
}

const defOf = (schema: z.ZodMiniType): Def => schema._zod.def as unknown as Def;

/** The schemas a value at this level may be parsed by, wrappers removed. */
function cores(schema: z.ZodMiniType, depth = 0): z.ZodMiniType[] {
  if (depth > 32) return [];
  const def = defOf(schema);
  const inner = def.innerType ?? def.in ?? def.getter?.();
  if (inner) return cores(inner, depth + 1);
  if (def.options) return def.options.flatMap((o) => cores(o, depth + 1));
  return [schema];
}

export function keysAt(schema: z.ZodMiniType, path: readonly (string | number)[]): string[] {
  let level = cores(schema);
  for (const step of path) {
    level = level.flatMap((s) => {
      const def = defOf(s);
      if (def.type === 'array' && typeof step === 'number' && def.element) return cores(def.element);
      const child = def.type === 'object' && typeof step === 'string' ? def.shape?.[step] : undefined;
      return child ? cores(child) : [];
    });
  }
  return [...new Set(level.flatMap((s) => Object.keys(defOf(s).shape ?? {})))];
}
