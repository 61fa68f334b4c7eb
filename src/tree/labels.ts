/** Display names for apps and auth methods; unknown ones are shown by their id, title-cased. */

const APP_NAMES: Record<string, string> = {
  'azure-client-secrets': 'Azure Client Secrets',
  'azure-key-vault': 'Azure Key Vault',
  'azure-app-configuration': 'Azure App Configuration',
  'azure-devops': 'Azure DevOps',
  'azure-adcs': 'Azure ADCS',
  aws: 'AWS',
  gcp: 'GCP',
  github: 'GitHub',
  'github-radar': 'GitHub Radar',
  gitlab: 'GitLab',
  databricks: 'Databricks',
  humanitec: 'Humanitec',
  'terraform-cloud': 'Terraform Cloud',
  vercel: 'Vercel',
  postgres: 'PostgreSQL',
  mssql: 'Microsoft SQL Server',
  mysql: 'MySQL',
  ldap: 'LDAP',
  cloudflare: 'Cloudflare',
  'hashicorp-vault': 'HashiCorp Vault',
  okta: 'Okta',
  auth0: 'Auth0',
  '1password': '1Password',
};

const METHOD_NAMES: Record<string, string> = {
  'universal-auth': 'Universal Auth',
  'azure-auth': 'Azure Auth',
  'aws-auth': 'AWS Auth',
  'gcp-auth': 'GCP Auth',
  'kubernetes-auth': 'Kubernetes Auth',
  'oidc-auth': 'OIDC Auth',
  'jwt-auth': 'JWT Auth',
  'ldap-auth': 'LDAP Auth',
  'token-auth': 'Token Auth',
  'tls-cert-auth': 'TLS Certificate Auth',
  'oci-auth': 'OCI Auth',
  'alicloud-auth': 'Alibaba Cloud Auth',
  'spiffe-auth': 'SPIFFE Auth',
};

function titleCase(id: string): string {
  return id
    .split(/[-_]/)
    .filter(Boolean)
    .map((w) => w[0]?.toUpperCase() + w.slice(1))
    .join(' ');
}

export const appName = (app: string) => APP_NAMES[app] ?? titleCase(app);
export const authMethodName = (method: string) => METHOD_NAMES[method] ?? titleCase(method);

/** A date for a tree description: local, short, unambiguous. */
export function shortDate(iso: string | null | undefined): string | undefined {
  if (!iso) return undefined;
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? undefined
    : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
