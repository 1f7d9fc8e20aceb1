//! Runs the end-to-end browser tests (tests/browser/, Node's test runner and
//! playwright-core driving Debian's Chromium) from `cargo test`: live reload
//! of `vitrine serve` (preview.test.mjs) and axe-core accessibility checks
//! of the built site under a sub-path (accessibility.test.mjs).
//!
//! Skipped with a notice when `/usr/bin/chromium` or `node` is missing,
//! unless `VITRINE_REQUIRE_BROWSER=1` (CI), which turns the skip into a
//! failure.

use std::io::Write;
use std::path::Path;
use std::process::Command;

const CHROMIUM: &str = "/usr/bin/chromium";

#[test]
fn live_reload_and_accessibility_in_a_real_browser() {
    let required = std::env::var("VITRINE_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
    let node = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|out| out.status.success());
    let chromium = Path::new(CHROMIUM).exists();
    if !node || !chromium {
        let missing = match (node, chromium) {
            (false, false) => "node and chromium",
            (false, true) => "node",
            _ => CHROMIUM,
        };
        assert!(
            !required,
            "VITRINE_REQUIRE_BROWSER=1 but {missing} is missing (apt-get install -y chromium nodejs npm)"
        );
        // Written to the real stderr, past libtest's capture, so it shows.
        let _ = writeln!(
            std::io::stderr(),
            "browser test skipped: {missing} is missing (set VITRINE_REQUIRE_BROWSER=1 to require it)"
        );
        return;
    }

    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    if !dir.join("node_modules/playwright-core").is_dir()
        || !dir.join("node_modules/axe-core").is_dir()
    {
        let status = Command::new("npm")
            .args(["ci", "--ignore-scripts", "--no-audit", "--no-fund"])
            .current_dir(&dir)
            .status()
            .expect("npm runs");
        assert!(status.success(), "npm ci failed in tests/browser");
    }
    // Captured: libtest shows it when the test fails (or with --nocapture).
    let run = Command::new("node")
        .args([
            "--test",
            "--test-reporter=spec",
            "preview.test.mjs",
            "accessibility.test.mjs",
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
