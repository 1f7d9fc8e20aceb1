//! Runs the end-to-end browser tests (tests/browser/, Node's test runner and
//! playwright-core driving Debian's Chromium) from `cargo test`: live reload
//! of `vitrine serve` (preview.test.mjs), axe-core accessibility checks
//! of the built site under a sub-path in both colour schemes
//! (accessibility.test.mjs), the Nu Html Checker and JSON-LD of every
//! page (html.test.mjs, which needs Java), and the search of the built
//! site, at the root and under a sub-path, on a plain static server
//! (search.test.mjs).
//!
//! Skipped with a notice when Node.js (20 or later), Chromium or the test's
//! packages (tests/browser/node_modules, or `npm` to install them) are
//! missing; where the browser test is required (`VITRINE_REQUIRE_BROWSER=1`,
//! or `CI=true` as CI services set it), a missing piece fails it instead.
//! Once `.ci/run` has installed the packages, nothing here needs the network.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Where `chromium.mjs` looks for Chromium (`VITRINE_CHROMIUM` overrides it).
fn chromium() -> PathBuf {
    std::env::var_os("VITRINE_CHROMIUM")
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from)
}

/// Whether the browser test must run: in CI, or when asked to.
fn required() -> bool {
    let set = |name: &str, values: &[&str]| {
        std::env::var(name).is_ok_and(|v| values.contains(&v.as_str()))
    };
    set("VITRINE_REQUIRE_BROWSER", &["1"]) || set("CI", &["true", "1"])
}

/// The major version of `node`, if it runs.
fn node_major() -> Option<u32> {
    let out = Command::new("node").arg("--version").output().ok()?;
    if !out.status.success() {
        return None;
    }
    let version = String::from_utf8_lossy(&out.stdout);
    let major = version.trim().trim_start_matches('v').split('.').next()?;
    major.parse().ok()
}

/// Why the browser test cannot run here, if it cannot.
fn missing(dir: &Path) -> Option<String> {
    if node_major().is_none_or(|major| major < 20) {
        return Some("Node.js 20 or later (`node`) is missing".into());
    }
    let chromium = chromium();
    if !chromium.exists() {
        return Some(format!("{} is missing", chromium.display()));
    }
    let java = Command::new("java").arg("-version").output();
    if !java.is_ok_and(|out| out.status.success()) {
        return Some("Java (`java`, for the Nu Html Checker) is missing".into());
    }
    let installed = ["playwright-core", "axe-core", "vnu-jar"]
        .iter()
        .all(|package| dir.join("node_modules").join(package).is_dir());
    if installed {
        return None;
    }
    let npm = Command::new("npm")
        .args(["ci", "--ignore-scripts", "--no-audit", "--no-fund"])
        .current_dir(dir)
        .output();
    match npm {
        Err(_) => Some("`npm` is missing to install tests/browser/node_modules".into()),
        Ok(out) if !out.status.success() => Some(format!(
            "`npm ci` failed in tests/browser (offline?):\n{}",
            String::from_utf8_lossy(&out.stderr)
        )),
        Ok(_) => None,
    }
}

#[test]
fn live_reload_and_accessibility_in_a_real_browser() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    if let Some(missing) = missing(&dir) {
        assert!(
            !required(),
            "the browser test is required here (VITRINE_REQUIRE_BROWSER=1 or CI=true) but {missing}; \
             .ci/run installs everything (apt-get install chromium nodejs npm default-jre-headless, then npm ci)"
        );
        // Written to the real stderr, past libtest's capture, so it shows.
        let _ = writeln!(
            std::io::stderr(),
            "browser test skipped: {missing} (set VITRINE_REQUIRE_BROWSER=1 to require it)"
        );
        return;
    }
    // Captured: libtest shows it when the test fails (or with --nocapture).
    let run = Command::new("node")
        .args([
            "--test",
            "--test-reporter=spec",
            "preview.test.mjs",
            "accessibility.test.mjs",
            "html.test.mjs",
            "search.test.mjs",
        ])
        .current_dir(&dir)
        .env("VITRINE_BIN", env!("CARGO_BIN_EXE_vitrine"))
        .output()
        .expect("node runs");
    println!("{}", String::from_utf8_lossy(&run.stdout));
    println!("{}", String::from_utf8_lossy(&run.stderr));
    assert!(
        run.status.success(),
        "the browser test failed (output above)"
    );
}
