// Debian's Chromium, launched as every browser test here needs it: headless,
// a fresh profile, and no background traffic to other hosts.
import { chromium } from "playwright-core";

export const chromiumPath = process.env.VITRINE_CHROMIUM || "/usr/bin/chromium";

export function launchChromium(profile) {
  return chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    timeout: 30_000,
    args: [
      "--headless",
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
