//! Plan history: every save of a scenario file is a dated entry of what changed, kept
//! beside the file; any save can be read (`FILE@N`), compared and restored as a new
//! scenario (docs/storage.md, "Plan history").

mod common;

use common::{run, stderr, stdout};
use cscomp_tui::scenario;

#[test]
fn every_save_is_recorded_and_any_save_can_be_read_compared_and_restored() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team.ron");
    let t = team.to_str().unwrap();
    let o = run(&["new", t]);
    assert!(o.status.success(), "{}", stderr(&o));
    // A roster import rewrites the team; a solve with --write changes the plan.
    let o = run(&[
        "import-roster",
        "tests/fixtures/roster/clean.csv",
        "--into",
        t,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&["history", t]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        format!(
            "History of {t}: 2 saves (kept in {}).",
            dir.path().join(".team.ron.history").display()
        )
    );
    // Newest first, each line "#N  local time  what changed".
    assert!(lines[2].starts_with("#2  "), "{text}");
    assert!(
        lines[2].ends_with("  team 15 → 3 CSMs: 12 removed, 1 changed"),
        "{text}"
    );
    assert!(
        lines[3].ends_with("  first save in the history: 15 CSMs, 6 metrics"),
        "{text}"
    );
    assert_eq!(
        lines[5],
        format!(
            "Side by side: cscomp-tui history {t} --compare 1 2 (any save is FILE@N: cscomp-tui calc {t}@1)"
        )
    );

    // FILE@N is the scenario as saved then, in every command.
    let now = stdout(&run(&["calc", t, "--format", "json"]));
    let first = stdout(&run(&["calc", &format!("{t}@1"), "--format", "json"]));
    let sample = stdout(&run(&["calc", "assets/sample.ron", "--format", "json"]));
    assert_eq!(first, sample);
    assert_ne!(first, now);
    let o = run(&["calc", &format!("{t}@7")]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!("error: {t} has no save #7 in its history (it has #1–#2)\n")
    );

    // Every command that reads a scenario reads a save.
    let book = dir.path().join("first.xlsx");
    let o = run(&[
        "export-xlsx",
        &format!("{t}@1"),
        "--out",
        book.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let st = dir.path().join("st");
    let o = run(&[
        "statements",
        &format!("{t}@1"),
        "--out",
        st.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_dir(&st).unwrap().count(),
        15,
        "the 15 CSMs of save #1"
    );

    // Two saves side by side, as compare shows them.
    let o = run(&["history", t, "--compare", "1", "2"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let c = stdout(&o);
    assert!(c.contains(&format!("[1] Sample team FY27 ({t}@1)")), "{c}");
    assert!(c.contains(&format!("[2] Sample team FY27 ({t}@2)")), "{c}");
    assert!(
        c.contains("CSMs added / removed                        —                   0 / 12"),
        "{c}"
    );

    // Restored as a new scenario beside it; the file itself untouched, never overwritten.
    let before = std::fs::read(&team).unwrap();
    let o = run(&["history", t, "--restore", "1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let restored = dir.path().join("team (save 1).ron");
    let s = scenario::load(&restored).unwrap();
    assert!(
        s.name.starts_with("Sample team FY27 (as saved #1, "),
        "{}",
        s.name
    );
    assert_eq!(s.team, scenario::sample().team);
    assert_eq!(std::fs::read(&team).unwrap(), before);
    // Again: beside the first, numbered; a file named with --out is never replaced.
    let o = run(&["history", t, "--restore", "1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.path().join("team (save 1, 2).ron").exists());
    let r = restored.to_str().unwrap();
    let o = run(&["history", t, "--restore", "1", "--out", r]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!("error: {r} already exists; name another file with --out\n")
    );
    // Writing the same bytes again is no new entry.
    let o = run(&[
        "import-roster",
        "tests/fixtures/roster/clean.csv",
        "--into",
        t,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&run(&["history", t])).contains(": 2 saves"));
}

#[test]
fn a_file_without_history_says_when_it_starts() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team.ron");
    std::fs::copy("assets/sample.ron", &team).unwrap();
    let t = team.to_str().unwrap();
    let o = run(&["history", t]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        format!(
            "{t} has no history yet: every save from now on is recorded (in {}).\n",
            dir.path().join(".team.ron.history").display()
        )
    );
}

#[test]
fn a_file_saved_for_the_first_time_keeps_what_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("my plan.ron");
    std::fs::copy("assets/sample.ron", &team).unwrap();
    let t = team.to_str().unwrap();
    let o = run(&[
        "import-roster",
        "tests/fixtures/roster/clean.csv",
        "--into",
        t,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&run(&["history", t]));
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[2].starts_with("#2  "), "{text}");
    assert!(
        lines[2].ends_with("  team 15 → 3 CSMs: 12 removed, 1 changed"),
        "{text}"
    );
    assert!(
        lines[3].ends_with("  as the file was before its first recorded save: 15 CSMs, 6 metrics"),
        "{text}"
    );
    // The hints quote a name with a space, so they paste.
    assert!(
        text.contains(&format!("cscomp-tui history '{t}' --compare 1 2")),
        "{text}"
    );
    let before = stdout(&run(&["calc", &format!("{t}@1"), "--format", "json"]));
    assert_eq!(
        before,
        stdout(&run(&["calc", "assets/sample.ron", "--format", "json"]))
    );
}

/// The commands the history suggests carry the data folder the user gave, so that a
/// scenario found there by name is found again.
#[test]
fn the_suggested_commands_keep_the_data_folder() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("cs home");
    let team = dir.path().join("team.ron");
    let (t, h) = (team.to_str().unwrap(), home.to_str().unwrap());
    assert!(run(&["new", t, "--data-dir", h]).status.success());
    let o = run(&["history", t, "--data-dir", h]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains(&format!(
            "Against the file as it is now: cscomp-tui history {t} --data-dir '{h}' --compare 1"
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "Back to a save, as a new scenario: cscomp-tui history {t} --data-dir '{h}' --restore 1"
        )),
        "{text}"
    );
}
