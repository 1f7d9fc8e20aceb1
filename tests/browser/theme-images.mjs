// Draws the hub theme's raster images with Debian's Chromium, from SVG
// written here (nothing is downloaded): the default share image
// (og:image, twitter:image, 1200×630), the PNG favicon (32×32) and the
// apple-touch-icon (180×180). Run from the repository after changing the
// logo: `node tests/browser/theme-images.mjs` (writes themes/hub/static/).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "./chromium.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const out = path.join(repo, "themes/hub/static");

/// The two rings of the logo (see themes/hub/static/logo.svg).
const rings = (size) => `
  <svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 40 40">
    <circle cx="15" cy="20" r="10" fill="none" stroke="#ffffff" stroke-width="4"/>
    <circle cx="25" cy="20" r="10" fill="none" stroke="#ffdd00" stroke-width="4"/>
  </svg>`;

const IMAGES = [
  {
    file: "partage.png",
    width: 1200,
    height: 630,
    html: `<div style="width:1200px;height:630px;background:#0d2b4e;display:flex;flex-direction:column;align-items:center;justify-content:center;gap:40px">
      ${rings(360)}
      <div style="width:420px;height:16px;background:#ffdd00;border-radius:8px"></div>
    </div>`,
  },
  { file: "apple-touch-icon.png", width: 180, height: 180, html: `<div style="width:180px;height:180px;background:#0d2b4e;display:flex;align-items:center;justify-content:center">${rings(150)}</div>` },
  { file: "favicon-32.png", width: 32, height: 32, html: `<div style="width:32px;height:32px;background:#0d2b4e;border-radius:6px;display:flex;align-items:center;justify-content:center">${rings(30)}</div>` },
];

const profile = fs.mkdtempSync(path.join(os.tmpdir(), "vitrine-images-"));
const context = await launchChromium(profile);
try {
  for (const image of IMAGES) {
    const page = await context.newPage();
    await page.setViewportSize({ width: image.width, height: image.height });
    await page.setContent(`<!DOCTYPE html><html><body style="margin:0">${image.html}</body></html>`);
    await page.screenshot({ path: path.join(out, image.file), omitBackground: image.file === "favicon-32.png" });
    await page.close();
    console.log(`${image.file} (${image.width}×${image.height})`);
  }
} finally {
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
