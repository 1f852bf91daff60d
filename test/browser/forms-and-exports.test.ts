/**
 * Forms that fit the work and spreadsheets as Swedish offices use them, in
 * Chromium on the demo (issue 19, items 9 and 10): a suggested candidate's
 * "Föreslå" fills the proposal form, at desktop width and on a phone; the
 * overview's buttons download the Swedish CSV and the Swedish workbook.
 * Screenshots go to test-results/ (propose-*.png).
 */
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { hasChromium, SHOTS, WITHOUT_CHROMIUM } from '../support/browser.ts';
import { demoRigForSuite } from './demo-rig.ts';

describe.skipIf(!hasChromium)(`forms and exports in Chromium${WITHOUT_CHROMIUM}`, { timeout: 180_000 }, () => {
  const rig = demoRigForSuite();

  for (const [size, width] of [
    ['desktop', 1200],
    ['phone', 390],
  ] as const) {
    it(`fills the proposal from a suggested candidate's "Föreslå" at ${size} width`, async () => {
      const matcher = await rig().signIn('matcher', 'sv', width);
      await Promise.all([matcher.waitForLoadState('load'), matcher.locator('section:has(#openings) li a').first().click()]);
      expect(await matcher.locator('#suggestions').textContent()).toBe('Förslag ur poolen');
      const propose = matcher.locator('#suggestions ~ .table-wrap a.button').first();
      const label = (await propose.getAttribute('aria-label'))!;
      expect(label).toMatch(/^Föreslå \S+$/);
      const candidateRef = label.replace('Föreslå ', '');
      await Promise.all([matcher.waitForURL(/propose=/), propose.click()]);
      expect(await matcher.locator('#proposal-new').evaluate((details) => (details as HTMLDetailsElement).open)).toBe(true);
      expect(await matcher.locator('#proposal-new-candidateRef').inputValue()).toBe(candidateRef);
      expect(await matcher.locator('#proposal-new-targetGroup').inputValue()).not.toBe('');
      // The form is where the eye is: scrolled to, within the screen.
      const form = (await matcher.locator('#proposal-new').boundingBox())!;
      expect(form.y).toBeLessThan(900);
      expect(await matcher.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
      await matcher.screenshot({ path: `${SHOTS}/propose-${size}.png`, fullPage: true });
    });
  }

  it("downloads the Swedish CSV and the Swedish workbook from the overview's buttons", async () => {
    const officer = await rig().signIn('officer', 'sv');
    await officer.goto(`${rig().base}/app/overview`);
    const download = async (name: string) => {
      const [file] = await Promise.all([officer.waitForEvent('download'), officer.getByRole('link', { name, exact: true }).click()]);
      return { name: file.suggestedFilename(), bytes: await readFile((await file.path())!) };
    };
    const csv = await download('Klausuler för Excel (svensk CSV)');
    expect(csv.name).toBe('klausuler.csv');
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(csv.bytes);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.slice(1, text.indexOf('\r\n'))).toMatch(/^Diarienummer;Upphandling;Klausul;Läge;Leverantör;/);
    expect(text).toContain(';Jämtbygg AB;');

    const xlsx = await download('Klausuler för Excel (svensk arbetsbok)');
    expect(xlsx.name).toBe('klausuler.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.bytes as never);
    const sheet = workbook.worksheets[0]!;
    expect((sheet.getRow(1).values as unknown[]).slice(1, 6)).toEqual(['Diarienummer', 'Upphandling', 'Klausul', 'Läge', 'Leverantör']);
    expect(sheet.rowCount).toBeGreaterThan(1);
    expect(String(sheet.getRow(2).getCell(1).value)).toMatch(/^ÖH-/);
  });
});
