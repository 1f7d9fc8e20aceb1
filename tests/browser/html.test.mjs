// The built example site read as a validator and a search engine would:
//   - the Nu Html Checker (npm `vnu-jar`, run with Java) reports no error
//     on any generated page;
//   - every page's JSON-LD parses, with the expected types: `WebSite` on
//     the home page, `BreadcrumbList` on every page below it, `NewsArticle`
//     (headline, dates, image, publisher Organization with its logo) on
//     every article;
//   - every page has a raster og:image and twitter:card, and no twitter:
//     tag repeating Open Graph; the 404 page has no canonical link.
//
// Run: `node --test html.test.mjs` in tests/browser/ after `cargo build`
// (or through `cargo test --test browser`). VITRINE_BIN overrides the binary.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const binary = process.env.VITRINE_BIN || path.join(repo, "target/debug/vitrine");
const vnuJar = path.join(path.dirname(createRequire(import.meta.url).resolve("vnu-jar/package.json")), "build/dist/vnu.jar");

let work;
let publicDir;
let pages;

function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: 120_000, maxBuffer: 64 * 1024 * 1024, ...options }, (error, stdout, stderr) => {
      if (error && error.code === undefined) reject(error);
      else resolve({ code: error ? error.code : 0, stdout, stderr });
    });
  });
}

function htmlFiles(dir) {
  return fs.readdirSync(dir, { recursive: true }).filter((f) => f.endsWith(".html")).map((f) => path.join(dir, f)).sort();
}

before(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "vitrine-html-"));
  const root = path.join(work, "site");
  for (const dir of ["content", "themes"]) {
    fs.cpSync(path.join(repo, dir), path.join(root, dir), { recursive: true });
  }
  publicDir = path.join(work, "public");
  const built = await run(binary, ["build", "--root", root, "--output", publicDir]);
  assert.equal(built.code, 0, `vitrine build failed:\n${built.stdout}${built.stderr}`);
  pages = htmlFiles(publicDir).map((file) => ({
    file,
    name: path.relative(publicDir, file),
    html: fs.readFileSync(file, "utf8"),
  }));
});

after(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test("the Nu Html Checker finds no error on any page", { timeout: 180_000 }, async () => {
  assert.ok(pages.length >= 30, `${pages.length} pages`);
  const checked = await run("java", ["-jar", vnuJar, "--errors-only", "--format", "json", ...pages.map((p) => p.file)]);
  const messages = JSON.parse(checked.stderr || '{"messages": []}').messages;
  const errors = messages.filter((m) => m.type === "error" || m.subType === "fatal");
  const described = errors.map((m) => `  ${path.relative(publicDir, new URL(m.url).pathname)}:${m.lastLine}: ${m.message}`);
  assert.deepEqual(described, [], `${errors.length} error(s):\n${described.join("\n")}`);
});

/// Every JSON-LD object of a page, parsed (a parse error fails the test).
function jsonLd(page) {
  const scripts = [...page.html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)];
  return scripts.map((m) => {
    try {
      return JSON.parse(m[1]);
    } catch (error) {
      throw new Error(`${page.name}: JSON-LD does not parse: ${error.message}\n${m[1]}`);
    }
  });
}

const meta = (page, attribute, name) =>
  page.html.match(new RegExp(`<meta ${attribute}="${name.replace(/[.:]/g, "\\$&")}" content="([^"]*)"`))?.[1];

test("JSON-LD parses with the expected types on every page", () => {
  for (const page of pages) {
    const types = jsonLd(page).map((o) => o["@type"]);
    if (page.name === "index.html") {
      assert.deepEqual(types, ["WebSite"], page.name);
      continue;
    }
    if (page.name === "404.html") continue;
    assert.ok(types.includes("BreadcrumbList"), `${page.name}: ${types}`);
    const crumbs = jsonLd(page).find((o) => o["@type"] === "BreadcrumbList").itemListElement;
    assert.equal(crumbs[0].name, "Accueil", page.name);
    crumbs.forEach((c, i) => {
      assert.equal(c.position, i + 1, page.name);
      // The last step is the page itself: no "item", the page's address.
      if (i === crumbs.length - 1) {
        assert.equal(c.item, undefined, page.name);
      } else {
        assert.match(c.item, /^https:\/\/hub-innovation\.example\.fr\//, page.name);
      }
    });
    if (/^actualites\/[^/]+\/index\.html$/.test(page.name) && !page.name.startsWith("actualites/page/")) {
      const article = jsonLd(page).find((o) => o["@type"] === "NewsArticle");
      assert.ok(article, `${page.name}: no NewsArticle`);
      assert.ok(article.headline && article.headline.length <= 110, page.name);
      assert.match(article.datePublished, /^\d{4}-\d{2}-\d{2}$/, page.name);
      // The meta description says it already; Google's Article reads none.
      assert.equal(article.description, undefined, page.name);
      assert.match(article.image[0], /\.(png|jpg)$/, page.name);
      assert.equal(article.publisher["@type"], "Organization", page.name);
      assert.equal(article.publisher.logo["@type"], "ImageObject", page.name);
      assert.match(article.publisher.logo.url, /\.png$/, page.name);
    }
  }
});

test("every page has a raster share image and a twitter card; no canonical on the 404 page", () => {
  for (const page of pages) {
    // A raster card social networks render (never the SVG), 1200 × 630.
    assert.match(meta(page, "property", "og:image") ?? "", /^https:\/\/.+\.(png|jpg)$/, page.name);
    assert.equal(meta(page, "property", "og:image:width"), "1200", page.name);
    assert.equal(meta(page, "property", "og:image:height"), "630", page.name);
    assert.equal(meta(page, "name", "twitter:card"), "summary_large_image", page.name);
    // X falls back to the Open Graph title, description and image.
    for (const name of ["twitter:image", "twitter:title", "twitter:description"]) {
      assert.equal(meta(page, "name", name), undefined, `${page.name}: ${name} repeats Open Graph`);
    }
    const canonical = page.html.includes('rel="canonical"');
    assert.equal(canonical, page.name !== "404.html", page.name);
    const title = page.html.match(/<title>([^<]*)<\/title>/)[1];
    const short = title.split(" — ")[0];
    assert.ok(short.length <= 61, `${page.name}: title « ${short} »`);
    const description = meta(page, "name", "description");
    assert.ok(description.length <= 156, `${page.name}: description of ${description.length} characters`);
  }
  const png = fs.readFileSync(path.join(publicDir, "partage.png"));
  // The PNG header's width and height: 1200×630, what share cards expect.
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [1200, 630]);
});
