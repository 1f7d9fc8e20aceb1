// Automated accessibility test of the built example site in a real browser
// (Debian's Chromium, driven by playwright-core; no browser is downloaded).
// It builds a temp copy of content/ and themes/ with `vitrine build` under
// the sub-path /hub/, serves the output from a small static server written
// here, and checks every kind of page at 1280×900 and 320×640, in the light
// and the dark colour scheme (prefers-color-scheme):
//   - axe-core finds no WCAG 2.0/2.1 level A or AA violation;
//   - at 320 px, nothing scrolls horizontally (WCAG 1.4.10, reflow);
//   - the style sheet is loaded under the sub-path, every request stays on
//     this server under /hub/, and none fails.
//
// Run: `node --test accessibility.test.mjs` in tests/browser/ after
// `cargo build` (or through `cargo test --test browser`). VITRINE_BIN
// overrides the binary.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "./chromium.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const binary = process.env.VITRINE_BIN || path.join(repo, "target/debug/vitrine");
const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const WAIT = 15_000;
const PREFIX = "/hub/";

/// The pages checked, one of each kind the theme renders.
const PAGES = [
  { name: "accueil", path: "" },
  { name: "actualités", path: "actualites/" },
  { name: "actualités, page 2", path: "actualites/page/2/" },
  {
    name: "article à la une",
    path: "actualites/grand-orly-seine-bievre-et-lupec-un-engagement-renouvele-pour-la-formation-et-linnovation/",
  },
  { name: "partenaire", path: "partenaires/upec/" },
  { name: "thématique", path: "thematiques/ville-durable/" },
  { name: "convention", path: "convention/" },
  { name: "à propos", path: "a-propos/" },
  { name: "partenaires", path: "partenaires/" },
  { name: "thématiques", path: "thematiques/" },
  { name: "plan du site", path: "plan-du-site/" },
  { name: "mentions légales", path: "mentions-legales/" },
  { name: "déclaration d’accessibilité", path: "accessibilite/" },
  // `publier: false`: kept in the repository, absent from the site.
  { name: "guide de rédaction (non publié)", path: "guide-de-redaction/", status: 404 },
  { name: "recherche, avec des résultats", path: "recherche/?q=laboratoires" },
  { name: "page introuvable (404)", path: "cette-page-nexiste-pas/", status: 404 },
];

/// Both colour schemes (prefers-color-scheme), with the header background
/// each gives.
const SCHEMES = [
  { scheme: "light", header: "rgb(13, 43, 78)" },
  { scheme: "dark", header: "rgb(10, 26, 46)" },
];

const VIEWPORTS = [
  { width: 1280, height: 900 },
  { width: 320, height: 640 },
];

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".svg": "image/svg+xml",
  ".xml": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".json": "application/json",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".pdf": "application/pdf",
};

let work;
let profile;
let publicDir;
let server;
let origin;
let context;
/// Paths asked of the server outside /hub/: the site must stay under it.
const outsidePrefix = [];

/// The file for a URL path under /hub/, or null: directories give their
/// index.html; anything escaping the output folder is refused.
function fileFor(pathname) {
  let relative;
  try {
    relative = decodeURIComponent(pathname.slice(PREFIX.length));
  } catch {
    return null;
  }
  const file = path.resolve(publicDir, relative);
  if (file !== publicDir && !file.startsWith(publicDir + path.sep)) return null;
  try {
    const stat = fs.statSync(file);
    if (stat.isFile()) return { file };
    if (stat.isDirectory()) {
      if (!pathname.endsWith("/")) return { redirect: pathname + "/" };
      const index = path.join(file, "index.html");
      if (fs.statSync(index, { throwIfNoEntry: false })?.isFile()) return { file: index };
    }
  } catch {
    // Missing: null below.
  }
  return null;
}

/// A static host serving the output under /hub/, like a shared web host:
/// content types from the extension, `nosniff` so a wrong one shows, and
/// the site's 404.html for missing files.
function serve(request, response) {
  const { pathname } = new URL(request.url, "http://127.0.0.1");
  const send = (status, headers, body) => {
    response.writeHead(status, { "X-Content-Type-Options": "nosniff", ...headers });
    response.end(request.method === "HEAD" ? undefined : body);
  };
  if (request.method !== "GET" && request.method !== "HEAD") {
    return send(405, { Allow: "GET, HEAD", "Content-Type": "text/plain; charset=utf-8" }, "405\n");
  }
  if (!pathname.startsWith(PREFIX)) {
    outsidePrefix.push(pathname);
    return send(404, { "Content-Type": "text/plain; charset=utf-8" }, "hors du site\n");
  }
  const found = fileFor(pathname);
  if (found?.redirect) return send(301, { Location: found.redirect }, "");
  if (found?.file) {
    const type = TYPES[path.extname(found.file).toLowerCase()] ?? "application/octet-stream";
    return send(200, { "Content-Type": type }, fs.readFileSync(found.file));
  }
  return send(404, { "Content-Type": TYPES[".html"] }, fs.readFileSync(path.join(publicDir, "404.html")));
}

/// Runs `vitrine build`, bounded; rejects with its output on failure.
function build(args) {
  return new Promise((resolve, reject) => {
    execFile(binary, args, { timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`vitrine build failed (${error.code ?? error.signal}):\n${stdout}${stderr}`));
      else resolve(stdout + stderr);
    });
  });
}

/// Rejects if `promise` has not settled after `ms` milliseconds.
function bounded(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

before(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "vitrine-a11y-site-"));
  profile = fs.mkdtempSync(path.join(os.tmpdir(), "vitrine-a11y-profile-"));
  const root = path.join(work, "site");
  for (const dir of ["content", "themes"]) {
    fs.cpSync(path.join(repo, dir), path.join(root, dir), { recursive: true });
  }
  publicDir = path.join(work, "public");

  // The port goes into the base URL, so the server listens first.
  server = http.createServer(serve);
  await bounded(
    new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", resolve);
    }),
    WAIT,
    "static server",
  );
  origin = `http://127.0.0.1:${server.address().port}`;
  await build(["build", "--root", root, "--output", publicDir, "--base-url", origin + PREFIX]);

  context = await launchChromium(profile);
  context.setDefaultTimeout(WAIT);
  context.setDefaultNavigationTimeout(WAIT);
});

after(async () => {
  await context?.close().catch(() => {});
  if (server) {
    server.closeAllConnections?.();
    await bounded(new Promise((resolve) => server.close(resolve)), 5_000, "closing the server").catch(() => {});
  }
  for (const dir of [work, profile]) {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
});

/// One line per violation: rule, impact, help and the first targets.
function describe(violations) {
  return violations
    .map((v) => {
      const targets = v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(" "))
        .join(" | ");
      const more = v.nodes.length > 3 ? ` (+${v.nodes.length - 3})` : "";
      return `  - ${v.id} [${v.impact}] ${v.help}: ${targets}${more}\n    ${v.helpUrl}`;
    })
    .join("\n");
}

for (const { name, path: pagePath, status = 200 } of PAGES) {
  for (const viewport of VIEWPORTS) {
  for (const { scheme, header } of SCHEMES) {
    test(`${name} (/hub/${pagePath}) at ${viewport.width}×${viewport.height}, ${scheme}`, { timeout: 60_000 }, async () => {
      const url = origin + PREFIX + pagePath;
      const page = await context.newPage();
      const foreign = [];
      const failed = [];
      page.on("request", (request) => {
        const { protocol, origin: requestOrigin } = new URL(request.url());
        if (protocol !== "data:" && protocol !== "blob:" && requestOrigin !== origin) foreign.push(request.url());
      });
      page.on("requestfailed", (request) => {
        failed.push(`${request.url()}: ${request.failure()?.errorText}`);
      });
      page.on("response", (response) => {
        if (response.status() >= 400 && response.url() !== url) failed.push(`${response.url()}: ${response.status()}`);
      });
      try {
        await page.setViewportSize(viewport);
        await page.emulateMedia({ colorScheme: scheme });
        const response = await page.goto(url, { waitUntil: "load", timeout: WAIT });
        assert.equal(response.status(), status, `status of ${url}`);
        if (status === 404) {
          assert.match(await page.title(), /^Page introuvable — /, "the site's 404.html is served");
        }

        // The style sheet loaded from the sub-path and applies.
        const style = await page.evaluate(() => ({
          sheets: [...document.styleSheets].map((s) => {
            let rules = 0;
            try {
              rules = s.cssRules.length;
            } catch {}
            return { href: s.href, rules };
          }),
          bodyMargin: getComputedStyle(document.body).marginTop,
          headerBackground: getComputedStyle(document.querySelector(".entete")).backgroundColor,
        }));
        // Minified and fingerprinted by the production build: style.<hash>.css.
        const sheet = style.sheets.find((s) => s.href && /^\/hub\/style\.[0-9a-f]{10}\.css$/.test(new URL(s.href).pathname));
        assert.ok(sheet && sheet.rules > 0, `style.<hash>.css not loaded under ${PREFIX}: ${JSON.stringify(style.sheets)}`);
        assert.equal(style.bodyMargin, "0px", "body margin from the theme (browser default: 8px)");
        assert.equal(style.headerBackground, header, `header background of the ${scheme} scheme`);

        // No horizontal scrolling at 320 px (reflow).
        if (viewport.width === 320) {
          const reflow = await page.evaluate(() => {
            const width = window.innerWidth;
            const wide = [...document.body.querySelectorAll("*")]
              .filter((el) => el.getBoundingClientRect().right > width + 0.5)
              .slice(0, 5)
              .map((el) => {
                const cls = el.getAttribute("class");
                return `${el.tagName.toLowerCase()}${cls ? "." + cls.trim().split(/\s+/).join(".") : ""} (right ${Math.round(el.getBoundingClientRect().right)})`;
              });
            return { scrollWidth: document.documentElement.scrollWidth, width, wide };
          });
          assert.ok(
            reflow.scrollWidth <= reflow.width,
            `horizontal scroll at ${reflow.width} px: scrollWidth ${reflow.scrollWidth}; too wide: ${reflow.wide.join(", ")}`,
          );
        }

        // axe-core, WCAG 2.0 and 2.1, levels A and AA.
        await page.addScriptTag({ path: axePath });
        const results = await bounded(
          page.evaluate(
            (options) => window.axe.run(document, options),
            {
              runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
              resultTypes: ["violations"],
            },
          ),
          40_000,
          "axe.run",
        );
        assert.equal(
          results.violations.length,
          0,
          `${results.violations.length} axe violation(s) on ${url} at ${viewport.width} px:\n${describe(results.violations)}`,
        );

        // Every request stayed on this server, under /hub/, and succeeded.
        assert.deepEqual(foreign, [], "requests to other hosts");
        assert.deepEqual(failed, [], "failed requests");
      } finally {
        await page.close().catch(() => {});
      }
    });
  }
  }
}

/// The accessible names Chromium gives the links of `page`.
async function linkNames(page) {
  const cdp = await context.newCDPSession(page);
  try {
    const { root } = await cdp.send("DOM.getDocument", { depth: 0 });
    const { nodes } = await cdp.send("Accessibility.queryAXTree", { nodeId: root.nodeId, role: "link" });
    return nodes.map((node) => node.name?.value ?? "");
  } finally {
    await cdp.detach().catch(() => {});
  }
}

test("headings link to themselves, named by their text; the « # » shows on hover and is not read", { timeout: 60_000 }, async () => {
  const page = await context.newPage();
  try {
    await page.goto(origin + PREFIX + PAGES[3].path, { waitUntil: "load", timeout: WAIT });
    const headings = await page.evaluate(() =>
      [...document.querySelectorAll(".contenu .ancre")].map((link) => ({
        id: link.parentElement.id,
        href: link.getAttribute("href"),
        text: link.parentElement.textContent,
        color: getComputedStyle(link).color === getComputedStyle(link.parentElement).color,
        underline: getComputedStyle(link).textDecorationLine,
      })),
    );
    assert.ok(headings.length >= 3, `heading links: ${JSON.stringify(headings)}`);
    const names = await linkNames(page);
    for (const heading of headings) {
      assert.equal(heading.href, `#${heading.id}`);
      assert.ok(heading.color, `${heading.id}: the heading's colour`);
      assert.equal(heading.underline, "none", `${heading.id}: not underlined`);
      assert.ok(names.includes(heading.text), `${heading.id}: no link named « ${heading.text} » in ${JSON.stringify(names)}`);
    }
    assert.deepEqual(names.filter((name) => name.includes("#")), [], "« # » read as part of a link");
    const mark = () => page.evaluate(() => {
      const after = getComputedStyle(document.querySelector(".contenu .ancre"), "::after");
      return { content: after.content, opacity: after.opacity };
    });
    assert.equal((await mark()).opacity, "0", "hidden until hovered");
    await page.hover(".contenu .ancre");
    await page.waitForFunction(() => getComputedStyle(document.querySelector(".contenu .ancre"), "::after").opacity === "1");
    assert.match((await mark()).content, /^"#"/);
  } finally {
    await page.close().catch(() => {});
  }
});

test("the header logo is drawn from the theme's logo.svg, under /hub/", { timeout: 60_000 }, async () => {
  const page = await context.newPage();
  const svgs = [];
  page.on("response", (response) => {
    if (response.url().endsWith(".svg")) svgs.push(`${new URL(response.url()).pathname} ${response.status()}`);
  });
  try {
    await page.goto(origin + PREFIX + "actualites/", { waitUntil: "load", timeout: WAIT });
    // An unresolved <use> has an empty box.
    await page.waitForFunction(() => document.querySelector(".entete .logo use").getBBox().width > 0);
    const logo = await page.evaluate(() => {
      const svg = document.querySelector(".entete .logo");
      const box = svg.getBoundingClientRect();
      return { width: box.width, height: box.height, href: svg.querySelector("use").getAttribute("href") };
    });
    assert.deepEqual(logo, { width: 40, height: 40, href: "/hub/logo.svg#logo" });
    assert.ok(svgs.includes("/hub/logo.svg 200"), `SVG requests: ${svgs}`);
  } finally {
    await page.close().catch(() => {});
  }
});

test("page numbers are read « Page N », the current one too", { timeout: 60_000 }, async () => {
  const page = await context.newPage();
  try {
    await page.goto(origin + PREFIX + "actualites/page/2/", { waitUntil: "load", timeout: WAIT });
    const names = await linkNames(page);
    assert.ok(names.includes("Page 1") && names.includes("Page 2"), `page links: ${JSON.stringify(names)}`);
    assert.ok(!names.includes("1") && !names.includes("2"), "bare numbers");
    const current = await page.evaluate(() => document.querySelector(".pagination [aria-current=page]").getAttribute("aria-label"));
    assert.equal(current, "Page 2");
  } finally {
    await page.close().catch(() => {});
  }
});

test("every request stayed under /hub/", () => {
  assert.deepEqual(outsidePrefix, []);
});
