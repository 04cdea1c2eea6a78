use super::*;

#[test]
fn keys_drop_case_punctuation_units_and_currency() {
    assert_eq!(header_key("Annual OTE (USD)"), "annual ote");
    assert_eq!(header_key("Employee #"), "employee number");
    assert_eq!(
        header_key(" Book-of-Business ARR ($) "),
        "book of business arr"
    );
    assert_eq!(header_key("GRR (%)"), "grr");
    assert_eq!(header_key("(%)"), "");
    assert_eq!(header_key("On-Target Earnings"), "on target earnings");
    assert_eq!(header_key("book_arr"), "book arr");
}

#[test]
fn no_known_header_means_two_fields_of_one_layout() {
    for layout in [Layout::Roster, Layout::Actuals] {
        let mut seen = std::collections::HashMap::new();
        for f in layout.fields() {
            for k in f.known_headers() {
                let k = header_key(k);
                if let Some(other) = seen.insert(k.clone(), *f) {
                    panic!("{k:?} is a header of both {other:?} and {f:?}");
                }
            }
        }
    }
}

fn strs(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn known_headers_are_read_and_the_best_of_two_wins() {
    let headers = [
        "Employee ID",
        "Legal Name",
        "Display Name",
        "First Name",
        "Last Name",
        "Business Title",
        "Annual OTE (USD)",
        "Book of Business (ARR)",
        "Hire Date",
    ];
    let g = guess(
        Layout::Roster,
        &headers,
        &[],
        &Known::default(),
        &ColumnMap::default(),
    );
    let uses: Vec<String> = g.applied().iter().map(Use::label).collect();
    assert_eq!(
        uses,
        strs(&[
            "id", "ignore", "name", "ignore", "ignore", "level", "ote", "book_arr", "start"
        ])
    );
    assert_eq!(
        g.columns[1].note.as_deref(),
        Some("\"Display Name\" is read as name")
    );
    assert!(g.missing.is_empty());
    assert!(g.renamed());
}

#[test]
fn between_two_level_columns_the_one_with_the_plans_levels_wins() {
    let plan = crate::scenario::sample().plan;
    let known = Known {
        plan: Some(&plan),
        team: &[],
        levels: &[],
    };
    let headers = [
        "Employee ID",
        "Name",
        "Business Title",
        "Job Profile",
        "OTE",
        "ARR",
    ];
    let rows = vec![
        vec!["1", "A B", "Customer Success Lead", "Senior CSM", "1", "1"],
        vec![
            "2",
            "C D",
            "Customer Success Lead",
            "Principal CSM",
            "1",
            "1",
        ],
    ];
    let g = guess(
        Layout::Roster,
        &headers,
        &rows,
        &known,
        &ColumnMap::default(),
    );
    assert_eq!(g.applied()[3], Use::Field(Field::Level));
    assert_eq!(g.applied()[2], Use::Ignore);
    assert_eq!(
        g.columns[2].note.as_deref(),
        Some("\"Job Profile\" is read as level")
    );
    // Without values, the more telling header.
    let g = guess(Layout::Roster, &headers, &[], &known, &ColumnMap::default());
    assert_eq!(g.applied()[2], Use::Field(Field::Level));
}

#[test]
fn first_and_last_name_stand_in_for_a_name() {
    let g = guess(
        Layout::Roster,
        &[
            "Employee #",
            "First Name",
            "Last Name",
            "Job Title",
            "OTE",
            "ARR",
        ],
        &[],
        &Known::default(),
        &ColumnMap::default(),
    );
    let uses: Vec<String> = g.applied().iter().map(Use::label).collect();
    assert_eq!(
        uses,
        strs(&["id", "first_name", "last_name", "level", "ote", "book_arr"])
    );
    assert!(g.missing.is_empty(), "{:?}", g.missing);
}

#[test]
fn a_missing_field_names_the_closest_columns() {
    let g = guess(
        Layout::Roster,
        &["Emp Ref", "Name", "Level", "OTE", "Book Size ARR", "Email"],
        &[vec!["E1", "A B", "CSM I", "100000", "2000000", "a@b"]],
        &Known::default(),
        &ColumnMap::default(),
    );
    assert_eq!(g.missing.len(), 2, "{:?}", g.missing);
    assert_eq!(g.missing[0].field, Field::Id);
    assert_eq!(g.closest_text(&g.missing[0]), "\"Emp Ref\"");
    assert_eq!(g.missing[1].field, Field::BookArr);
    assert_eq!(g.closest_text(&g.missing[1]), "\"Book Size ARR\"");
    // The user's mapping settles it.
    let map = ColumnMap::parse(
        Layout::Roster,
        &strs(&["emp ref=ID", "Book Size ARR = book arr"]),
    )
    .unwrap();
    let g = guess(
        Layout::Roster,
        &["Emp Ref", "Name", "Level", "OTE", "Book Size ARR", "Email"],
        &[],
        &Known::default(),
        &map,
    );
    assert!(g.missing.is_empty());
    assert_eq!(g.columns[0].confidence, Some(Confidence::Given));
    assert_eq!(g.applied()[4], Use::Field(Field::BookArr));
}

#[test]
fn mapping_entries_are_checked() {
    let e =
        ColumnMap::parse(Layout::Roster, &strs(&["Employee ID", "X=salary", "=id"])).unwrap_err();
    assert_eq!(e.len(), 3, "{e:?}");
    assert!(
        e[1].contains("`salary` is not a field of a roster"),
        "{e:?}"
    );
    let m = ColumnMap::parse(
        Layout::Actuals,
        &strs(&["A=b=value", "GRR=actual:grr", "Email=ignore"]),
    )
    .unwrap();
    assert_eq!(m.get("a=b"), Some(&Use::Field(Field::Value)));
    assert_eq!(m.get("grr"), Some(&Use::Column("actual:grr".into())));
    assert_eq!(m.get("EMAIL"), Some(&Use::Ignore));
}

#[test]
fn percent_headers_are_told() {
    assert!(declares_percent("GRR (%)"));
    assert!(declares_percent("Health score percent"));
    assert!(!declares_percent("Gross revenue retention"));
}

#[test]
fn words_write_out_abbreviations() {
    assert_eq!(
        words("Sr. CSM"),
        strs(&["senior", "customer", "success", "manager"])
    );
    assert!(word_overlap(&words("Emp ID"), &words("employee id")) > 0.99);
}
