/**
 * `npm run sandbox` → node out/test/sandbox/cli.js [--port N] [--scale] [--state file.json] [--token-ttl S] [--server P]
 * Starts the sandbox, prints its URL and the demo credentials, logs requests; Ctrl+C stops it.
 */
import { isServerProfile } from './legacy';
import { startSandbox } from './server';
import type { SandboxOptions } from './types';

const USAGE = `Usage: node out/test/sandbox/cli.js [options]
  --port N          port to bind on 127.0.0.1 (default 4000; 0 = any free port)
  --scale           add 10,000 identities and 2,000 connections to the demo organization
  --state FILE      persist state to FILE (loaded at start when present)
  --token-ttl S     universal-auth access-token TTL in seconds (default 7200; max TTL = 10×)
  --server P        answer as this Infisical server: current (default) or 2025-06 (June 2025:
                    no /identities/details nor /projects, no rotation, oauth only, its three 500s);
                    default from INFISICAL_SANDBOX_SERVER
  --quiet           do not log requests
  --help            show this help`;

function parseArgs(argv: string[]): SandboxOptions & { quiet: boolean } {
  const options: SandboxOptions & { quiet: boolean } = { port: 4000, quiet: false };
  const value = (i: number, flag: string): string => {
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) throw new Error(`${flag} needs a value`);
    return next;
  };
  const integer = (text: string, flag: string): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0)
      throw new Error(`${flag} must be a non-negative integer, got "${text}"`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    switch (arg) {
      case '--port':
        options.port = integer(value(i, arg), arg);
        i++;
        break;
      case '--scale':
        options.scale = { identities: 10000, connections: 2000 };
        break;
      case '--state':
        options.stateFile = value(i, arg);
        i++;
        break;
      case '--token-ttl':
        options.tokenTtlSeconds = integer(value(i, arg), arg);
        i++;
        break;
      case '--server': {
        const profile = value(i, arg);
        if (!isServerProfile(profile))
          throw new Error(`--server must be current or 2025-06, got "${profile}"`);
        options.server = profile;
        i++;
        break;
      }
      case '--quiet':
        options.quiet = true;
        break;
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`Unknown option "${arg}"\n${USAGE}`);
    }
  }
  return options;
}

async function main(): Promise<void> {
  const { quiet, ...options } = parseArgs(process.argv.slice(2));
  const sandbox = await startSandbox({
    ...options,
    log: quiet ? undefined : (line) => console.log(`${new Date().toISOString()} ${line}`),
  });
  const { demo } = sandbox;
  console.log(`Infisical sandbox listening on ${sandbox.url} (server: ${sandbox.server})
${options.scale ? `Scale mode: +${options.scale.identities} identities, +${options.scale.connections} connections\n` : ''}${
  options.stateFile ? `State file: ${options.stateFile}\n` : ''
}
Site URL:             ${demo.siteUrl}
Organization:         ${demo.orgName} (${demo.orgSlug}, ${demo.orgId})
Universal Auth:       client ID     ${demo.clientId}
                      client secret ${demo.clientSecret}
Read-only identity:   client ID     ${demo.readOnly.clientId}
                      client secret ${demo.readOnly.clientSecret}
Second organization:  ${demo.second.orgName} (${demo.second.orgId})
                      client ID     ${demo.second.clientId}
                      client secret ${demo.second.clientSecret}
Static identity token (never expires):
  ${demo.staticToken}
User token (lists both organizations):
  ${demo.userToken}

Control routes: ${sandbox.url}/__sandbox/{faults,requests,reset,state,expire-tokens}
Press Ctrl+C to stop.`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log('\nStopping…');
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
