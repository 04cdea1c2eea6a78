//! Peak memory and time of whole commands on large inputs, measured from outside as the
//! operating system accounts the finished process (its peak resident set): the report of a
//! 100,000-CSM team by period, a 10,000-CSM calculation and simulation, and spreadsheets
//! made to hurt the reader (a cell at the last row and column, a zip of a gigabyte of
//! spaces), which must be refused in bounded memory.
//!
//! `cargo bench --bench memory` prints one line per command: the median wall time and the
//! peak memory over three runs. Set `MEMORY_BENCH_QUICK=1` for one run of each on smaller
//! teams.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

const BIN: &str = env!("CARGO_BIN_EXE_cscomp-tui");

/// Runs the binary with `args` (output thrown away) and returns (wall seconds, peak MiB,
/// exit code).
#[cfg(unix)]
fn measure(args: &[&str]) -> (f64, f64, i32) {
    let start = Instant::now();
    let child = Command::new(BIN)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary runs");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: a zeroed rusage we own; wait4 reaps our own child and fills it in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed().as_secs_f64();
    // ru_maxrss is in KiB on Linux.
    let peak = usage.ru_maxrss as f64 / 1024.0;
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    std::mem::forget(child);
    (wall, peak, code)
}

#[cfg(not(unix))]
fn measure(_args: &[&str]) -> (f64, f64, i32) {
    (0.0, 0.0, 0)
}

fn report(label: &str, runs: usize, args: &[&str]) {
    let mut walls = Vec::new();
    let mut peaks = Vec::new();
    let mut code = 0;
    for _ in 0..runs {
        let (w, p, c) = measure(args);
        walls.push(w);
        peaks.push(p);
        code = c;
    }
    walls.sort_by(f64::total_cmp);
    peaks.sort_by(f64::total_cmp);
    println!(
        "{label:<58} median {:>7.3} s   peak {:>8.1} MiB   exit {code}",
        walls[walls.len() / 2],
        peaks[peaks.len() - 1]
    );
}

/// A hand-written `.xlsx`: a header row and `extra` sheet XML, then `spaces` bytes of
/// blanks (they compress to almost nothing).
fn hostile_xlsx(path: &Path, extra: &str, spaces: usize) {
    use zip::write::SimpleFileOptions;
    let f = std::fs::File::create(path).expect("create");
    let mut z = zip::ZipWriter::new(f);
    let opts = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Team" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        ),
    ];
    for (name, text) in parts {
        z.start_file(name, opts).expect("zip");
        z.write_all(text.as_bytes()).expect("zip");
    }
    z.start_file("xl/worksheets/sheet1.xml", opts).expect("zip");
    write!(
        z,
        r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c></row>{extra}</sheetData>"#
    )
    .expect("zip");
    let chunk = vec![b' '; 1 << 20];
    let mut left = spaces;
    while left > 0 {
        let n = left.min(chunk.len());
        z.write_all(&chunk[..n]).expect("zip");
        left -= n;
    }
    write!(z, "</worksheet>").expect("zip");
    z.finish().expect("zip");
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument that names nothing here skips.
    if std::env::args()
        .skip(1)
        .any(|a| !a.starts_with('-') && !"memory".contains(a.as_str()))
    {
        return;
    }
    let quick = std::env::var_os("MEMORY_BENCH_QUICK").is_some();
    let (runs, big) = if quick { (1, 10_000) } else { (3, 100_000) };
    let dir = tempfile::tempdir().expect("a temporary folder");
    let d = |n: &str| dir.path().join(n).display().to_string();
    let (annual, quarterly) = (d("annual.ron"), d("quarterly.ron"));
    let big_s = big.to_string();
    for (file, quarterly_flag) in [(&annual, false), (&quarterly, true)] {
        let mut args = vec!["new", file.as_str(), "--team-size", &big_s, "--force"];
        if quarterly_flag {
            args.push("--quarterly");
        }
        let (_, _, code) = measure(&args);
        assert_eq!(code, 0, "generating {file}");
    }
    let corner = d("corner.xlsx");
    hostile_xlsx(
        Path::new(&corner),
        r#"<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>"#,
        0,
    );
    let spaces = d("spaces.xlsx");
    hostile_xlsx(Path::new(&spaces), "", 1 << 30);
    let target = d("target.ron");
    // The bundled 15-CSM sample: what the figures show is the sheet's cost alone.
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/assets/sample.ron"),
        &target,
    )
    .expect("copy");
    println!("whole commands: median wall time and peak memory ({runs} runs each)");
    report(
        &format!("calc {big} CSMs (annual)"),
        runs,
        &["calc", &annual, "--format", "csv"],
    );
    report(
        &format!("calc --by-period --format json, {big} CSMs × 4 quarters"),
        runs,
        &["calc", &quarterly, "--by-period", "--format", "json"],
    );
    report(
        &format!("risk --trials 1000, {big} CSMs"),
        runs,
        &["risk", &annual, "--trials", "1000"],
    );
    report(
        "import-roster: a 2 KB .xlsx with a cell at XFD1048576",
        runs,
        &["import-roster", &corner, "--into", &target, "--dry-run"],
    );
    report(
        "import-roster: an .xlsx of 1 GiB of spaces (about 1 MB)",
        runs,
        &["import-roster", &spaces, "--into", &target, "--dry-run"],
    );
}
