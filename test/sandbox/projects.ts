/** Project routes: the list of projects the caller can see (`GET /api/v1/projects`). */
import { type ApiResult, type ApiRoute, actorOf, type RouteContext } from './context';
import { parseOr422 } from './http';
import { projectListQuery } from './validation';

/** As Infisical's list answers: the project with its environments (the extension reads none of them). */
export function list(ctx: RouteContext): ApiResult {
  const actor = actorOf(ctx);
  const { type } = parseOr422(projectListQuery, ctx.query);
  const projects = ctx.env.state.projects
    .filter((p) => p.orgId === actor.orgId && (type === undefined || p.type === type))
    .map((p) => ({
      id: p.id,
      _id: p.id,
      name: p.name,
      slug: p.slug,
      description: p.description ?? null,
      type: p.type,
      orgId: p.orgId,
      version: 3,
      autoCapitalization: false,
      environments: [
        { id: `${p.id.slice(0, 24)}env-dev`, name: 'Development', slug: 'dev' },
        { id: `${p.id.slice(0, 24)}env-prod`, name: 'Production', slug: 'prod' },
      ],
    }));
  return { body: { projects } };
}

export const projectRoutes: ApiRoute[] = [
  { method: 'GET', pattern: '/api/v1/projects', auth: 'any', handle: list },
];
