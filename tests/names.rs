//! Issue 10, item 13: scenario names — one stored form (NFC), never blank, and shown with
//! control and direction characters escaped.

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
    assert_eq!(std::fs::read_dir(h.join("scenarios")).unwrap().count(), 1);
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
    let table = cscomp_tui::report::table(&s, &c);
    assert!(
        table.starts_with("Q3\\u{202e}lanp (attainment scale 100%)\n"),
        "{table}"
    );
    let md = cscomp_tui::report::markdown(&s, &c);
    assert!(md.starts_with("# Q3\\u{202e}lanp\n"), "{md}");
    let st = cscomp_tui::statements::statement(&s, 0).unwrap();
    assert!(st.contains("| Plan | Q3\\\\u{202e}lanp |\n"), "{st}");
}
