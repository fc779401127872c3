import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { chromium } from "playwright-core";

/** Where each test leaves its screenshot (ignored by git; docs/dashboard.md shows copies). */
export const screenshotDirectory = fileURLToPath(new URL("../screenshots/", import.meta.url));

/** The Chromium this repository drives: Debian's, or the one `CHROMIUM_PATH` names. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Debian's Chromium (`apt-get install chromium`; `.ci/run` installs it), headless. Without the
 * background-networking flags it keeps trying to reach Google's hosts, which this network refuses.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Saves what the page shows now as `<name>.png` in the screenshot directory. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDirectory, { recursive: true });
  await page.screenshot({ path: `${screenshotDirectory}${name}.png`, fullPage: true });
}

/** The focused element's name: its label's text, its aria-label, or its text (run in the page). */
const focusedName = `(() => {
  const element = document.activeElement;
  if (!element) return "";
  const label = element.id ? document.querySelector('label[for="' + element.id + '"]') : null;
  return (label?.textContent ?? element.getAttribute("aria-label") ?? element.textContent ?? "").trim();
})()`;

/**
 * Presses Tab until the focused element is the one named `name` (its text or label), as a person
 * with only a keyboard would, and fails if it is not reachable.
 */
export async function tabTo(page: Page, name: string, presses = 40): Promise<void> {
  for (let i = 0; i < presses; i++) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate<string>(focusedName);
    if (focused === name) return;
  }
  throw new Error(`${name} is not reachable with Tab.`);
}
