//! Colour themes: every built-in theme loads and draws the review screen at
//! 80×24 with the 16 colours alone (what SSH gives), the light theme's tones
//! are used where the terminal says it shows them, and each person keeps
//! their own choice (officers may share one account).

mod common;

use common::screen::{demo, draw_with, open, rows};
use common::{DUNG, HOA};
use duyet::tui::Lang;
use duyet::tui::theme::{Depth, Theme};
use ratatui::style::Color;

#[test]
fn every_theme_draws_the_review_screen() {
    let repo = demo();
    let app = open(&repo.store, HOA, Lang::Vi, (80, 24));
    let plain = rows(draw_with(&app, &Theme::builtin(true)).backend().buffer());
    for name in Theme::names() {
        for depth in [Depth::Ansi16, Depth::Ansi256, Depth::TrueColor] {
            let theme = Theme::named(name, depth).unwrap();
            let term = draw_with(&app, &theme);
            let buf = term.backend().buffer();
            // The same text in every theme: colour never carries meaning alone.
            assert_eq!(rows(buf), plain, "{name} {depth:?}");
            let colours: Vec<Color> = buf
                .content()
                .iter()
                .flat_map(|c| [c.fg, c.bg])
                .filter(|c| *c != Color::Reset)
                .collect();
            if name == "mono" {
                assert!(colours.is_empty(), "mono draws no colour: {colours:?}");
            } else {
                assert!(!colours.is_empty(), "{name} draws in colour");
            }
            if depth == Depth::Ansi16 {
                assert!(
                    colours
                        .iter()
                        .all(|c| !matches!(c, Color::Rgb(..) | Color::Indexed(_))),
                    "{name}: only the 16 colours over a plain terminal"
                );
            }
        }
    }
    // The light theme's own tones where the terminal shows them.
    let light = Theme::named("light", Depth::TrueColor).unwrap();
    let buf = draw_with(&app, &light).backend().buffer().clone();
    assert!(buf.content().iter().any(|c| matches!(c.bg, Color::Rgb(..))));
}

fn duyet(home: &std::path::Path, who: &str, args: &[&str]) -> std::process::Output {
    common::duyet_command(home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .args(["--as", who])
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn each_person_keeps_their_own_theme() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    // Outside any repository, with --as: only the config folder is used.
    let listed = common::ok(&duyet(home, HOA, &["theme"]));
    assert!(listed.contains("* default"), "{listed}");
    for name in ["light", "high-contrast", "mono"] {
        assert!(listed.contains(&format!("  {name}")), "{listed}");
    }
    let set = common::ok(&duyet(home, HOA, &["theme", "light"]));
    assert!(set.contains("light"), "{set}");
    assert!(common::ok(&duyet(home, HOA, &["theme"])).contains("* light"));
    // Someone else on the same account keeps the default.
    assert!(common::ok(&duyet(home, DUNG, &["theme"])).contains("* default"));
    let file = std::fs::read_to_string(home.join("config/duyet/settings.yaml")).unwrap();
    assert!(file.contains("hoa.lt@tanyen.example: light"), "{file}");
    common::ok(&duyet(home, HOA, &["theme", "--reset"]));
    assert!(common::ok(&duyet(home, HOA, &["theme"])).contains("* default"));

    // No such theme: refused, with the list.
    let out = duyet(home, HOA, &["theme", "rainbow"]);
    assert_eq!(out.status.code(), Some(2));
    let err = common::stderr(&out);
    assert!(
        err.contains("rainbow") && err.contains("high-contrast"),
        "{err}"
    );
    // --theme is checked before the screen opens, in the person's language.
    let r = common::review_repo();
    let out = common::duyet_command_vi(r.home())
        .arg("--repo")
        .arg(&r.repo)
        .args(["--as", HOA, "--theme", "rainbow"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(common::stderr(&out).contains("không có bảng màu `rainbow`"));
}
