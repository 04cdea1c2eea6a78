//! The plan history in the app: a save records what changed; `V` lists the saves, Enter
//! compares one with the working copy, Space marks a second to compare two, `r` restores
//! one as a new scenario beside the file.

mod common;

use common::screen::{key, screen};
use cscomp_tui::scenario::paths::{Origin, Paths};
use cscomp_tui::scenario::store::Store;
use cscomp_tui::tui::action::Action;
use cscomp_tui::tui::app::{App, Mode};
use cscomp_tui::tui::session::Files;
use ratatui::crossterm::event::KeyCode;
use rust_decimal::Decimal;

fn open(home: &std::path::Path, file: &std::path::Path) -> App {
    let paths = Paths::under(home, Origin::Flag);
    let (scn, opened) = Store::new(paths.clone()).open(file).unwrap();
    let mut a = App::new(scn, Some(file.to_path_buf()), false);
    a.files = Some(Files::new(paths, Some(opened)));
    a
}

#[test]
fn saves_are_listed_compared_and_restored_in_the_app() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("team.ron");
    std::fs::copy("assets/sample.ron", &file).unwrap();
    let mut a = open(home.path(), &file);
    // No history before the first save.
    a.update(Action::History);
    assert_eq!(a.mode, Mode::Normal);
    assert_eq!(
        a.status.as_ref().unwrap().0,
        format!(
            "{} has no history yet: every save from now on is recorded",
            file.display()
        )
    );
    // The first save keeps the file as it was (written by hand) and then the app's save
    // of it (the same plan and team, laid out as the app writes them).
    a.update(Action::Save);
    let all = cscomp_tui::history::entries(&file).unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(
        all[0].changes,
        ["as the file was before its first recorded save: 15 CSMs, 6 metrics"]
    );
    assert_eq!(
        all[1].changes,
        ["saved with no change to the plan or the team (the file's layout only)"]
    );
    a.update(Action::Save);
    assert_eq!(
        cscomp_tui::history::entries(&file).unwrap().len(),
        2,
        "nothing changed"
    );
    a.doc.scn.assumptions.burden_rate = Decimal::new(30, 2);
    a.update(Action::Save);
    let all = cscomp_tui::history::entries(&file).unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(all[2].changes, ["burden rate 22% → 30%"]);

    a.update(Action::History);
    let s = screen(&mut a, 120, 40);
    assert!(
        s.contains(" Saved versions (newest first) · Enter compare with now"),
        "{s}"
    );
    assert!(s.contains("#3"), "{s}");
    assert!(s.contains("burden rate 22% → 30%"), "{s}");
    assert!(
        s.contains("as the file was before its first recorded save: 15 CSMs, 6 metrics"),
        "{s}"
    );
    assert!(s.contains("│›#3    "), "the selected save is marked: {s}");
    // Space marks the newest, ↓ selects the first, Enter compares the two with the copy.
    key(&mut a, KeyCode::Char(' '));
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.mode, Mode::Normal);
    let v = a.compare.as_ref().expect("the compare screen");
    assert_eq!(v.comparer.len(), 3);
    let names: Vec<String> = (0..3)
        .map(|k| v.comparer.scenario(k).unwrap().name.clone())
        .collect();
    assert!(names[0].starts_with("save #2 ("), "{names:?}");
    assert!(names[1].starts_with("save #3 ("), "{names:?}");
    assert_eq!(names[2], "Sample team FY27 (editing)");
    let s = screen(&mut a, 120, 40);
    assert!(s.contains("save #2"), "{s}");
    assert_eq!(
        a.status.as_ref().unwrap().0,
        "comparing #2 and #3 with the working copy (3 plans) · v goes back"
    );
    a.update(Action::Compare);
    assert!(a.compare.is_none());

    // r writes the selected save as a new scenario beside the file; the open file stays.
    a.update(Action::History);
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Char('r'));
    let restored = home.path().join("team (save 2).ron");
    let (msg, _) = a.status.clone().unwrap();
    assert!(
        msg.starts_with("save #2 written as a new scenario, \"Sample team FY27 (as saved #2, "),
        "{msg}"
    );
    let back = cscomp_tui::scenario::load(&restored).unwrap();
    assert_eq!(back.assumptions.burden_rate, Decimal::new(22, 2));
    assert_eq!(a.doc.path.as_deref(), Some(file.as_path()));
    // Again: beside it, numbered, never over the file written.
    key(&mut a, KeyCode::Char('r'));
    assert!(
        home.path().join("team (save 2, 2).ron").exists(),
        "{:?}",
        a.status
    );
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.mode, Mode::Normal);
}
