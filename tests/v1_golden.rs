//! Version-1 scenarios compute exactly as before plan periods: `calc` in every
//! format, at the file's own attainment scale and at 115%, byte for byte against the output
//! of the build before periods existed (commit e246266), kept in tests/fixtures/v1-golden.
//! One rule changed a figure since, on purpose: a metric with no projection is counted at
//! target unless the plan says 0% (docs/calculation.md), so the `edges` outputs, whose CSMs
//! lack projections, show that rule.

mod common;

use common::{run, stdout};

const FILES: &[&str] = &[
    "assets/sample.ron",
    "assets/worked-example.ron",
    "tests/fixtures/compare/70-30.ron",
    "tests/fixtures/compare/activities-weight.ron",
    "tests/fixtures/compare/team-change.ron",
    "tests/fixtures/compare/worked-variant.ron",
    "tests/fixtures/workbook/edges.ron",
    "tests/fixtures/v1-golden/generated-150.ron",
];

#[test]
fn version_one_files_compute_byte_for_byte_as_before_periods() {
    let mut compared = 0;
    for file in FILES {
        let name = std::path::Path::new(file)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap();
        for format in ["table", "json", "csv", "markdown"] {
            for (suffix, extra) in [("", None), (".115", Some("115%"))] {
                let golden = format!("tests/fixtures/v1-golden/{name}{suffix}.{format}");
                let Ok(expected) = std::fs::read_to_string(&golden) else {
                    continue;
                };
                let mut args = vec!["calc", file, "--format", format];
                if let Some(s) = extra {
                    args.extend(["--scale", s]);
                }
                let o = run(&args);
                assert!(o.status.success(), "{args:?}");
                assert_eq!(stdout(&o), expected, "{args:?} differs from {golden}");
                compared += 1;
            }
        }
    }
    assert_eq!(compared, 7 * 8 + 4);
}

/// Saving a version-1 scenario writes version 1, and reading it back gives the same
/// scenario (nothing about periods appears in a plan without them).
#[test]
fn version_one_files_are_saved_as_version_one() {
    for file in FILES {
        let text = std::fs::read_to_string(file).unwrap();
        let s = cscomp_tui::scenario::parse(&text, file).unwrap();
        let out = cscomp_tui::scenario::to_ron(&s);
        assert!(out.contains("\n    version: 1,\n"), "{file}");
        for field in ["periods", "as_of", "measured", "period_", "start:", "end:"] {
            assert!(!out.contains(field), "{file}: {field}");
        }
        assert_eq!(
            cscomp_tui::scenario::parse(&out, file).unwrap(),
            s,
            "{file}"
        );
    }
}

/// Version-2 scenarios (plan periods) compute exactly as before plan changes during the
/// year and recorded payouts existed: `calc` with and without `--by-period`, at the file's
/// scale and at 115%, in every format, byte for byte against the output of the build
/// before them, kept in tests/fixtures/v2-golden with the files (the quarterly sample, a
/// joiner's upside case, and a generated quarterly team as that build wrote it).
#[test]
fn version_two_files_compute_byte_for_byte_as_before_plan_changes() {
    let mut compared = 0;
    for name in ["quarterly", "joiner-upside", "generated-q40"] {
        let file = format!("tests/fixtures/v2-golden/{name}.ron");
        let text = std::fs::read_to_string(&file).unwrap();
        let s = cscomp_tui::scenario::parse(&text, &file).unwrap();
        assert_eq!(s.version, 2, "{file}");
        assert!(cscomp_tui::scenario::to_ron(&s).contains("\n    version: 2,\n"));
        for format in ["table", "json", "csv", "markdown"] {
            for (suffix, extra) in [
                ("", vec![]),
                (".by-period", vec!["--by-period"]),
                (".by-period.115", vec!["--by-period", "--scale", "115%"]),
            ] {
                let golden = format!("tests/fixtures/v2-golden/{name}{suffix}.{format}");
                let expected = std::fs::read_to_string(&golden).unwrap();
                let mut args = vec!["calc", file.as_str(), "--format", format];
                args.extend(extra.iter().copied());
                let o = run(&args);
                assert!(o.status.success(), "{args:?}");
                let got = stdout(&o);
                if suffix.is_empty() {
                    assert_eq!(got, expected, "{args:?} differs from {golden}");
                } else {
                    // `--by-period` has since gained who is on track: without it, every
                    // byte is as before.
                    assert_eq!(
                        without_on_track(&got, format),
                        expected,
                        "{args:?} differs from {golden}"
                    );
                    if s.plan.as_of.is_some() {
                        assert_ne!(got, expected, "{args:?}: who is on track is shown");
                    }
                }
                compared += 1;
            }
        }
    }
    assert_eq!(compared, 3 * 4 * 3);
}

/// A `calc --by-period` output without the "Who is on track" section (table, Markdown:
/// the last section; CSV: the columns after the metrics; JSON: the `on_track` key).
fn without_on_track(out: &str, format: &str) -> String {
    match format {
        "table" => match out.find("\nWho is on track") {
            Some(at) => out[..at].to_string(),
            None => out.to_string(),
        },
        "markdown" => match out.find("\n### Who is on track") {
            Some(at) => out[..at].to_string(),
            None => out.to_string(),
        },
        "csv" => {
            let mut r = csv::Reader::from_reader(out.as_bytes());
            let header = r.headers().unwrap().clone();
            let keep = header
                .iter()
                .position(|h| h == "standing")
                .unwrap_or(header.len());
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(header.iter().take(keep)).unwrap();
            for rec in r.records() {
                w.write_record(rec.unwrap().iter().take(keep)).unwrap();
            }
            String::from_utf8(w.into_inner().unwrap()).unwrap()
        }
        _ => {
            // The key and its value are one block of lines at the top level.
            let start = out.find("\n  \"on_track\": [").unwrap_or(out.len());
            let end = out[start..]
                .find("\n  ],")
                .map_or(out.len(), |e| start + e + 5);
            format!("{}{}", &out[..start], &out[end..])
        }
    }
}
