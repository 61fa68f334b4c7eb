/**
 * The resources this extension edits, declared once. Every enum and union of resource types is
 * derived from this list (no zod here: the activation bundle imports it).
 */
export const RESOURCE_TYPES = ['azure-auth', 'connection'] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];
