// Screenshots of the example site for the release notes: desktop
// (1280×900) and phone (390×844) views of the home page, the lead article,
// the convention page and a partner page, full page, light scheme.
//
// Run from the repository after `cargo build`:
//   node tests/browser/screenshots.mjs [folder]   (default: target/captures)
// It builds a temp copy of content/ and themes/ with `vitrine build`, serves
// it on 127.0.0.1 and drives Debian's Chromium (VITRINE_CHROMIUM overrides
// it); nothing is downloaded.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "./chromium.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const binary = process.env.VITRINE_BIN || path.join(repo, "target/debug/vitrine");
const out = path.resolve(process.argv[2] || path.join(repo, "target/captures"));

const PAGES = [
  { name: "accueil", path: "/" },
  {
    name: "article-a-la-une",
    path: "/actualites/grand-orly-seine-bievre-et-lupec-un-engagement-renouvele-pour-la-formation-et-linnovation/",
  },
  { name: "convention", path: "/convention/" },
  { name: "partenaire", path: "/partenaires/upec/" },
];
const VIEWS = [
  { name: "bureau", width: 1280, height: 900 },
  { name: "telephone", width: 390, height: 844 },
];
const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png" };

const work = fs.mkdtempSync(path.join(os.tmpdir(), "vitrine-captures-"));
const root = path.join(work, "site");
for (const dir of ["content", "themes"]) fs.cpSync(path.join(repo, dir), path.join(root, dir), { recursive: true });
const site = path.join(work, "public");

const server = http.createServer((request, response) => {
  let file = path.join(site, decodeURIComponent(new URL(request.url, "http://x").pathname));
  if (!file.startsWith(site)) file = path.join(site, "404.html");
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
  if (!fs.existsSync(file)) file = path.join(site, "404.html");
  response.writeHead(200, { "Content-Type": TYPES[path.extname(file)] ?? "application/octet-stream" });
  response.end(fs.readFileSync(file));
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const origin = `http://127.0.0.1:${server.address().port}`;
execFileSync(binary, ["build", "--root", root, "--output", site, "--base-url", origin + "/"], { stdio: "inherit" });

fs.mkdirSync(out, { recursive: true });
const context = await launchChromium(path.join(work, "profile"));
try {
  for (const view of VIEWS) {
    for (const page of PAGES) {
      const tab = await context.newPage();
      await tab.setViewportSize({ width: view.width, height: view.height });
      await tab.emulateMedia({ colorScheme: "light" });
      await tab.goto(origin + page.path, { waitUntil: "load" });
      const file = path.join(out, `${page.name}-${view.name}.png`);
      await tab.screenshot({ path: file, fullPage: true });
      await tab.close();
      console.log(file);
    }
  }
} finally {
  await context.close();
  server.close();
  fs.rmSync(work, { recursive: true, force: true });
}
