// @ts-check
// Typing into the forms the way people do: a gesture that selects the old value (Ctrl+A, a
// double-click, End then Shift+Home), then the new value key by key, 30–120 ms between keys, or
// fast. Every text field of both forms must keep exactly what was typed, and the change summary
// and the PATCH must carry it. (fill() replaces a value in one step and would hide a lost key.)
import * as assert from 'node:assert/strict';
import { useWorkbench } from './harness.mjs';

const IDENTITY = 'aks-prod-workload';
const CONNECTION = 'prod-entra-graph';
const CERT_CONNECTION = 'cert-automation';

/** @typedef {import('playwright-core').Page} Page */
/** @typedef {import('playwright-core').Locator} Locator */
/** @typedef {'select-all' | 'double-click' | 'shift-home' | 'click'} Gesture */
/** @typedef {{ method: string, path: string, body: Record<string, unknown> }} LoggedRequest */

/** A person's pauses between keys: 30–120 ms, the same sequence on every run. */
function personPace(seed = 7) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return 30 + (s % 91);
  };
}

/**
 * Selects a field's value with a gesture, then types `text` key by key: at a person's pace
 * (a pause before every key, the first included) or fast (no pause at all).
 * @param {Page} page
 * @param {Locator} input
 * @param {Gesture} gesture
 * @param {string} text
 * @param {(() => number) | 'fast'} pace
 */
async function retype(page, input, gesture, text, pace) {
  // A double-click on the text itself (a number field's blank part selects nothing).
  if (gesture === 'double-click') await input.dblclick({ position: { x: 8, y: 10 } });
  else await input.click();
  if (gesture === 'select-all') await page.keyboard.press('Control+A');
  if (gesture === 'shift-home') {
    await page.keyboard.press('End');
    await page.keyboard.press('Shift+Home');
  }
  for (const key of text) {
    if (pace !== 'fast') await page.waitForTimeout(pace());
    await page.keyboard.type(key);
  }
}

/**
 * @param {() => import('./harness.mjs').Workbench} wb
 * @param {() => import('playwright-core').FrameLocator} frame
 * @param {[id: string, gesture: Gesture, text: string, pace: 'person' | 'fast'][]} steps
 */
async function typeSteps(wb, frame, steps) {
  const pace = personPace();
  for (const [id, gesture, text, speed] of steps) {
    const input = frame().locator(`#${id}`).locator('input, textarea').first();
    await retype(wb().page, input, gesture, text, speed === 'fast' ? 'fast' : pace);
    assert.equal(await input.inputValue(), text, `${id} after ${gesture}, typed ${speed}`);
  }
}

/** The change summary's lines ("field: before → after"). */
async function changeLines(/** @type {() => import('playwright-core').FrameLocator} */ frame) {
  return (await frame().locator('#changes-list li').allTextContents()).map((t) => t.trim());
}

/** @param {() => import('./harness.mjs').Workbench} wb */
async function saveAndFindPatch(wb, /** @type {() => import('playwright-core').FrameLocator} */ frame) {
  await wb().control('DELETE', 'requests');
  await wb().clearNotifications();
  await frame().locator('#save').click();
  await wb()
    .notification(/^Saved .* to Infisical: /)
    .first()
    .waitFor({ timeout: 20_000 });
  const log = /** @type {{ requests: LoggedRequest[] }} */ (await wb().control('GET', 'requests'));
  const patches = log.requests.filter((r) => r.method === 'PATCH');
  assert.equal(patches.length, 1, JSON.stringify(log.requests.map((r) => `${r.method} ${r.path}`)));
  return /** @type {LoggedRequest} */ (patches[0]).body;
}

describe('Typing in forms', () => {
  const wb = useWorkbench('form-typing', { demoProfile: true });
  const frame = () =>
    wb()
      .page.frameLocator(`iframe.webview.ready[src*="extensionId=secretsops.infisical-access"]`)
      .last()
      .frameLocator('iframe#active-frame');

  it('Azure Auth: every field keeps what is typed after Ctrl+A, a double-click or Shift+Home', async () => {
    await wb().runCommandOnIdentity('Infisical: Edit Azure Auth…', IDENTITY);
    await frame().locator('#form[data-resource="azure-auth"]').waitFor({ timeout: 30_000 });
    // A tenant ID pasted in upper case, as Azure's portal shows it: accepted by Infisical, refused
    // at every login (it compares Azure's lower-case tid exactly): the form warns while it is so.
    await typeSteps(wb, frame, [
      ['field-tenantId', 'select-all', 'C0FFEE00-1234-4ABC-8DEF-0123456789AB', 'person'],
    ]);
    const caseWarning = frame().locator('#guid-case-warning');
    await caseWarning
      .filter({ hasText: /tenantId has upper-case letters: .*every login would be refused/ })
      .waitFor();
    await wb().screenshot('form-typing-guid-case');
    await typeSteps(wb, frame, [
      ['field-tenantId', 'select-all', 'c0ffee00-1234-4abc-8def-0123456789ab', 'person'],
      ['field-resource', 'select-all', 'https://graph.microsoft.com/', 'person'],
      ['field-allowedServicePrincipalIds-0', 'shift-home', 'aaaabbbb-cccc-4ddd-8eee-ffff00001111', 'person'],
      ['field-accessTokenTTL', 'select-all', '5400', 'person'],
      ['field-accessTokenTTL', 'select-all', '7200', 'fast'],
      ['field-accessTokenTTL', 'double-click', '3000', 'person'],
      ['field-accessTokenTTL', 'shift-home', '2h30m', 'person'],
      ['field-accessTokenMaxTTL', 'double-click', '30d', 'person'],
      ['field-accessTokenNumUsesLimit', 'click', '5', 'person'],
      ['field-accessTokenNumUsesLimit', 'double-click', '25', 'person'],
      ['field-accessTokenNumUsesLimit', 'select-all', '40', 'fast'],
      ['field-accessTokenTrustedIps-0', 'shift-home', '10.20.0.0/16', 'person'],
      ['field-accessTokenTrustedIps-1', 'select-all', '192.168.7.10', 'fast'],
    ]);
    await frame().locator('#ttl-human', { hasText: '2h 30m' }).waitFor();
    await caseWarning.waitFor({ state: 'hidden' });
    assert.deepEqual(await changeLines(frame), [
      'tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47" → "c0ffee00-1234-4abc-8def-0123456789ab"',
      'resource: "https://management.azure.com/" → "https://graph.microsoft.com/"',
      'allowedServicePrincipalIds: "7f44d420-7b99-4b63-966f-b6d113e9efa5, aafe3367-0520-4f80-a189-f0184680411e" → "aaaabbbb-cccc-4ddd-8eee-ffff00001111, aafe3367-0520-4f80-a189-f0184680411e"',
      'accessTokenTrustedIps: "10.0.0.0/8, 192.168.1.10, 2001:db8::/32" → "10.20.0.0/16, 192.168.7.10, 2001:db8::/32"',
      'accessTokenTTL: 3600 (1h) → 9000 (2h 30m)',
      'accessTokenMaxTTL: 86400 (1d) → 2592000 (30d)',
      'accessTokenNumUsesLimit: 0 → 40',
    ]);
    await wb().screenshot('form-typing-azure-auth');
    const body = await saveAndFindPatch(wb, frame);
    assert.equal(body.tenantId, 'c0ffee00-1234-4abc-8def-0123456789ab');
    assert.equal(body.resource, 'https://graph.microsoft.com/');
    assert.match(String(body.allowedServicePrincipalIds), /^aaaabbbb-cccc-4ddd-8eee-ffff00001111, /);
    assert.equal(body.accessTokenTTL, 9000);
    assert.equal(body.accessTokenMaxTTL, 2592000);
    assert.equal(body.accessTokenNumUsesLimit, 40);
    const ips = /** @type {{ ipAddress: string }[]} */ (body.accessTokenTrustedIps).map((i) => i.ipAddress);
    assert.deepEqual(ips.slice(0, 2), ['10.20.0.0/16', '192.168.7.10']);
  });

  it('connection: name, description, credentials and rotation keep what is typed', async () => {
    await wb().runCommand('View: Close All Editors');
    await wb().runCommand('Infisical: Edit Connection…');
    await wb().pick(CONNECTION);
    await frame().locator('#form[data-resource="connection"]').waitFor({ timeout: 30_000 });
    await typeSteps(wb, frame, [
      ['field-name', 'select-all', 'prod-graph-main', 'person'],
      ['field-description', 'select-all', 'Graph secret for prod, rotated monthly.', 'person'],
      ['field-credentials-tenantId', 'shift-home', '11112222-3333-4444-8555-666677778888', 'person'],
      ['field-credentials-clientId', 'select-all', '99990000-aaaa-4bbb-8ccc-ddddeeeeffff', 'fast'],
      ['field-credentials-clientSecret', 'select-all', 'n3w~secret.value', 'person'],
      ['field-credentials-clientSecretKeyId', 'select-all', '12345678-aaaa-4bbb-8ccc-0123456789ab', 'person'],
      ['field-rotation-rotationInterval', 'double-click', '45', 'person'],
    ]);
    const lines = await changeLines(frame);
    assert.deepEqual(lines, [
      'name: "prod-entra-graph" → "prod-graph-main"',
      'description: "Rotates the Graph API client secret used by production workloads." → "Graph secret for prod, rotated monthly."',
      'credentials: (current, write-only values hidden) → replaced (clientId, clientSecret, tenantId, clientSecretKeyId; write-only values hidden)',
      'rotation: "every 30 days at 02:00 UTC" → "every 45 days at 02:00 UTC"',
    ]);
    const body = await saveAndFindPatch(wb, frame);
    assert.equal(body.name, 'prod-graph-main');
    assert.equal(body.description, 'Graph secret for prod, rotated monthly.');
    assert.deepEqual(body.credentials, {
      tenantId: '11112222-3333-4444-8555-666677778888',
      clientId: '99990000-aaaa-4bbb-8ccc-ddddeeeeffff',
      clientSecret: 'n3w~secret.value',
      clientSecretKeyId: '12345678-aaaa-4bbb-8ccc-0123456789ab',
    });
    assert.equal(/** @type {{ rotationInterval: number }} */ (body.rotation).rotationInterval, 45);
  });

  it('certificate connection: the PEM text areas keep what is typed after Ctrl+A', async () => {
    await wb().runCommand('View: Close All Editors');
    await wb().runCommand('Infisical: Edit Connection…');
    await wb().pick(CERT_CONNECTION);
    await frame().locator('#form[data-resource="connection"]').waitFor({ timeout: 30_000 });
    await typeSteps(wb, frame, [
      ['field-credentials-certificateBody', 'select-all', '-----BEGIN CERTIFICATE-----', 'person'],
      ['field-credentials-privateKey', 'select-all', '-----BEGIN PRIVATE KEY-----', 'fast'],
      ['field-credentials-privateKey', 'select-all', 'MIIEvQIBADANBg', 'person'],
    ]);
  });
});
