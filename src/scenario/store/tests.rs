use super::*;

fn fail_at(stage: Stage) -> impl FnMut(Stage) -> std::io::Result<()> {
    move |s| {
        if s == stage {
            Err(std::io::Error::other("simulated disk failure"))
        } else {
            Ok(())
        }
    }
}

fn dir_names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn a_failure_at_any_stage_leaves_the_old_file_and_no_litter() {
    for stage in [Stage::TempWritten, Stage::TempSynced, Stage::BeforeRename] {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("x.ron");
        std::fs::write(&f, b"old").unwrap();
        let opts = WriteOptions::default();
        let err = write_atomic_hooked(&f, b"new", opts, &mut fail_at(stage)).unwrap_err();
        assert_eq!(err.to_string(), "simulated disk failure");
        assert_eq!(std::fs::read(&f).unwrap(), b"old", "{stage:?}");
        assert_eq!(dir_names(dir.path()), vec!["x.ron"], "{stage:?}");
    }
}

#[test]
fn backup_keeps_the_previous_version() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("x.ron");
    write_atomic(&f, b"one", true).unwrap();
    assert_eq!(dir_names(dir.path()), vec!["x.ron"]);
    write_atomic(&f, b"two", true).unwrap();
    assert_eq!(std::fs::read(&f).unwrap(), b"two");
    assert_eq!(std::fs::read(dir.path().join("x.ron.bak")).unwrap(), b"one");
    assert_eq!(dir_names(dir.path()), vec!["x.ron", "x.ron.bak"]);
}

#[test]
fn no_clobber_refuses_an_existing_target() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("x.ron");
    std::fs::write(&f, b"old").unwrap();
    let opts = WriteOptions {
        no_clobber: true,
        ..WriteOptions::default()
    };
    let err = write_atomic_with(&f, b"new", opts).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::AlreadyExists);
    assert_eq!(std::fs::read(&f).unwrap(), b"old");
    assert_eq!(dir_names(dir.path()), vec!["x.ron"]);
}

#[test]
fn digest_hex() {
    let d = Digest::of(b"abc");
    assert_eq!(
        d.hex(),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}
