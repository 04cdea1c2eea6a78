//! Importing a roster in the app as an HR system exports it: what the tool cannot read by
//! itself is asked in a form, once; the choices are remembered for the next import.

mod common;

use common::screen::{key, screen, type_text};
use cscomp_tui::scenario::paths::{Origin, Paths};
use cscomp_tui::scenario::sample;
use cscomp_tui::tui::action::Action;
use cscomp_tui::tui::app::{App, Mode};
use cscomp_tui::tui::import_form::FormRow;
use cscomp_tui::tui::session::Files;
use ratatui::crossterm::event::KeyCode;

const EXPORT: &str = "Ref,Full Name,Job Title,Annual OTE (USD),Book of Business ARR\n\
E-1,Ana Silva,Sr. CSM,\"$ 120,000\",2100000\n\
E-2,Ben Ode,CSM II,\"95,000 USD\",1.8M\n";

fn app_with_home(home: &std::path::Path) -> App {
    let paths = Paths::under(home, Origin::Flag);
    let mut a = App::new(sample(), None, false);
    a.files = Some(Files::new(paths, None));
    a
}

/// A workbook with these sheets, each written from CSV text.
fn write_book(path: &std::path::Path, sheets: &[(&str, &str)]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (name, text) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).unwrap();
        for (r, line) in text.lines().enumerate() {
            for (c, cell) in line.split(',').enumerate() {
                ws.write_string(r as u32, c as u16, cell).unwrap();
            }
        }
    }
    wb.save(path).unwrap();
}

fn import(a: &mut App, file: &std::path::Path) {
    a.update(Action::ImportRoster);
    type_text(a, file.to_str().unwrap());
    key(a, KeyCode::Enter);
}

#[test]
fn an_unknown_column_and_level_are_mapped_in_a_form_and_remembered() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("export.csv");
    std::fs::write(&file, EXPORT).unwrap();
    let mut a = app_with_home(home.path());
    import(&mut a, &file);
    let Mode::ImportForm(form) = a.mode.clone() else {
        panic!("{:?}", a.mode)
    };
    let s = screen(&mut a, 120, 40);
    assert!(s.contains("Map the roster"), "{s}");
    assert!(s.contains("no column is known to hold id"), "{s}");
    assert!(s.contains("a level the plan does not have"), "{s}");
    assert!(s.contains("E-1, E-2"), "{s}");
    assert!(s.contains("level Sr. CSM"), "{s}");
    assert!(s.contains("Senior CSM"), "{s}");
    // The other columns are read as the tool's fields already.
    let ref_row = form
        .rows
        .iter()
        .position(|r| matches!(r, FormRow::Column { header, .. } if header == "Ref"))
        .unwrap();
    // Choose "id" for Ref: move to it and turn the choice until it reads id.
    for _ in 0..ref_row {
        key(&mut a, KeyCode::Down);
    }
    for _ in 0..40 {
        let Mode::ImportForm(form) = &a.mode else {
            panic!()
        };
        if let FormRow::Column {
            choice, options, ..
        } = &form.rows[ref_row]
            && options[*choice].label() == "id"
        {
            break;
        }
        key(&mut a, KeyCode::Right);
    }
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.mode, Mode::Normal, "{:?}", a.status);
    assert_eq!(a.scn.team.len(), 2);
    assert_eq!(a.scn.team[0].id, "E-1");
    assert_eq!(a.scn.team[0].level, "Senior CSM");
    assert_eq!(a.scn.team[0].ote, rust_decimal::Decimal::from(120_000));
    assert_eq!(
        a.scn.team[1].book_arr,
        rust_decimal::Decimal::from(1_800_000)
    );
    let (msg, _) = a.status.clone().unwrap();
    assert!(msg.contains("the mapping is remembered"), "{msg}");

    // The same headers next time: imported at once, with the saved mapping.
    a.update(Action::Undo);
    assert_eq!(a.scn.team, sample().team);
    import(&mut a, &file);
    assert_eq!(a.mode, Mode::Normal, "{:?}", a.status);
    assert_eq!(a.scn.team.len(), 2);
    assert_eq!(a.scn.team[0].level, "Senior CSM");
    let (msg, _) = a.status.clone().unwrap();
    assert!(
        msg.contains("used the mapping saved for these headers"),
        "{msg}"
    );
}

#[test]
fn esc_leaves_the_form_and_the_team_unchanged() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("export.csv");
    std::fs::write(&file, EXPORT).unwrap();
    let mut a = app_with_home(home.path());
    import(&mut a, &file);
    assert!(matches!(a.mode, Mode::ImportForm(_)));
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.mode, Mode::Normal);
    assert_eq!(a.scn.team, sample().team);
    assert_eq!(
        a.status.clone().unwrap().0,
        "not imported; the team is unchanged"
    );
    // It fits a small window too.
    import(&mut a, &file);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Map the roster"), "{s}");
}

#[test]
fn a_workbook_with_several_sheets_asks_which() {
    let home = tempfile::tempdir().unwrap();
    let book = home.path().join("team.xlsx");
    let roster = "id,name,level,ote,book_arr\ncsm-9,Nia Cole,CSM I,90000,1500000\n";
    write_book(
        &book,
        &[("Notes", "Exported 2026-11-30\n"), ("Team", roster)],
    );
    let mut a = app_with_home(home.path());
    import(&mut a, &book);
    let s = screen(&mut a, 120, 40);
    assert!(s.contains("Import which sheet of Notes, Team"), "{s}");
    // A sheet that is not there is refused, naming the sheets.
    key(&mut a, KeyCode::Char('u'));
    for _ in 0..6 {
        key(&mut a, KeyCode::Backspace);
    }
    type_text(&mut a, "Roster");
    key(&mut a, KeyCode::Enter);
    let Mode::Input { error, .. } = &a.mode else {
        panic!("{:?}", a.mode)
    };
    assert!(
        error
            .as_deref()
            .unwrap_or("")
            .contains("has no sheet `Roster`; its sheets: Notes, Team"),
        "{error:?}"
    );
    for _ in 0..6 {
        key(&mut a, KeyCode::Backspace);
    }
    type_text(&mut a, "team");
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.mode, Mode::Normal, "{:?}", a.status);
    assert_eq!(a.scn.team.len(), 1);
    assert!(a.status.clone().unwrap().0.contains("(sheet Team)"));
}

#[test]
fn a_wide_unknown_export_and_an_empty_file_never_break_the_app() {
    let home = tempfile::tempdir().unwrap();
    // 2,000 columns no system names, and a few rows.
    let header: Vec<String> = (0..2000).map(|i| format!("Field {i}")).collect();
    let row: Vec<String> = (0..2000).map(|i| format!("v{i}")).collect();
    let text = format!(
        "{}\n{}\n{}\n",
        header.join(","),
        row.join(","),
        row.join(",")
    );
    let wide = home.path().join("wide.csv");
    std::fs::write(&wide, text).unwrap();
    let mut a = app_with_home(home.path());
    import(&mut a, &wide);
    let s = screen(&mut a, 80, 24);
    assert!(
        matches!(a.mode, Mode::ImportForm(_) | Mode::Text { .. }),
        "{:?}",
        a.status
    );
    assert!(!s.is_empty());
    // Move to the last line of the form and back: the selection stays on screen.
    for _ in 0..3 {
        a.update(Action::Last);
        let _ = screen(&mut a, 80, 24);
        a.update(Action::First);
    }
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.scn.team, sample().team);

    let empty = home.path().join("empty.csv");
    std::fs::write(&empty, "").unwrap();
    import(&mut a, &empty);
    let s = screen(&mut a, 80, 24);
    assert!(matches!(a.mode, Mode::Text { .. }), "{:?} {s}", a.mode);
    assert_eq!(a.scn.team, sample().team);
}
