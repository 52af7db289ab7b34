//! A first real-client test: headless Neovim (>= 0.11) runs `newsdesk lsp` on a
//! temporary corpus and receives the not-UTF-8 finding of a report it never opened.

mod support;

use std::process::Command;
use std::time::{Duration, Instant};
use support::*;

#[test]
fn neovim_receives_the_not_utf8_finding() {
    let Some(nvim) = nvim() else { return };
    let f = Fixture::new(
        r#"
//- good.txt
Lavrov urged to resolve security issues

MOSCOW, January 14 - RIA Novosti. Russia stands for a balance of interests, Foreign Minister Sergei Lavrov said.
"#,
    );
    std::fs::write(f.root().join("newsdesk.toml"), "").unwrap();
    let bad = f.path("bad.txt");
    std::fs::write(&bad, cp1251_report()).unwrap();
    let out = f.root().join("result.json");
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/nvim/smoke.lua");
    let args = [
        env!("CARGO_BIN_EXE_newsdesk").to_string(),
        f.root().display().to_string(),
        f.path("good.txt").display().to_string(),
        bad.display().to_string(),
        out.display().to_string(),
    ]
    .join("|");
    let mut child = Command::new(nvim)
        .env(
            "NEWSDESK_CACHE_DIR",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/newsdesk-cache"),
        )
        .args(["--headless", "--clean", "-c"])
        .arg(format!("luafile {}", script.display()))
        .env("NEWSDESK_NVIM_ARGS", args)
        .current_dir(f.root())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("Neovim did not finish within 60 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let raw = std::fs::read_to_string(&out).expect("the Lua script wrote its result");
    let v: serde_json::Value = serde_json::from_str(&raw).unwrap();
    assert_eq!(
        v["attached"], true,
        "newsdesk did not attach to good.txt; Neovim saw: {raw}"
    );
    assert_eq!(
        v["ok"], true,
        "no not-utf8 diagnostic on bad.txt; Neovim received: {raw}"
    );
}
