//! Spreadsheets built to hurt the reader: a few kilobytes that declare or reach a grid of
//! billions of cells, unpack to gigabytes, or hold one enormous string. Each is generated
//! here (none is kept in the repository) and imported through the real binary, which must
//! refuse it with a message naming the bound, quickly and without touching the scenario.

mod common;
use common::sheets::{ROSTER, lone_cell, rows_xml, xlsx};
use common::{run, stderr, stdout};
use std::io::Write;
use std::path::{Path, PathBuf};
use zip::write::SimpleFileOptions;

/// A scratch folder holding a copy of the sample scenario.
fn scratch() -> (tempfile::TempDir, PathBuf) {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("plan.ron");
    std::fs::copy("assets/sample.ron", &p).unwrap();
    (d, p)
}

/// Imports `sheet` into a copy of the sample with both importers; both must refuse with a
/// message containing `expect`, leave the scenario byte-identical, and the file under a
/// (the process exits with a message: an allocation failure would abort it instead).
fn refused(sheet: &Path, expect: &str) {
    refused_by(&["import-roster", "import-actuals"], sheet, expect);
}

fn refused_by(cmds: &[&str], sheet: &Path, expect: &str) {
    let (_d, scn) = scratch();
    let before = std::fs::read(&scn).unwrap();
    for &cmd in cmds {
        let o = run(&[
            cmd,
            sheet.to_str().unwrap(),
            "--into",
            scn.to_str().unwrap(),
        ]);
        assert!(!o.status.success(), "{cmd} took {}", sheet.display());
        let err = stderr(&o);
        assert!(err.contains(expect), "{cmd}: {err}");
        assert!(!err.contains("memory allocation"), "{err}");
        assert_eq!(
            std::fs::read(&scn).unwrap(),
            before,
            "{cmd} changed the file"
        );
    }
}

#[test]
fn a_normal_sheet_with_a_huge_declared_dimension_imports() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("team.xlsx");
    xlsx(
        &f,
        r#"<dimension ref="A1:XFD1048576"/>"#,
        &rows_xml(ROSTER),
        &[],
        0,
    );
    assert!(std::fs::metadata(&f).unwrap().len() < 4096);
    let (_d2, scn) = scratch();
    let o = run(&[
        "import-roster",
        f.to_str().unwrap(),
        "--into",
        scn.to_str().unwrap(),
        "--dry-run",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("with 2 CSMs"),
        "the dimension is not the data: {}",
        stdout(&o)
    );
}

#[test]
fn one_cell_at_the_last_row_and_column_is_refused_with_the_bound() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("corner.xlsx");
    let data = rows_xml(ROSTER) + &lone_cell("XFD1048576");
    xlsx(&f, "", &data, &[], 0);
    assert!(std::fs::metadata(&f).unwrap().len() < 4096);
    // Read in bounded memory (the blank million rows are not held): the stray cell is a
    // row of its own, refused where it stands.
    refused_by(
        &["import-roster"],
        &f,
        "row 1048576: the row has 16384 cells but the header has 5 columns",
    );
}

#[test]
fn a_far_corner_that_is_wide_and_tall_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("cv.xlsx");
    let data = rows_xml(ROSTER) + &lone_cell("CV1048576");
    xlsx(&f, r#"<dimension ref="A1:CV1048576"/>"#, &data, &[], 0);
    refused_by(
        &["import-roster"],
        &f,
        "row 1048576: the row has 100 cells but the header has 5 columns",
    );
}

#[test]
fn many_wide_rows_are_refused_by_their_area() {
    // 300 rows each reaching column XFD: few cells, but an area of ~4.9 million.
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("wide.xlsx");
    let mut data = rows_xml(ROSTER);
    for r in 4..=303 {
        data.push_str(&lone_cell(&format!("XFD{r}")));
    }
    xlsx(&f, "", &data, &[], 0);
    refused(
        &f,
        "the sheet's used area runs from A1 to XFD303, 4,915,215 cells in its rows; a sheet is read up to 4,000,000 cells",
    );
}

#[test]
fn a_whitespace_bomb_is_refused_by_its_unpacked_size() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("spaces.xlsx");
    xlsx(&f, "", &rows_xml(ROSTER), &[], 130 << 20);
    assert!(std::fs::metadata(&f).unwrap().len() < 512 << 10);
    refused(
        &f,
        "the workbook unpacks to more than 128 MiB; a workbook is read up to 128 MiB unpacked",
    );
}

#[test]
fn one_enormous_shared_string_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("string.xlsx");
    let huge = "A".repeat(130 << 20);
    let data = format!(
        "{}<row r=\"4\"><c r=\"A4\" t=\"s\"><v>0</v></c></row>",
        rows_xml(ROSTER)
    );
    xlsx(&f, "", &data, &[&huge], 0);
    drop(huge);
    refused(&f, "unpacks to more than 128 MiB");
}

#[test]
fn a_cell_longer_than_a_spreadsheet_holds_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("long.xlsx");
    let long = "B".repeat(40_000);
    let data = format!(
        "{}<row r=\"4\"><c r=\"B4\" t=\"s\"><v>0</v></c></row>",
        rows_xml(ROSTER)
    );
    xlsx(&f, "", &data, &[&long], 0);
    refused(
        &f,
        "cell B4 holds more than 32,767 characters, the most a spreadsheet cell holds",
    );
}

/// An `.ods` whose one sheet is `rows` (its `content.xml` body inside `<table:table>`).
fn ods(path: &Path, rows: &str) {
    let f = std::fs::File::create(path).unwrap();
    let mut z = zip::ZipWriter::new(f);
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    z.start_file("mimetype", stored).unwrap();
    z.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    z.start_file("META-INF/manifest.xml", opts).unwrap();
    z.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).unwrap();
    z.start_file("content.xml", opts).unwrap();
    write!(z, r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Team">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#).unwrap();
    z.finish().unwrap();
}

fn ods_row(cells: &[&str]) -> String {
    let mut out = String::from("<table:table-row>");
    for c in cells {
        out.push_str(&format!(
            r#"<table:table-cell office:value-type="string"><text:p>{c}</text:p></table:table-cell>"#
        ));
    }
    out.push_str("</table:table-row>");
    out
}

#[test]
fn an_ods_with_trailing_repeats_as_libreoffice_writes_them_imports() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("team.ods");
    let mut rows: String = ROSTER.iter().map(|r| ods_row(r)).collect();
    // LibreOffice pads each row and the sheet with repeated empty cells and rows.
    rows = rows.replace(
        "</table:table-row>",
        r#"<table:table-cell table:number-columns-repeated="16379"/></table:table-row>"#,
    );
    rows.push_str(r#"<table:table-row table:number-rows-repeated="1048573"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>"#);
    ods(&f, &rows);
    let (_d2, scn) = scratch();
    let o = run(&[
        "import-roster",
        f.to_str().unwrap(),
        "--into",
        scn.to_str().unwrap(),
        "--dry-run",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("with 2 CSMs"), "{}", stdout(&o));
}

#[test]
fn an_ods_whose_repeats_fill_a_huge_grid_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("repeat.ods");
    let mut rows: String = ROSTER.iter().map(|r| ods_row(r)).collect();
    rows.push_str(r#"<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="1000" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#);
    ods(&f, &rows);
    assert!(std::fs::metadata(&f).unwrap().len() < 4096);
    refused(
        &f,
        "a sheet of the spreadsheet repeats rows and columns to 1,000,000,015 cells; a sheet is read up to 4,000,000 cells",
    );
}
