import { ENV } from './session';

/** What `--help` prints, per command. */

/** The npm package scripts/pack-cli.mjs builds; the install test checks the schema is there. */
const SCHEMA_IN_PACKAGE = 'node_modules/@secretsops/infisical-azure/schemas/infisical-azure.schema.json';

const CREDENTIALS = `Credentials (environment only, the names Infisical's own CLI reads):
  ${ENV.token}                          an access token, or
  ${ENV.clientId} + ${ENV.clientSecret}
                                           a machine identity's Universal Auth
  ${ENV.site} (or ${ENV.domain})   the site, e.g. https://eu.infisical.com
                                           ("/api" at the end is accepted)`;

export const HELP: Record<string, string> = {
  main: `infisical-azure: Infisical Azure access as code (*.infisical-azure.json)

Usage: infisical-azure <command> [flags]

Commands:
  validate <files…>        check files offline: file:line:col: message per problem (no file: exit 0)
  plan <files…>            show what applying the files would change (exit 0 none, 2 changes, 1 error)
  apply <plan.json>        apply a saved plan (or: apply <files…> --auto-approve)
  pull                     write a file from the server's current state

Run "infisical-azure <command> --help" for its flags, "infisical-azure --version" for the build.

A minimal workspace file, e.g. infra/prod.infisical-azure.json (fields not written are left
as the server has them):
  {
    "site": "https://eu.infisical.com",
    "organization": { "id": "<your organization's id>" },
    "identities": [{ "name": "aks-prod-workload", "azureAuth": { "accessTokenTTL": "1h" } }]
  }

Its JSON Schema is schemas/infisical-azure.schema.json in this package; installed, that is
  ${SCHEMA_IN_PACKAGE}
(point "$schema" at it from editors other than VS Code with the extension).

${CREDENTIALS}
`,
  validate: `Usage: infisical-azure validate [files…] [--format text|github]

Checks each workspace file without the network: JSON syntax, the schema and every client-side
rule (GUIDs, CIDR blocks, TTL ≤ Max TTL, rotation), secrets written into the file, resources
or keys declared twice. Prints "file:line:col: message" per problem on stdout and exits 1, or an
"ok" line per file on stderr and exits 0. No file at all says so and exits 0, so a pre-commit
hook of \`validate $(git ls-files '*.infisical-azure.json')\` passes in a repository without
any. Warnings (accepted by Infisical, but likely wrong: a tenant ID in upper case refuses every
login) print as "file:line:col: warning: message" and leave the exit code as it is.

Flags:
  --format github   print each problem as a GitHub Actions annotation (::error or ::warning
                    file=…,line=…,col=…::message), shown on the pull request's diff
`,
  plan: `Usage: infisical-azure plan <files…> [flags]

Validates the files (a problem: exit 1, nothing sent), checks that the credentials belong to each
file's site and organization before any other request, reads the server and prints the plan.

Flags:
  --out <plan.json>                  save the plans for "apply" (no secret is ever in it)
  --json                             print the plans as JSON
  --markdown                         print Markdown for a pull-request comment
  --replace-credentials <names|all>  send the connections' credentials (their { "env": … } references)
  --verbose                          list unchanged resources; one stderr line per request
  --concurrency <1-16>               requests in flight at most (default 4)
  --timeout <seconds>                 how long each request waits for an answer, 1-300 (default 15;
                                     or INFISICAL_TIMEOUT; the flag wins)

A scope the server fails to list (the organization's connections, one project's, the machine
identities) does not stop the plan: its resources show as not planned (?), the others are planned,
and the plan says it is incomplete.

Exit: 0 no changes, 2 changes, 1 error (or a resource that cannot be planned, or an incomplete plan).

${CREDENTIALS}
`,
  apply: `Usage: infisical-azure apply <plan.json> [--attach]
       infisical-azure apply <files…> --auto-approve

Applies a saved plan exactly: each resource is read again first, and one that changed on the
server since the plan is refused, never overwritten. With --auto-approve, plans the files and
applies at once. References { "env": "NAME" } are read from the environment just before sending.

Flags:
  --attach                           also attach Azure Auth (a POST) where the plan says so
  --auto-approve                     plan the workspace files and apply without a saved plan
  --replace-credentials <names|all>  with --auto-approve: as for plan
  --verbose                          one stderr line per request
  --concurrency <1-16>               requests in flight at most (default 4)
  --timeout <seconds>                 how long each request waits for an answer, 1-300 (default 15;
                                     or INFISICAL_TIMEOUT; the flag wins)

An incomplete plan is applied as far as it goes: nothing is sent for the resources it did not
plan (a stderr line says so), the rest is applied as planned, and the exit is 1.

Exit: 0 when everything was applied, 1 otherwise.

${CREDENTIALS}
`,
  pull: `Usage: infisical-azure pull [flags]

Writes a workspace file from the server: ids pinned, values written the way people write them,
never a secret. Default: every identity with Azure Auth and every Azure Client Secrets connection.

Flags:
  --out <file>                       write there (default: stdout); refuses an existing file
  --force                            overwrite --out
  --identities <all|id,id>           only these identities' Azure Auth
  --connections <all|id,id>          only these connections
  --organization <id>                for a user token of several organizations
  --verbose                          one stderr line per request
  --concurrency <1-16>               requests in flight at most (default 4)
  --timeout <seconds>                 how long each request waits for an answer, 1-300 (default 15;
                                     or INFISICAL_TIMEOUT; the flag wins)

${CREDENTIALS}
`,
};
