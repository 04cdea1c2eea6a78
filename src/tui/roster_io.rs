//! The app's side of rosters: importing a roster (CSV, or the first sheet of an `.xlsx` or
//! `.ods` workbook) into the team, exporting the team as a roster CSV and the scenario as
//! the finance workbook, from path prompts that understand `~`.
//!
//! Owns: reading and writing the files these prompts name, and what the app says about
//! them. The format itself lives in `crate::input::roster`.

use super::app::{App, Confirm, Mode, Target, Tone};
use super::chart_view::ChartMode;
use super::import_form::ImportForm;
use super::mode::Page;
use crate::input::levels::{self, LevelMap};
use crate::input::mapping::{ColumnMap, Layout};
use crate::input::remembered;
use crate::input::roster::{self, RosterOptions, cleared, diff};
use crate::input::table::Table;
use crate::scenario::import_memory::{ImportMemory, Kind, SavedMapping};
use crate::scenario::{io_reason, store::write_atomic};
use rust_decimal::Decimal;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// "1 CSM", "15 CSMs".
fn csms(n: usize) -> String {
    if n == 1 {
        "1 CSM".into()
    } else {
        format!("{n} CSMs")
    }
}

/// The user's home folder, as the shell knows it.
fn home() -> Option<OsString> {
    std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var_os("USERPROFILE").filter(|h| !h.is_empty()))
}

/// A typed path as the shell would read it: blanks around it and one pair of matching
/// quotes around it (a path dragged into the terminal) dropped, `~` and `~/…` in the
/// user's home folder. `~name/…` (another user's home) is refused rather than guessed.
pub fn expand_home(input: &str) -> Result<PathBuf, String> {
    expand_home_in(input, home().as_deref().map(Path::new))
}

/// [`expand_home`] with the home folder given.
pub fn expand_home_in(input: &str, home: Option<&Path>) -> Result<PathBuf, String> {
    let mut t = input.trim();
    for q in ['"', '\''] {
        if let Some(inner) = t.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            t = inner;
            break;
        }
    }
    if t.is_empty() {
        return Err("type a path".into());
    }
    let Some(rest) = t.strip_prefix('~') else {
        return Ok(PathBuf::from(t));
    };
    let rest = if rest.is_empty() {
        ""
    } else if let Some(r) = rest.strip_prefix(['/', std::path::MAIN_SEPARATOR]) {
        r
    } else {
        return Err(format!(
            "`{t}`: only ~ and ~/… (your home folder) are understood; write the full path"
        ));
    };
    let Some(home) = home else {
        return Err(
            "cannot tell where ~ is: the HOME environment variable is not set; write the full path"
                .into(),
        );
    };
    Ok(if rest.is_empty() {
        home.to_path_buf()
    } else {
        home.join(rest)
    })
}

/// A path as shown to the user: absolute, `.` and `..` worked out, the home folder
/// written `~`.
pub fn show_path(path: &Path) -> String {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    show_path_in(&tidy(&abs), home().as_deref().map(Path::new))
}

/// `.` dropped and `..` taken back, as written (not following links).
fn tidy(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            // Above the root is the root.
            Component::ParentDir => {
                if !out.pop() && !out.has_root() {
                    out.push(c);
                }
            }
            c => out.push(c),
        }
    }
    out
}

fn show_path_in(path: &Path, home: Option<&Path>) -> String {
    match home.and_then(|h| path.strip_prefix(h).ok()) {
        Some(rest) if rest.as_os_str().is_empty() => "~".into(),
        Some(rest) => format!("~{}{}", std::path::MAIN_SEPARATOR, rest.display()),
        None => path.display().to_string(),
    }
}

impl App {
    /// `i`, then a path: reads the roster (CSV, or a workbook's sheet — asked for when it
    /// has several) and imports it. All or nothing, undoable.
    pub(super) fn import_roster(&mut self, input: &str) -> Result<(), String> {
        let path = expand_home(input)?;
        // Reading a file someone else made is the riskiest thing the app does: keep the
        // newest edit in the recovery file first, so that even a failure no handler sees
        // (the process aborted by the system) loses nothing.
        self.autosave_now();
        let shown = show_path(&path);
        let bytes =
            crate::scenario::fsread::read_regular(&path, crate::scenario::fsread::MAX_READ_BYTES)
                .map_err(|e| format!("cannot read {shown}: {}", io_reason(&e)))?;
        let table = if crate::input::roster_sheet::is_workbook(&path) {
            let names = crate::input::roster_sheet::sheet_names(&path, &bytes)
                .map_err(|e| format!("cannot read {shown}: {e}"))?;
            if names.len() > 1 {
                // Which sheet: asked, with the first filled in (the command line's --sheet).
                self.mode = Mode::Input {
                    target: Target::ImportSheet,
                    buffer: names[0].clone(),
                    error: None,
                    fresh: true,
                };
                self.import_book = Some((path, names));
                return Ok(());
            }
            let grid = crate::input::roster_sheet::read_grid(&path, bytes, None)
                .map_err(|e| format!("cannot read {shown}: {e}"))?;
            Table::from_grid(&grid)
        } else {
            let text = String::from_utf8(bytes).map_err(|_| {
                format!("{shown} is not UTF-8 text; save it from the spreadsheet as CSV UTF-8")
            })?;
            Table::from_csv(&text)
        };
        self.import_table(
            path,
            None,
            table,
            ColumnMap::default(),
            LevelMap::default(),
            false,
        )
    }

    /// The sheet typed for the workbook being imported (any case).
    pub(super) fn import_sheet(&mut self, input: &str) -> Result<(), String> {
        let Some((path, _)) = self.import_book.clone() else {
            return Err("no workbook is being imported; i starts an import".into());
        };
        let shown = show_path(&path);
        let bytes =
            crate::scenario::fsread::read_regular(&path, crate::scenario::fsread::MAX_READ_BYTES)
                .map_err(|e| format!("cannot read {shown}: {}", io_reason(&e)))?;
        let names = crate::input::roster_sheet::sheet_names(&path, &bytes)
            .map_err(|e| format!("cannot read {shown}: {e}"))?;
        let wanted = input.trim();
        let Some(name) = names
            .iter()
            .find(|n| n.trim().eq_ignore_ascii_case(wanted))
            .cloned()
        else {
            return Err(format!(
                "{shown} has no sheet `{wanted}`; its sheets: {}",
                names.join(", ")
            ));
        };
        let grid = crate::input::roster_sheet::read_grid(&path, bytes, Some(&name))
            .map_err(|e| format!("cannot read {shown}: {e}"))?;
        self.import_book = None;
        self.mode = Mode::Normal;
        self.import_table(
            path,
            Some(name),
            Table::from_grid(&grid),
            ColumnMap::default(),
            LevelMap::default(),
            false,
        )
    }

    /// Imports a roster's table with the mapping saved for its headers and the choices of
    /// the import form (`confirmed`: made in the form, then remembered). What the importer
    /// cannot read by itself — a field no column is known to hold, levels the plan does
    /// not have — opens the form; any other problem is listed.
    pub(super) fn import_table(
        &mut self,
        path: PathBuf,
        sheet: Option<String>,
        table: Table,
        form_map: ColumnMap,
        form_levels: LevelMap,
        confirmed: bool,
    ) -> Result<(), String> {
        let shown = show_path(&path);
        let plan = &self.doc.scn.plan;
        let known = levels::known_levels(plan, &self.doc.scn.team);
        let (mut memory, _) = match &self.files {
            Some(f) => ImportMemory::load_or_default(&f.paths),
            None => (ImportMemory::default(), None),
        };
        let probe = RosterOptions {
            map: form_map.clone(),
            levels: known.clone(),
            level_map: LevelMap::default(),
        };
        let headers = roster::roster_header(plan, &table, &probe).unwrap_or_default();
        let saved = memory.find(Kind::Roster, &headers).cloned();
        let saved_map = saved
            .as_ref()
            .map(|s| remembered::saved_columns(Layout::Roster, s, &headers))
            .unwrap_or_default();
        let saved_levels = match (&known, &saved) {
            (Some(k), Some(s)) => remembered::saved_levels(s, k),
            _ => LevelMap::default(),
        };
        let opts = RosterOptions {
            map: saved_map.overlaid(&form_map),
            levels: known.clone(),
            level_map: saved_levels.overlaid(&form_levels),
        };
        let mut imported = match roster::import_table(plan, &table, &opts) {
            Ok(i) => i,
            Err(errors) => {
                let unmapped = errors.guess.as_ref().is_some_and(|g| !g.missing.is_empty());
                if unmapped || !errors.unknown_levels.is_empty() {
                    let form = ImportForm::new(
                        path,
                        sheet,
                        table,
                        errors.guess.as_deref(),
                        &errors.unknown_levels,
                        known.as_deref().unwrap_or(&[]),
                    );
                    self.mode = Mode::ImportForm(Box::new(form));
                    if confirmed {
                        self.status = Some((
                            "still not read as chosen: check each line, then Enter".into(),
                            Tone::Error,
                        ));
                    }
                    return Ok(());
                }
                self.mode = Mode::Text {
                    title: " Roster not imported: nothing changed · Esc close ".into(),
                    body: errors.to_string(),
                    offset: 0,
                    markdown: false,
                };
                // The text stays on screen; the prompt is not reopened.
                return Ok(());
            }
        };
        let used_saved = !saved_map.is_empty() || !saved_levels.is_empty();
        if confirmed && let Some(f) = &self.files {
            // What the user chose in the form is remembered for files with these headers.
            memory.remember(
                Kind::Roster,
                &headers,
                SavedMapping {
                    columns: remembered::given_entries(&imported.guess),
                    levels: imported
                        .level_changes
                        .iter()
                        .filter(|c| c.mapped)
                        .map(|c| (c.from.clone(), c.to.clone()))
                        .collect(),
                    ..SavedMapping::default()
                },
            );
            if let Err(e) = memory.save(&f.paths) {
                self.error(format!("the mapping could not be saved: {e}"));
            }
        }
        roster::keep_periods(&self.doc.scn.team, &mut imported.team, imported.employment);
        let changes = diff(&self.doc.scn.plan, &self.doc.scn.team, &imported.team);
        let lost = cleared(&self.doc.scn.plan, &self.doc.scn.team, &imported);
        let n = imported.team.len();
        let ignored = imported.ignored_columns.join(", ");
        self.change_team(|team| *team = imported.team);
        let mut msg = format!(
            "imported {} from {shown}{}: {} (u undoes)",
            csms(n),
            sheet.map_or(String::new(), |s| format!(" (sheet {s})")),
            changes.counts()
        );
        if confirmed {
            msg += "; the mapping is remembered for files with these headers";
        } else if used_saved {
            msg += "; used the mapping saved for these headers";
        }
        if !ignored.is_empty() {
            msg += &format!("; ignored columns: {ignored}");
        }
        self.status = Some((msg, Tone::Info));
        self.mode = if lost.is_empty() {
            Mode::Normal
        } else {
            let mut body = format!(
                "Imported {} from {shown}: {}.\n{changes}\n",
                csms(n),
                changes.counts()
            );
            for c in &lost {
                body += &format!("\nWarning: {}.\n", c.message(true));
            }
            body += "\nu undoes the import.";
            Mode::Text {
                title: " Roster imported · u undoes · Esc close ".into(),
                body,
                offset: 0,
                markdown: false,
            }
        };
        Ok(())
    }

    /// Where the roster is exported unless the user types otherwise: beside the scenario
    /// file (`team.ron` → `team.csv`), or for a scenario in the data folder or never saved,
    /// in the folder the app was started from, named after the scenario.
    fn default_roster_path(&self) -> PathBuf {
        self.default_export_path("csv")
    }

    /// [`Self::default_roster_path`] with another extension.
    fn default_export_path(&self, ext: &str) -> PathBuf {
        let in_store = |p: &Path| {
            self.files
                .as_ref()
                .is_some_and(|f| p.starts_with(&f.paths.scenarios))
        };
        let here = || std::env::current_dir().unwrap_or_default();
        match &self.doc.path {
            Some(p) if !in_store(p) => p.with_extension(ext),
            Some(p) => here().join(
                p.with_extension(ext)
                    .file_name()
                    .map_or_else(|| format!("roster.{ext}").into(), |n| n.to_os_string()),
            ),
            None => here().join(format!(
                "{}.{ext}",
                crate::scenario::names::file_stem(&self.doc.scn.name)
            )),
        }
    }

    /// `e`: asks where to export the roster, with a default filled in.
    pub(super) fn start_export_roster(&mut self) {
        self.mode = Mode::Input {
            target: Target::ExportPath,
            buffer: show_path(&self.default_roster_path()),
            error: None,
            fresh: true,
        };
    }

    /// Exports the team to the path typed; a file already there is overwritten only after
    /// asking.
    pub(super) fn export_roster(&mut self, input: &str) -> Result<(), String> {
        let path = expand_home(input)?;
        let shown = show_path(&path);
        if path.is_dir() {
            return Err(format!(
                "{shown} is a folder; add a file name such as team.csv"
            ));
        }
        if path.exists() {
            self.mode = Mode::Confirm {
                question: format!("{shown} exists: replace it with the team's roster? y/n"),
                on_yes: Confirm::OverwriteRoster(path),
            };
            return Ok(());
        }
        self.write_roster(&path)
    }

    /// Writes the roster CSV atomically and says where it went.
    pub(super) fn write_roster(&mut self, path: &Path) -> Result<(), String> {
        let shown = show_path(path);
        let text = roster::export_roster(&self.doc.scn.plan, &self.doc.scn.team);
        write_atomic(path, text.as_bytes(), false)
            .map_err(|e| format!("not exported: cannot write {shown}: {}", io_reason(&e)))?;
        self.mode = Mode::Normal;
        self.status = Some((
            format!("exported {} to {shown}", csms(self.doc.scn.team.len())),
            Tone::Info,
        ));
        Ok(())
    }
}

impl App {
    /// `E`: asks where to write the finance workbook, with a default filled in.
    pub(super) fn start_export_workbook(&mut self) {
        // What cannot be exported says so at once, before a path is asked for.
        if let Some(why) = crate::output::xlsx::cannot_export(&self.doc.scn) {
            self.status = Some((format!("not exported: {why}"), Tone::Error));
            return;
        }
        let errors = crate::engine::validate::validate(&self.doc.scn);
        if !errors.is_empty() {
            self.status = Some((
                format!(
                    "not exported: the plan has {} to fix first ({})",
                    if errors.len() == 1 {
                        "an error".to_string()
                    } else {
                        format!("{} errors", errors.len())
                    },
                    errors[0].message
                ),
                Tone::Error,
            ));
            return;
        }
        self.mode = Mode::Input {
            target: Target::WorkbookPath,
            buffer: show_path(&self.default_export_path("xlsx")),
            error: None,
            fresh: true,
        };
    }

    /// Exports the workbook to the path typed; a file already there is overwritten only
    /// after asking.
    pub(super) fn export_workbook(&mut self, input: &str) -> Result<(), String> {
        let path = expand_home(input)?;
        let shown = show_path(&path);
        if path.is_dir() {
            return Err(format!(
                "{shown} is a folder; add a file name such as plan.xlsx"
            ));
        }
        if path.exists() {
            self.mode = Mode::Confirm {
                question: format!("{shown} exists: replace it with the workbook? y/n"),
                on_yes: Confirm::OverwriteWorkbook(path),
            };
            return Ok(());
        }
        self.write_workbook(&path)
    }

    /// Writes the workbook of the working copy atomically and says where it went.
    pub(super) fn write_workbook(&mut self, path: &Path) -> Result<(), String> {
        let shown = show_path(path);
        let computed = crate::engine::compute(&self.doc.scn).map_err(|p| {
            format!(
                "not exported: the plan has {} error{} to fix first",
                p.len(),
                if p.len() == 1 { "" } else { "s" }
            )
        })?;
        let bytes = crate::output::xlsx::workbook(&[(&self.doc.scn, &computed)])
            .map_err(|e| format!("not exported: {e}"))?;
        write_atomic(path, &bytes, false)
            .map_err(|e| format!("not exported: cannot write {shown}: {}", io_reason(&e)))?;
        self.mode = Mode::Normal;
        self.status = Some((
            format!(
                "exported the workbook ({}) to {shown}",
                csms(self.doc.scn.team.len())
            ),
            Tone::Info,
        ));
        Ok(())
    }
}

impl App {
    /// `P` and `F`: asks where to write a page to print (the selected CSM's statement, or
    /// the one-page summary for finance), with a file beside the scenario filled in. What
    /// cannot be written says so at once.
    pub(super) fn start_export_page(&mut self, page: Page) {
        let errors = crate::engine::validate::validate(&self.doc.scn);
        if let Some(e) = errors.first() {
            self.status = Some((
                format!(
                    "not written: the plan has an error to fix first ({})",
                    e.message
                ),
                Tone::Error,
            ));
            return;
        }
        let ext = match page {
            Page::Statement(i) => match self.doc.scn.team.get(i) {
                Some(c) => format!("{}.html", crate::output::statements::file_stem(&c.id)),
                None => {
                    self.status = Some(("no CSM selected".into(), Tone::Error));
                    return;
                }
            },
            Page::Summary => "summary.html".into(),
            Page::Chart => match self.chart.mode {
                ChartMode::Payout => {
                    let c = self.component();
                    let id = self
                        .doc
                        .scn
                        .plan
                        .components
                        .get(c)
                        .map_or("metric", |m| m.id.as_str());
                    format!("payout-{}.svg", crate::output::statements::file_stem(id))
                }
                ChartMode::Cost => "cost-curve.svg".into(),
            },
        };
        self.mode = Mode::Input {
            target: Target::PagePath(page),
            buffer: show_path(&self.default_export_path(&ext)),
            error: None,
            fresh: true,
        };
    }

    /// Writes the page to the path typed; a file already there is replaced only after
    /// asking.
    pub(super) fn export_page(&mut self, page: Page, input: &str) -> Result<(), String> {
        let path = expand_home(input)?;
        let shown = show_path(&path);
        if path.is_dir() {
            return Err(format!(
                "{shown} is a folder; add a file name such as page.html"
            ));
        }
        if path.exists() {
            self.mode = Mode::Confirm {
                question: format!(
                    "{shown} exists: replace it with the {}? y/n",
                    if page == Page::Chart { "chart" } else { "page" }
                ),
                on_yes: Confirm::OverwritePage(page, path),
            };
            return Ok(());
        }
        self.write_page(page, &path)
    }

    /// Writes the page of the working copy atomically and says where it went.
    pub(super) fn write_page(&mut self, page: Page, path: &Path) -> Result<(), String> {
        let shown = show_path(path);
        let scn = &self.doc.scn;
        let (html, what) = match page {
            Page::Statement(i) => (
                crate::output::statements::html::statement(scn, i)
                    .ok_or("not written: that CSM is no longer in the team")?,
                format!(
                    "{}'s statement",
                    scn.team.get(i).map_or("the CSM", |c| c.name.as_str())
                ),
            ),
            Page::Chart => (String::new(), "the chart".to_string()),
            Page::Summary => {
                // Against the plan as opened, as the app's change column is.
                let mut base = scn.clone();
                base.plan = self.doc.baseline.plan.clone();
                base.assumptions = self.doc.baseline.assumptions.clone();
                let s = crate::analysis::summary::summarize(scn, Some(&base));
                (
                    crate::output::summary::html(scn, &s),
                    "the summary for finance".to_string(),
                )
            }
        };
        let html = match page {
            Page::Chart => self.chart_svg(),
            _ => html,
        };
        write_atomic(path, html.as_bytes(), false)
            .map_err(|e| format!("not written: {} ({shown})", io_reason(&e)))?;
        self.mode = Mode::Normal;
        self.status = Some((format!("wrote {what} to {shown}"), Tone::Info));
        Ok(())
    }

    /// The chart on screen as an SVG picture: the selected metric's payout curve with the
    /// team's results on it, or the team's cost against attainment with the plan as
    /// opened and the budget.
    fn chart_svg(&self) -> String {
        use crate::output::charts::{CostLine, Mark, cost_svg, payout_svg};
        let scn = &self.doc.scn;
        match self.chart.mode {
            ChartMode::Payout => {
                let c = self.component();
                let Some(comp) = scn.plan.components.get(c) else {
                    return String::new();
                };
                let marks: Vec<Mark> = (0..scn.team.len())
                    .filter_map(|i| self.doc.eval.components(i).get(c).copied())
                    .map(|r| Mark {
                        attainment: r.attainment(),
                        factor: r.factor(),
                        label: String::new(),
                        assumed: false,
                    })
                    .collect();
                titled_svg(
                    &payout_svg(&comp.curve, &marks, 640, 400),
                    &format!(
                        "{}: payout against attainment, each CSM a point · {}",
                        comp.name,
                        plan_name(scn)
                    ),
                )
            }
            ChartMode::Cost => {
                let line = |s: &crate::engine::Scenario, baseline: bool| CostLine {
                    points: crate::engine::eval::cost_curve(s),
                    baseline,
                };
                let mut opened = scn.clone();
                opened.plan = self.doc.baseline.plan.clone();
                opened.assumptions = self.doc.baseline.assumptions.clone();
                let lines = [line(&opened, true), line(scn, false)];
                let at = scn.assumptions.attainment_scale;
                let mark = (at >= Decimal::new(5, 1) && at <= Decimal::new(15, 1))
                    .then_some((at, self.doc.eval.team.cash));
                titled_svg(
                    &cost_svg(
                        &lines,
                        scn.plan.budget.as_ref().map(|b| b.amount),
                        mark,
                        640,
                        400,
                    ),
                    &format!(
                        "Team cash against team attainment · {} (dashed: as opened; ● as projected)",
                        plan_name(scn)
                    ),
                )
            }
        }
    }
}

/// The plan as people call it: its title, else the scenario's name.
fn plan_name(scn: &crate::engine::Scenario) -> String {
    scn.plan
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .unwrap_or(scn.name.trim())
        .to_string()
}

/// A chart with a title line above it: the chart's own SVG placed under a line of text,
/// in one picture.
fn titled_svg(chart: &str, title: &str) -> String {
    const LINE: u32 = 44;
    let (w, h) = (640, 400);
    let esc = |t: &str| {
        t.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    // The chart's name, then the plan's, each on a line of its own.
    let (first, second) = title.split_once(" · ").unwrap_or((title, ""));
    let (first, second) = (esc(first), esc(second));
    let inner = chart.replacen("<svg ", &format!("<svg x=\"0\" y=\"{LINE}\" "), 1);
    format!(
        "<svg width=\"{w}\" height=\"{}\" viewBox=\"0 0 {w} {}\" xmlns=\"http://www.w3.org/2000/svg\">\n<rect width=\"{w}\" height=\"{LINE}\" fill=\"#FFFFFF\"/>\n<text x=\"12\" y=\"18\" font-family=\"sans-serif\" font-size=\"13\" fill=\"#1f4e79\">{first}</text>\n<text x=\"12\" y=\"36\" font-family=\"sans-serif\" font-size=\"11\" fill=\"#595959\">{second}</text>\n{inner}</svg>\n",
        h + LINE,
        h + LINE
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_expand_like_a_shell() {
        let home = Some(Path::new("/home/ana"));
        let ok = |s: &str| expand_home_in(s, home).unwrap();
        assert_eq!(ok("~"), PathBuf::from("/home/ana"));
        assert_eq!(ok(" ~/ "), PathBuf::from("/home/ana"));
        assert_eq!(ok("~/team.csv"), PathBuf::from("/home/ana/team.csv"));
        assert_eq!(
            ok("'~/My files/team.csv'"),
            PathBuf::from("/home/ana/My files/team.csv")
        );
        assert_eq!(ok("\"/tmp/a b.csv\""), PathBuf::from("/tmp/a b.csv"));
        assert_eq!(ok("team~1.csv"), PathBuf::from("team~1.csv"));
        assert_eq!(ok("./~/x"), PathBuf::from("./~/x"));
        assert_eq!(
            expand_home_in("~bob/x.csv", home).unwrap_err(),
            "`~bob/x.csv`: only ~ and ~/… (your home folder) are understood; write the full path"
        );
        assert_eq!(
            expand_home_in("~/x.csv", None).unwrap_err(),
            "cannot tell where ~ is: the HOME environment variable is not set; write the full path"
        );
        assert_eq!(expand_home_in("  ", home).unwrap_err(), "type a path");
    }

    #[test]
    fn paths_are_shown_with_the_home_folder_as_tilde() {
        let home = Some(Path::new("/home/ana"));
        assert_eq!(show_path_in(Path::new("/home/ana/t.csv"), home), "~/t.csv");
        assert_eq!(show_path_in(Path::new("/home/ana"), home), "~");
        assert_eq!(
            show_path_in(Path::new("/home/anabel/t.csv"), home),
            "/home/anabel/t.csv"
        );
        assert_eq!(show_path_in(Path::new("/tmp/t.csv"), None), "/tmp/t.csv");
        assert_eq!(
            tidy(Path::new("/home/ana/../../../work/./x/../t.csv")),
            PathBuf::from("/work/t.csv")
        );
        assert_eq!(tidy(Path::new("../a/./b")), PathBuf::from("../a/b"));
    }
}
