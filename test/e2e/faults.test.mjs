// @ts-check
// The fault matrix's form column, in the browser: the Azure Auth form's Save meets each fault
// (test/sandbox/faultMatrix.ts) on its PATCH. Per fault: the form shows one specific message,
// keeps the typed value, sent at most one PATCH (429: 3 attempts, 401: one retry with a renewed
// token), and the same Save succeeds once the fault is gone. Cells go to
// test-results/fault-matrix-form.json for scripts/fault-matrix.mjs.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { RESULTS, useWorkbench } from './harness.mjs';

/** @typedef {{ id: string, label: string, rule?: Record<string, unknown>, says: RegExp }} Fault */
/** @type {{ FAULTS: Fault[] }} */
const { FAULTS } = createRequire(import.meta.url)('../../out/test/sandbox/faultMatrix.js');

const IDENTITY = 'aks-prod-workload';

describe('Fault matrix: submit a form', () => {
  const wb = useWorkbench('faults', {
    demoProfile: true,
    forwarder: true,
    settings: { 'infisical.requestTimeoutSeconds': 2, 'infisical.save.confirm': 'never' },
  });
  /** @type {{ operation: string, fault: string, pass: boolean, message?: string, recovered?: boolean, patches?: number, error?: string, ms: number }[]} */
  const cells = [];
  /** @type {string} */
  let identityId;
  const frame = () => wb().webview();
  const uses = () => frame().locator('#field-accessTokenNumUsesLimit input').first();
  const patchPath = () => `/api/v1/auth/azure-auth/identities/${identityId}`;

  /** @returns {Promise<{ method: string, path: string }[]>} */
  const requests = async () =>
    /** @type {{ requests: { method: string, path: string }[] }} */ (await wb().control('GET', 'requests'))
      .requests;

  const stored = async () => {
    const state = /** @type {{ azureAuths: { identityId: string, accessTokenNumUsesLimit: number }[] }} */ (
      await wb().control('GET', 'state')
    );
    return state.azureAuths.find((a) => a.identityId === identityId)?.accessTokenNumUsesLimit;
  };

  /** What the form says after a failed Save: its banner and the issues under the fields. */
  async function shownError() {
    const shown = frame().locator('#form-banner.error, .issue').first();
    await shown.waitFor({ state: 'visible', timeout: 40_000 });
    const texts = await frame().locator('#form-banner.error, .issue').allInnerTexts();
    return texts
      .map((t) => t.trim())
      .filter(Boolean)
      .join(' · ');
  }

  before(async function () {
    this.timeout(120_000);
    const state = /** @type {{ identities: { id: string, name: string }[] }} */ (
      await wb().control('GET', 'state')
    );
    identityId = /** @type {string} */ (state.identities.find((i) => i.name === IDENTITY)?.id);
    await wb().runCommandOnIdentity('Infisical: Edit Azure Auth…', IDENTITY);
    await frame().locator('#form[data-resource="azure-auth"]').waitFor({ timeout: 30_000 });
  });

  after(() => {
    writeFileSync(
      join(RESULTS, 'fault-matrix-form.json'),
      `${JSON.stringify({ at: new Date().toISOString(), cells }, null, 2)}\n`,
    );
  });

  FAULTS.forEach((fault, index) => {
    it(`submit a form × ${fault.label}`, async function () {
      this.timeout(120_000);
      const started = Date.now();
      /** @type {(typeof cells)[number]} */
      const cell = { operation: 'submit-form', fault: fault.id, pass: false, ms: 0 };
      cells.push(cell);
      const forwarder = wb().forwarder;
      assert.ok(forwarder);
      try {
        const value = String(300 + index);
        await wb().control('DELETE', 'requests');
        if (fault.rule)
          await wb().control('POST', 'faults', { method: 'PATCH', path: patchPath(), ...fault.rule });
        else {
          await forwarder.stop();
          await wb().page.waitForTimeout(300);
        }
        await uses().fill(value);
        await frame().locator('#save').click();
        const message = await shownError();
        cell.message = message;
        const patches = (await requests()).filter((r) => r.method === 'PATCH').length;
        cell.patches = patches;
        await wb().control('DELETE', 'faults');
        await forwarder.start();

        assert.match(message, fault.says);
        assert.ok(!/\n\s+at |\[object Object\]|\bundefined\b/.test(message), message);
        assert.equal(await uses().inputValue(), value, 'the typed value is kept');
        const allowed = fault.id.startsWith('429') ? 3 : fault.id === '401' ? 2 : 1;
        assert.ok(patches <= allowed, `${patches} PATCHes for one Save`);
        assert.notEqual(await stored(), Number(value), 'nothing was applied while the fault was on');

        await frame().locator('#save').click();
        const until = Date.now() + 30_000;
        while ((await stored()) !== Number(value)) {
          if (Date.now() > until) assert.fail('the Save after the fault did not reach the server');
          await wb().page.waitForTimeout(100);
        }
        await frame().locator('#form-banner.error').waitFor({ state: 'hidden', timeout: 10_000 });
        cell.recovered = true;
        cell.pass = true;
      } catch (error) {
        cell.error = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
        throw error;
      } finally {
        cell.ms = Date.now() - started;
        await wb()
          .control('DELETE', 'faults')
          .catch(() => undefined);
        await forwarder.start();
      }
    });
  });
});
