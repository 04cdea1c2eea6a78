use super::*;
use rust_decimal::Decimal;

fn save(path: &Path, scn: &Scenario) -> Option<Entry> {
    let text = crate::scenario::to_ron(scn);
    std::fs::write(path, &text).unwrap();
    record(path, scn, text.as_bytes()).unwrap()
}

#[test]
fn each_save_is_an_entry_in_words_with_a_copy_to_go_back_to() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.ron");
    let mut scn = crate::scenario::sample();
    let first = save(&path, &scn).unwrap();
    assert_eq!(first.n, 1);
    assert_eq!(
        first.changes,
        ["first save in the history: 15 CSMs, 6 metrics"]
    );
    // The same bytes again: no entry.
    assert_eq!(save(&path, &scn), None);
    scn.plan.components[0].weight = Decimal::new(15, 2);
    scn.plan.components[2].weight = Decimal::new(30, 2);
    let mut joiner = scn.team[0].clone();
    joiner.id = "csm-99".into();
    scn.team.push(joiner);
    scn.team[1].ote += Decimal::ONE;
    let second = save(&path, &scn).unwrap();
    assert_eq!(second.n, 2);
    assert_eq!(
        second.changes,
        [
            "Gross revenue retention weight 25% → 15%",
            "Key activities: written results strategy weight 20% → 30%",
            "team 15 → 16 CSMs: 1 added, 1 changed"
        ]
    );
    assert!(folder_of(&path).join("00002.ron").exists());
    assert_eq!(entries(&path).unwrap().len(), 2);
    // Each saved version comes back as it was.
    assert_eq!(saved(&path, 1).unwrap(), crate::scenario::sample());
    assert_eq!(saved(&path, 2).unwrap(), scn);
    assert_eq!(
        saved(&path, 7).unwrap_err(),
        format!(
            "{} has no save #7 in its history (it has #1–#2)",
            path.display()
        )
    );
}

#[test]
fn an_unreadable_history_is_set_aside_and_a_new_one_begins() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.ron");
    let scn = crate::scenario::sample();
    let folder = folder_of(&path);
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("index.ron"), "(version: 1, entries: [oops").unwrap();
    let e = save(&path, &scn).unwrap();
    assert_eq!(e.n, 1);
    let aside: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|d| d.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("index.unreadable-"))
        .collect();
    assert_eq!(aside.len(), 1, "the unreadable history is kept");
}

#[test]
fn only_the_last_copies_are_kept_and_every_entry_stays() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.ron");
    let mut scn = crate::scenario::sample();
    for k in 0..(KEEP_COPIES + 3) {
        scn.assumptions.burden_rate = Decimal::new(k as i64, 3);
        save(&path, &scn).unwrap();
    }
    let all = entries(&path).unwrap();
    assert_eq!(all.len(), KEEP_COPIES + 3);
    assert_eq!(all.iter().filter(|e| e.copy.is_some()).count(), KEEP_COPIES);
    assert!(all[0].copy.is_none() && all[3].copy.is_some());
    assert!(!folder_of(&path).join("00001.ron").exists());
    assert!(
        saved(&path, 1)
            .unwrap_err()
            .contains("only the last 100 saves keep a copy")
    );
    assert_eq!(all[5].changes, ["burden rate 0.4% → 0.5%"]);
}

#[test]
fn a_file_at_a_save_is_named_file_at_n() {
    assert_eq!(split_ref("team.ron@3"), Some(("team.ron", 3)));
    assert_eq!(
        split_ref("plans/team.ron@#12"),
        Some(("plans/team.ron", 12))
    );
    assert_eq!(split_ref("Big team@2"), Some(("Big team", 2)));
    assert_eq!(split_ref("team.ron"), None);
    assert_eq!(split_ref("team.ron@x"), None);
    assert_eq!(split_ref("@3"), None);
}
