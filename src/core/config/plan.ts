import { RESOURCE_TYPES, type ResourceType } from '../resourceTypes';
import {
  PLAN_FORMAT,
  type Plan,
  type PlannedResource,
  type PlanOptions,
  type ResourcePlanner,
  scopeFailure,
} from './planModel';
import { azureAuthPlanner } from './planners/azureAuth';
import { notPlanned } from './planners/common';
import { connectionPlanner } from './planners/connection';
import type { ConfigFile } from './schema';

// The public face of planning: callers import from here, whichever module a piece lives in.
export * from './planModel';
export { azureAuthPlanner, diffAzureAuth, IDENTITY_PAGE, listIdentities } from './planners/azureAuth';
export { connectionPlanner, diffConnection } from './planners/connection';
export { projectNamed } from './planners/connectionScope';
export { siteKey, targetMismatch } from './target';

/** One planner per resource kind; a plan lists them in RESOURCE_TYPES' order (identities first, as the file reads). */
const PLANNERS: Record<ResourceType, ResourcePlanner> = {
  'azure-auth': azureAuthPlanner,
  connection: connectionPlanner,
};

/** What a section's planner could not read when it fails as a whole (its list of the organization). */
const SECTION_SCOPE: Record<ResourceType, string> = {
  'azure-auth': "the organization's machine identities",
  connection: "the organization's connections",
};

export async function planConfig(config: ConfigFile, opts: PlanOptions): Promise<Plan> {
  const total = RESOURCE_TYPES.reduce((n, type) => n + (config[PLANNERS[type].section]?.length ?? 0), 0);
  let done = 0;
  const tick = () => opts.onProgress?.(++done, total);
  const resources: PlannedResource[] = [];
  // One section after another, as before: each already keeps `concurrency` requests in flight.
  for (const type of RESOURCE_TYPES) {
    const planner = PLANNERS[type];
    const decls: { name: string; project?: string }[] = config[planner.section] ?? [];
    if (!decls.length) continue;
    try {
      resources.push(...(await planner.plan(config, opts, tick)));
    } catch (error) {
      // The section's list could not be read: its entries are not planned, the next section's are.
      const failure = scopeFailure(SECTION_SCOPE[type], error);
      if (!failure) throw error;
      resources.push(
        ...decls.map((decl, index) =>
          notPlanned({ type, index, name: decl.name, project: decl.project }, failure, [
            planner.section,
            index,
            'name',
          ]),
        ),
      );
    }
  }
  return {
    format: PLAN_FORMAT,
    createdAt: new Date().toISOString(),
    file: opts.file,
    site: config.site,
    organization: { ...config.organization },
    replaceCredentials: opts.replaceCredentials ?? [],
    resources,
  };
}
