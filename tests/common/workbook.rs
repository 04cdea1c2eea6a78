//! Reading workbooks in tests: LibreOffice recalculation (cached values off), calamine
//! reading, and exact cents.

use super::{run, stderr, stdout};
use calamine::{Data, Reader, Xlsx, open_workbook};
use rust_decimal::Decimal;
use serde_json::Value;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::str::FromStr;

// ---------------------------------------------------------------- LibreOffice

/// The LibreOffice binary, or `None` (after saying why) when these tests may skip.
pub fn soffice() -> Option<&'static str> {
    let found = Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if found {
        return Some("soffice");
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "CI=true but LibreOffice (soffice) is not installed: the workbook recalculation test must run under CI (.ci/run installs libreoffice-calc-nogui)"
        );
    }
    eprintln!(
        "skipping: LibreOffice (soffice) is not installed; install libreoffice-calc-nogui to run the workbook recalculation test"
    );
    None
}

/// Recalculates workbooks with LibreOffice headless: each is loaded with "recalculate on
/// load: always" (a private profile), so every formula is computed afresh and the cached
/// values written by cscomp-tui are ignored, then saved as `.xlsx` into `out`.
pub fn recalc(soffice: &str, files: &[PathBuf], out: &Path) -> Vec<PathBuf> {
    let profile = tempfile::tempdir().unwrap();
    let user = profile.path().join("user");
    std::fs::create_dir_all(&user).unwrap();
    std::fs::write(
        user.join("registrymodifications.xcu"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#,
    )
    .unwrap();
    std::fs::create_dir_all(out).unwrap();
    let o = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx",
            "--outdir",
        ])
        .arg(out)
        .args(files)
        .output()
        .expect("soffice runs");
    assert!(
        o.status.success(),
        "soffice failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    files
        .iter()
        .map(|f| {
            let p = out.join(f.file_name().unwrap());
            assert!(
                p.exists(),
                "LibreOffice wrote no {}: {}",
                p.display(),
                String::from_utf8_lossy(&o.stderr)
            );
            p
        })
        .collect()
}

// ---------------------------------------------------------------- reading a workbook

pub struct Book {
    pub wb: Xlsx<std::io::BufReader<std::fs::File>>,
}

impl Book {
    pub fn open(p: &Path) -> Book {
        Book {
            wb: open_workbook(p).unwrap(),
        }
    }

    /// A sheet by its name, or by its kind in a one-scenario workbook (`Team` for
    /// `Sample team FY27 – Team`).
    pub fn sheet(&mut self, name: &str) -> Vec<Vec<Data>> {
        let names = self.wb.sheet_names();
        let kind: Vec<&String> = names
            .iter()
            .filter(|n| n.ends_with(&format!(" – {name}")))
            .collect();
        let name = match (names.iter().any(|n| n == name), kind.as_slice()) {
            (true, _) => name.to_string(),
            (false, [one]) => one.to_string(),
            _ => panic!("no one sheet {name:?} in {names:?}"),
        };
        let r = self.wb.worksheet_range(&name).unwrap();
        assert_eq!(r.start(), Some((0, 0)), "sheet {name} starts at A1");
        r.rows().map(|c| c.to_vec()).collect()
    }
}

/// A money figure from the workbook in whole cents; the value must already be a whole
/// number of cents (the formulas round), not merely close to one.
pub fn cents_of(d: &Data, what: &str) -> i64 {
    let f = match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("{what}: expected a number, found {other:?}"),
    };
    let c = (f * 100.0).round();
    assert!(
        (f * 100.0 - c).abs() < 1e-6,
        "{what}: {f} is not a whole number of cents"
    );
    c as i64
}

pub fn json_cents(v: &Value, what: &str) -> i64 {
    let s = v
        .as_str()
        .unwrap_or_else(|| panic!("{what}: not a string: {v}"));
    let d = Decimal::from_str(s).unwrap();
    assert_eq!(d.scale(), 2, "{what}: {s}");
    i64::try_from(d.mantissa()).unwrap()
}

pub fn ratio_of(d: &Data, what: &str) -> f64 {
    match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("{what}: expected a number, found {other:?}"),
    }
}

pub fn calc_json(args: &[&str]) -> Value {
    let mut a = vec!["calc"];
    a.extend_from_slice(args);
    a.extend_from_slice(&["--format", "json"]);
    let o = run(&a);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).unwrap()
}

/// Exports scenario files to one workbook with the binary.
pub fn export(files: &[&str], out: &Path) {
    let mut a = vec!["export-xlsx"];
    a.extend_from_slice(files);
    let out_s = out.display().to_string();
    a.extend_from_slice(&["--out", &out_s]);
    let o = run(&a);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// Sets a number cell of a sheet inside an `.xlsx` (zip) file, as a person editing the
/// workbook would: the cached results of the formulas are left as they were, so only a
/// recalculation can bring them in line.
pub fn set_cell(xlsx: &Path, sheet_xml: &str, cell: &str, value: &str) {
    let bytes = std::fs::read(xlsx).unwrap();
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut changed = false;
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if name == sheet_xml {
            let text = String::from_utf8(data).unwrap();
            let open = format!("<c r=\"{cell}\"");
            let at = text.find(&open).expect("the cell is in the sheet");
            let v = at + text[at..].find("<v>").unwrap() + 3;
            let end = v + text[v..].find("</v>").unwrap();
            data = format!("{}{value}{}", &text[..v], &text[end..]).into_bytes();
            changed = true;
        }
        out.start_file(
            name,
            zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated),
        )
        .unwrap();
        out.write_all(&data).unwrap();
    }
    assert!(changed);
    std::fs::write(xlsx, out.finish().unwrap().into_inner()).unwrap();
}
