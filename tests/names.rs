//! Names: scenario names have one stored form (NFC), are never blank, and are shown with
//! control and direction characters escaped; the names in a plan and a team are one line of
//! visible text, refused on read otherwise, and escaped in every Markdown output.

use cscomp_tui::scenario::{self, names};
mod common;
use common::{modified_minute, run_in, stderr, stdout};

const COMPOSED: &str = "Caf\u{e9} plan"; // é as one character
const DECOMPOSED: &str = "Cafe\u{301} plan"; // e + combining acute accent

#[test]
fn a_name_typed_two_ways_is_one_name() {
    assert_eq!(names::file_stem(DECOMPOSED), COMPOSED);
    assert_eq!(names::clean_name(DECOMPOSED).as_deref(), Some(COMPOSED));
    let d = tempfile::tempdir().unwrap();
    let h = d.path();
    let o = run_in(h, &["new", DECOMPOSED]);
    assert!(o.status.success(), "{}", stderr(&o));
    let file = h.join(format!("scenarios/{COMPOSED}.ron"));
    assert_eq!(scenario::load(&file).unwrap().name, COMPOSED);
    // The other spelling finds it, and `new` with it does not make a second scenario.
    let o = run_in(h, &["check", COMPOSED]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run_in(h, &["new", COMPOSED]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!(
            "error: {} already exists; pass --force to overwrite it\n",
            file.display()
        )
    );
    // One scenario file (beside it, its history folder).
    let files: Vec<String> = std::fs::read_dir(h.join("scenarios"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        files.iter().filter(|f| f.ends_with(".ron")).count(),
        1,
        "{files:?}"
    );
    assert!(
        files.contains(&format!(".{COMPOSED}.ron.history")),
        "{files:?}"
    );
    // A file written by hand with the decomposed form reads as the composed one.
    let text = scenario::to_ron(&scenario::sample()).replace(
        "name: \"Sample team",
        &format!("name: \"{DECOMPOSED} by hand"),
    );
    let s = scenario::parse(&text, "x").unwrap();
    assert!(
        s.name.starts_with(&format!("{COMPOSED} by hand")),
        "{}",
        s.name
    );
}

#[test]
fn a_blank_name_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let h = d.path();
    for blank in [" ", "", "\u{200B}"] {
        let o = run_in(h, &["new", blank]);
        assert_eq!(o.status.code(), Some(2), "{blank:?}: {}", stdout(&o));
        assert_eq!(stderr(&o), "error: a scenario name cannot be blank\n");
    }
    assert!(!h.join("scenarios").exists());
    assert_eq!(names::clean_name("  "), None);
}

#[test]
fn list_shows_control_and_direction_characters_escaped() {
    let d = tempfile::tempdir().unwrap();
    let h = d.path();
    let o = run_in(h, &["new", "evil\u{202E}gpj.ron plan"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run_in(h, &["list"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let f = h.join("scenarios/evilgpj.ron plan.ron");
    assert_eq!(
        stdout(&o),
        format!(
            "NAME                      FILE                  MODIFIED          CSMS      CASH COST\n\
             evil\\u{{202e}}gpj.ron plan  evilgpj.ron plan.ron  {}    15  $1,566,307.04\n\
             1 scenario in {}/scenarios\n",
            modified_minute(&f),
            h.display()
        )
    );
}

#[test]
fn duplicates_and_renames_see_one_name_in_two_spellings() {
    use cscomp_tui::scenario::paths::{Origin, Paths};
    use cscomp_tui::scenario::store::{Store, StoreError};
    let d = tempfile::tempdir().unwrap();
    let store = Store::new(Paths::under(d.path(), Origin::Env));
    let mut s = scenario::sample();
    s.name = COMPOSED.into();
    let first = store.save_new(&s).unwrap();
    // "Café plan (copy)" is taken, written the other way: the duplicate is "(copy 2)".
    s.name = format!("{DECOMPOSED} (copy)");
    store.save_new(&s).unwrap();
    let dup = store.duplicate(&first.path).unwrap();
    assert_eq!(
        store.open(&dup.path).unwrap().0.name,
        format!("{COMPOSED} (copy 2)")
    );
    // Renaming to the same name spelled the other way rewrites the file in place.
    let same = store.rename(&first.path, DECOMPOSED).unwrap();
    assert_eq!(same.path, first.path);
    assert_eq!(store.open(&same.path).unwrap().0.name, COMPOSED);
    // And a blank name is refused, the file left as it was.
    assert!(matches!(
        store.rename(&first.path, " \u{200B} "),
        Err(StoreError::BlankName)
    ));
    assert!(matches!(
        store.branch(&s, "   "),
        Err(StoreError::BlankName)
    ));
    assert_eq!(store.open(&first.path).unwrap().0.name, COMPOSED);
}

#[test]
fn reports_show_a_name_with_a_direction_override_escaped() {
    let mut s = scenario::sample();
    s.name = "Q3\u{202E}lanp".into();
    let c = cscomp_tui::engine::compute_valid(&s);
    let table = cscomp_tui::output::report::table(&s, &c);
    assert!(
        table.starts_with("Q3\\u{202e}lanp (attainment scale 100%)\n"),
        "{table}"
    );
    let md = cscomp_tui::output::report::markdown(&s, &c);
    assert!(md.starts_with("# Q3\\u{202e}lanp\n"), "{md}");
    let st = cscomp_tui::output::statements::statement(&s, 0).unwrap();
    assert!(st.contains("| Plan | Q3\\\\u{202e}lanp |\n"), "{st}");
}

/// The sample with csm-01's name (Alex Morgan) replaced, written to a file in `dir`.
fn sample_with_name(dir: &std::path::Path, name: &str) -> std::path::PathBuf {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/sample.ron"))
        .unwrap()
        .replace("name: \"Alex Morgan\"", &format!("name: \"{name}\""));
    let p = dir.join("named.ron");
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn a_csm_name_with_a_control_or_direction_character_is_refused_on_read() {
    let d = tempfile::tempdir().unwrap();
    for (name, what) in [
        ("Alex\tMorgan", "a tab (U+0009)"),
        ("Alex\nMorgan", "a line break (U+000A)"),
        ("\r", "a carriage return (U+000D)"),
        (
            "Alex\u{202E}nagroM",
            "an invisible direction mark, which can make text read backwards (U+202E)",
        ),
    ] {
        let p = sample_with_name(d.path(), name);
        for cmd in ["calc", "check"] {
            let o = run_in(d.path(), &[cmd, p.to_str().unwrap()]);
            assert!(!o.status.success(), "{cmd} took {name:?}");
            assert!(
                stderr(&o).contains(&format!(
                    "team[0] (csm-01): the name contains {what}; a name is one line of visible text: remove it"
                )),
                "{name:?}: {}",
                stderr(&o)
            );
        }
    }
}

#[test]
fn names_are_escaped_in_every_markdown_output() {
    let d = tempfile::tempdir().unwrap();
    let p = sample_with_name(
        d.path(),
        "<script>alert(1)</script> [x](javascript:alert(1)) a|b",
    );
    let safe = "\\<script\\>alert(1)\\</script\\> \\[x\\](javascript:alert(1)) a\\|b";
    let ps = p.to_str().unwrap();
    let calc = stdout(&run_in(d.path(), &["calc", ps, "--format", "markdown"]));
    assert!(
        calc.contains(&format!("| csm-01 | {safe} | CSM II | $100,000.00 |")),
        "{calc}"
    );
    let risk = stdout(&run_in(
        d.path(),
        &["risk", ps, "--format", "markdown", "--trials", "200"],
    ));
    assert!(risk.contains(&format!("| csm-01 | {safe} | $")), "{risk}");
    let cmp = stdout(&run_in(
        d.path(),
        &[
            "compare",
            ps,
            concat!(env!("CARGO_MANIFEST_DIR"), "/assets/sample.ron"),
            "--format",
            "markdown",
        ],
    ));
    assert!(
        cmp.contains(&format!("| csm-01 | {safe} | CSM II |")),
        "{cmp}"
    );
    for out in [&calc, &risk, &cmp] {
        assert!(!out.contains("<script>"), "{out}");
        assert!(!out.contains("[x]("), "{out}");
    }
}
