import { RESOURCE_TYPES, type ResourceType } from '../resourceTypes';
import {
  PLAN_FORMAT,
  type Plan,
  type PlannedResource,
  type PlanOptions,
  type ResourcePlanner,
} from './planModel';
import { azureAuthPlanner } from './planners/azureAuth';
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

export async function planConfig(config: ConfigFile, opts: PlanOptions): Promise<Plan> {
  const planners = RESOURCE_TYPES.map((type) => PLANNERS[type]);
  const total = planners.reduce((n, p) => n + (config[p.section]?.length ?? 0), 0);
  let done = 0;
  const tick = () => opts.onProgress?.(++done, total);
  const resources: PlannedResource[] = [];
  // One section after another, as before: each already keeps `concurrency` requests in flight.
  for (const planner of planners)
    if (config[planner.section]?.length) resources.push(...(await planner.plan(config, opts, tick)));
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
