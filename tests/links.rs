//! Writing files where links, permissions and repeated commands meet: exports never write
//! through a link, saves through a linked scenario land in the file it points to, a file
//! keeps its permissions, a read-only file is not replaced, and a command that changes
//! nothing writes nothing. Through the real binary.
#![cfg(unix)]

mod common;
use common::{run, stderr, stdout};
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

fn is_link(p: &Path) -> bool {
    std::fs::symlink_metadata(p)
        .unwrap()
        .file_type()
        .is_symlink()
}

#[test]
fn statements_never_write_through_a_link_in_the_folder() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let victim = d.path().join("victim.txt");
    std::fs::write(&victim, "keep me").unwrap();
    symlink("../victim.txt", out.join("csm-01.md")).unwrap();
    // A dangling link pointing outside the folder.
    symlink("../created-outside.md", out.join("csm-02.md")).unwrap();
    let o = run(&[
        "statements",
        "assets/sample.ron",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    assert!(!d.path().join("created-outside.md").exists());
    for f in ["csm-01.md", "csm-02.md"] {
        let p = out.join(f);
        assert!(!is_link(&p), "{f} is now a file of its own");
        assert!(
            std::fs::read_to_string(&p)
                .unwrap()
                .starts_with("# Pay plan statement: "),
            "{f}"
        );
    }
}

#[test]
fn exports_replace_a_link_and_never_write_through_it() {
    let d = tempfile::tempdir().unwrap();
    let victim = d.path().join("victim.txt");
    std::fs::write(&victim, "keep me").unwrap();
    for (cmd, name) in [("export-roster", "team.csv"), ("export-xlsx", "plan.xlsx")] {
        let link = d.path().join(name);
        symlink(&victim, &link).unwrap();
        let o = run(&[
            cmd,
            "assets/sample.ron",
            "--out",
            link.to_str().unwrap(),
            "--force",
        ]);
        assert!(o.status.success(), "{cmd}: {}", stderr(&o));
        assert_eq!(
            std::fs::read_to_string(&victim).unwrap(),
            "keep me",
            "{cmd}"
        );
        assert!(!is_link(&link), "{cmd}");
    }
}

#[test]
fn importing_into_a_linked_scenario_writes_the_file_it_points_to() {
    let d = tempfile::tempdir().unwrap();
    let real_dir = d.path().join("shared");
    std::fs::create_dir(&real_dir).unwrap();
    let real = real_dir.join("plan.ron");
    std::fs::copy("assets/sample.ron", &real).unwrap();
    let link = d.path().join("plan.ron");
    symlink("shared/plan.ron", &link).unwrap();
    let before = std::fs::read(&real).unwrap();
    let o = run(&[
        "import-roster",
        "tests/fixtures/roster/clean.csv",
        "--into",
        link.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(is_link(&link), "the link is still a link");
    assert_ne!(
        std::fs::read(&real).unwrap(),
        before,
        "the real file has the team"
    );
    assert_eq!(
        std::fs::read(real_dir.join("plan.ron.bak")).unwrap(),
        before
    );
    assert!(!d.path().join("plan.ron.bak").exists());
    let shown = real_dir.join("plan.ron");
    assert!(
        stdout(&o).ends_with(&format!(
            "`{}` is a link: the file it points to, `{}`, was written, and its previous version is kept as `{}.bak`.\n",
            link.display(),
            shown.display(),
            shown.display()
        )),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_saved_file_keeps_its_permissions() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("plan.ron");
    std::fs::copy("assets/sample.ron", &p).unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o664)).unwrap();
    let o = run(&[
        "import-roster",
        "tests/fixtures/roster/clean.csv",
        "--into",
        p.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(mode(&p), 0o664);
    // The backup keeps the permissions of the file it keeps.
    assert_eq!(mode(&d.path().join("plan.ron.bak")), 0o664);
    let csv = d.path().join("team.csv");
    std::fs::write(&csv, "old").unwrap();
    std::fs::set_permissions(&csv, std::fs::Permissions::from_mode(0o640)).unwrap();
    let o = run(&[
        "export-roster",
        p.to_str().unwrap(),
        "--out",
        csv.to_str().unwrap(),
        "--force",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(mode(&csv), 0o640);
}

#[test]
fn a_read_only_scenario_is_not_replaced() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("plan.ron");
    std::fs::copy("assets/sample.ron", &p).unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = std::fs::read(&p).unwrap();
    let o = run(&[
        "import-roster",
        "tests/fixtures/roster/clean.csv",
        "--into",
        p.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains(&format!(
            "`{}` is read-only (its permissions allow no writing); make it writable, or save under another name",
            p.display()
        )),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(&p).unwrap(), before);
    assert_eq!(mode(&p), 0o444);
    assert!(!d.path().join("plan.ron.bak").exists());
}

#[test]
fn solve_write_writes_nothing_when_the_budget_cannot_be_met() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("solved.ron");
    let o = run(&[
        "solve",
        "assets/sample.ron",
        "--param",
        "variable_share",
        "--budget",
        "100000",
        "--write",
        out.to_str().unwrap(),
    ]);
    assert!(!o.status.success(), "{}", stdout(&o));
    assert!(
        stderr(&o).contains(&format!(
            "no value of variable_share meets the budget, so nothing was written to `{}`",
            out.display()
        )),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists());
}

#[test]
fn importing_the_same_roster_twice_keeps_the_backup() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("plan.ron");
    std::fs::copy("assets/sample.ron", &p).unwrap();
    let original = std::fs::read(&p).unwrap();
    let args = [
        "import-roster",
        "tests/fixtures/roster/clean.csv",
        "--into",
        p.to_str().unwrap(),
    ];
    let o = run(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let imported = std::fs::read(&p).unwrap();
    let o = run(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).ends_with("Nothing changed; the file was not written.\n"),
        "{}",
        stdout(&o)
    );
    assert_eq!(std::fs::read(&p).unwrap(), imported);
    assert_eq!(
        std::fs::read(d.path().join("plan.ron.bak")).unwrap(),
        original,
        "the backup is still the version before the import"
    );
}
