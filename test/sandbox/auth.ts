/** Sign-in routes (universal auth, renew, revoke) and "which organization am I in?". */
import { timingSafeEqual } from 'node:crypto';
import { type ApiRoute, actorOf } from './context';
import { forbidden, parseOr422, unauthorized } from './http';
import { issueIdentityToken, renewToken, revokeToken } from './tokens';
import { accessTokenBody, universalAuthLoginBody } from './validation';

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export const authRoutes: ApiRoute[] = [
  {
    method: 'POST',
    pattern: '/api/v1/auth/universal-auth/login',
    auth: 'none',
    handle: (ctx) => {
      const { clientId, clientSecret } = parseOr422(universalAuthLoginBody, ctx.body);
      const { state } = ctx.env;
      const client = state.universalAuthClients.find((c) => c.clientId === clientId);
      const identity = client && state.identities.find((i) => i.id === client.identityId);
      if (!client || !identity || !sameSecret(client.clientSecret, clientSecret)) {
        throw unauthorized('Invalid credentials');
      }
      const issued = issueIdentityToken(
        state,
        identity,
        ctx.env.newId(),
        ctx.env.tokenTtlSeconds,
        ctx.env.now(),
      );
      ctx.env.commit();
      return { body: issued };
    },
  },
  {
    method: 'POST',
    pattern: '/api/v1/auth/token/renew',
    auth: 'none',
    handle: (ctx) => {
      const { accessToken } = parseOr422(accessTokenBody, ctx.body);
      const renewed = renewToken(ctx.env.state, accessToken, ctx.env.now());
      ctx.env.commit();
      return { body: renewed };
    },
  },
  {
    method: 'POST',
    pattern: '/api/v1/auth/token/revoke',
    auth: 'none',
    handle: (ctx) => {
      const { accessToken } = parseOr422(accessTokenBody, ctx.body);
      revokeToken(ctx.env.state, accessToken);
      ctx.env.commit();
      return { body: { message: 'Successfully revoked access token' } };
    },
  },
  {
    method: 'GET',
    pattern: '/api/v1/identities/details',
    auth: 'identity',
    handle: (ctx) => {
      const org = ctx.env.state.orgs.find((o) => o.id === actorOf(ctx).orgId);
      if (!org) throw forbidden('The identity is not a member of any organization');
      return { body: { identityDetails: { organization: { id: org.id, name: org.name, slug: org.slug } } } };
    },
  },
  {
    method: 'GET',
    pattern: '/api/v1/organization',
    auth: 'user',
    handle: (ctx) => {
      const { state } = ctx.env;
      const user = state.users.find((u) => u.id === actorOf(ctx).userId);
      const orgs = state.orgs.filter((o) => user?.orgIds.includes(o.id));
      return {
        body: {
          organizations: orgs.map((o) => ({
            id: o.id,
            name: o.name,
            slug: o.slug,
            createdAt: o.createdAt,
            updatedAt: o.updatedAt,
          })),
        },
      };
    },
  },
];
