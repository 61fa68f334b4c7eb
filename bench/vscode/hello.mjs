// @ts-check
// The floor every activation and memory figure is compared with: a hello-world extension the
// benchmark writes and packages itself. Same kind of activation trigger as ours (its own view
// container in the activity bar, so `onView:`), and the activate() of `yo code`'s JavaScript
// hello world: require('vscode'), register one command, push it to the subscriptions.
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const HELLO_ID = 'bench.hello-floor';
export const HELLO_CONTAINER_TITLE = 'Hello Floor';

/** What `yo code` generates for a JavaScript hello world, comments dropped. */
const HELLO_SOURCE = `const vscode = require('vscode');

function activate(context) {
  console.log('Congratulations, your extension "hello-floor" is now active!');
  const disposable = vscode.commands.registerCommand('benchHello.helloWorld', function () {
    vscode.window.showInformationMessage('Hello World from hello-floor!');
  });
  context.subscriptions.push(disposable);
}

function deactivate() {}

module.exports = { activate, deactivate };
`;

/**
 * Writes the extension into `dir` and packages it as `dir/hello-floor.vsix`.
 * @param {string} root  the project (for its vsce)
 * @param {string} dir   an empty temp dir
 * @returns {Promise<string>} the .vsix path
 */
export async function buildHelloVsix(root, dir) {
  const src = join(dir, 'hello-floor');
  await mkdir(src, { recursive: true });
  const manifest = {
    name: 'hello-floor',
    displayName: 'Hello Floor',
    description: 'Benchmark floor: the yo code hello world',
    version: '0.0.1',
    publisher: 'bench',
    license: 'MIT',
    engines: { vscode: '^1.138.0' },
    main: './extension.js',
    contributes: {
      viewsContainers: {
        activitybar: [{ id: 'benchHello', title: HELLO_CONTAINER_TITLE, icon: 'icon.svg' }],
      },
      views: { benchHello: [{ id: 'benchHello.view', name: 'Hello' }] },
      viewsWelcome: [{ view: 'benchHello.view', contents: 'Hello.' }],
      commands: [{ command: 'benchHello.helloWorld', title: 'Hello World' }],
    },
  };
  await writeFile(join(src, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await writeFile(join(src, 'extension.js'), HELLO_SOURCE);
  await writeFile(join(src, 'README.md'), '# Hello Floor\n\nThe benchmark floor.\n');
  await writeFile(
    join(src, 'icon.svg'),
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="6"/></svg>\n',
  );
  const vsix = join(dir, 'hello-floor.vsix');
  const r = spawnSync(
    join(root, 'node_modules', '.bin', 'vsce'),
    ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', vsix],
    { cwd: src, encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`packaging the hello-world floor failed:\n${r.stdout}${r.stderr}`);
  return vsix;
}
