//! Spreadsheets written by hand, byte for byte, for tests that need files no spreadsheet
//! program would write (a cell at the last row and column, megabytes of spaces).

use std::io::Write;
use std::path::Path;
use zip::write::SimpleFileOptions;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Team" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;

/// A roster's rows as inline-string cells (`A1`-style references written out).
pub fn rows_xml(rows: &[&[&str]]) -> String {
    let mut out = String::new();
    for (i, row) in rows.iter().enumerate() {
        out.push_str(&format!("<row r=\"{}\">", i + 1));
        for (j, v) in row.iter().enumerate() {
            let col = (b'A' + j as u8) as char;
            out.push_str(&format!(
                "<c r=\"{col}{}\" t=\"inlineStr\"><is><t>{v}</t></is></c>",
                i + 1
            ));
        }
        out.push_str("</row>");
    }
    out
}

pub const ROSTER: &[&[&str]] = &[
    &["id", "name", "level", "ote", "book_arr"],
    &["csm-01", "Alex Morgan", "CSM II", "100000", "3200000"],
    &["csm-02", "Priya Raman", "CSM I", "77000", "1500000"],
];

/// An `.xlsx` whose sheet XML is `dimension` + `<sheetData>` + `data` + `</sheetData>`,
/// with `strings` as its shared-strings part; `padding` bytes of spaces follow the sheet
/// data (a whitespace bomb: megabytes of spaces compress to almost nothing).
pub fn xlsx(path: &Path, dimension: &str, data: &str, strings: &[&str], padding: usize) {
    let f = std::fs::File::create(path).unwrap();
    let mut z = zip::ZipWriter::new(f);
    let opts = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    for (name, text) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("xl/workbook.xml", WORKBOOK),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
    ] {
        z.start_file(name, opts).unwrap();
        z.write_all(text.as_bytes()).unwrap();
    }
    z.start_file("xl/sharedStrings.xml", opts).unwrap();
    write!(
        z,
        r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{n}" uniqueCount="{n}">"#,
        n = strings.len()
    )
    .unwrap();
    for s in strings {
        write!(z, "<si><t>").unwrap();
        z.write_all(s.as_bytes()).unwrap();
        write!(z, "</t></si>").unwrap();
    }
    write!(z, "</sst>").unwrap();
    z.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
    write!(
        z,
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{dimension}<sheetData>{data}</sheetData>"#
    )
    .unwrap();
    let chunk = vec![b' '; 1 << 20];
    let mut left = padding;
    while left > 0 {
        let n = left.min(chunk.len());
        z.write_all(&chunk[..n]).unwrap();
        left -= n;
    }
    write!(z, "</worksheet>").unwrap();
    z.finish().unwrap();
}

/// One inline-string cell `x` at `cell` (e.g. `XFD1048576`) on its own row.
pub fn lone_cell(cell: &str) -> String {
    let row: String = cell.chars().filter(char::is_ascii_digit).collect();
    format!("<row r=\"{row}\"><c r=\"{cell}\" t=\"inlineStr\"><is><t>x</t></is></c></row>")
}
