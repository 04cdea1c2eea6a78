//! The app's modes (what the keyboard is talking to), what typed text goes into, the
//! pane with the focus, and what a component hands back to the app after an action.
//!
//! Owns: plain state shared by the app and its components, and how a typed buffer and a
//! scrolled overlay react to keys. Must not: change the document or draw.

use super::session::Then;
use super::team_edit::Field;
use crate::engine::Scenario;
use crate::engine::params::Param;
use crate::scenario::recovery::PendingRecovery;
use crate::scenario::store::Entry;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Editor,
    Table,
    Chart,
    Warnings,
}

impl Focus {
    pub const ORDER: [Focus; 4] = [Focus::Editor, Focus::Table, Focus::Chart, Focus::Warnings];
}

#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    Normal,
    /// The key table; `offset` scrolls it in windows too small to show it whole.
    Help {
        offset: u16,
    },
    /// Typing an exact value for a slider or a CSM's field.
    Input {
        target: Target,
        buffer: String,
        error: Option<String>,
        /// The buffer still holds the current value: the first key typed replaces it.
        fresh: bool,
    },
    /// The form of one CSM (team index), with the selected field.
    CsmForm {
        csm: usize,
        row: usize,
    },
    /// The plan's title, fiscal year, status and notes, with the selected field.
    PlanForm {
        row: usize,
    },
    /// A yes/no question.
    Confirm {
        question: String,
        on_yes: Confirm,
    },
    /// The file given could not be opened: the message, and the sample is offered.
    LoadFailed {
        message: String,
    },
    /// Unsaved changes before quitting or opening another scenario: save, discard or cancel.
    Unsaved(Then),
    /// Saving found the file changed on disk: reload, overwrite or save as.
    ChangedOnDisk {
        path: PathBuf,
    },
    /// The scenario browser.
    Browser {
        entries: Vec<Entry>,
        selected: usize,
    },
    /// Which levers move the team's cost, biggest first, and the selected one.
    Sensitivity {
        levers: Box<crate::analysis::sensitivity::Sensitivity>,
        selected: usize,
    },
    /// The saves of the open file (newest first), the selected one and one marked to
    /// compare with it.
    History {
        entries: Vec<crate::history::Entry>,
        selected: usize,
        marked: Option<usize>,
    },
    /// A scrollable text: a CSM's plan statement, or why a roster import was refused.
    Text {
        title: String,
        body: String,
        offset: usize,
        /// The body is Markdown (a statement), shown formatted; else plain text.
        markdown: bool,
    },
    /// A working copy left by a crash: restore, discard or later.
    Recovery(Box<PendingRecovery>),
    /// A roster that needs its columns or levels mapped before it can be imported.
    ImportForm(Box<super::import_form::ImportForm>),
}

/// The longest path a path prompt takes (value prompts take far less).
pub const MAX_PATH_CHARS: usize = 1024;

/// What typed text goes into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Param(Param),
    Field {
        csm: usize,
        field: Field,
    },
    /// The name to save a never-saved scenario under.
    SaveName,
    /// The name of a new variant branched from this one.
    BranchName,
    /// A new name for the scenario selected in the browser.
    Rename,
    /// The path of a roster CSV to import.
    ImportPath,
    /// The sheet of the workbook being imported.
    ImportSheet,
    /// Where to export the team as a roster CSV.
    ExportPath,
    /// Where to export the finance workbook.
    WorkbookPath,
    /// Where to write a page to print (a CSM's statement, the summary).
    PagePath(Page),
    /// A CSM to find on the compare screen (part of a name or id).
    CompareFind,
    /// Where to write the comparison as Markdown.
    CompareExportPath,
    /// The budget to solve a parameter for.
    Solve(Param),
    /// The optimiser's free parameters and constraints.
    Design,
    /// Where to move weight from component `.0` to, and how much.
    Transfer(usize),
    /// A field of the plan's title, fiscal year, status and notes.
    PlanInfo(super::plan_info::PlanField),
}

impl Target {
    pub fn label(self, scn: &Scenario) -> String {
        match self {
            Target::Param(p) => p.label(scn),
            Target::Field { field, .. } => field.label(scn),
            Target::SaveName => "Save as (scenario name)".into(),
            Target::BranchName => "Branch a variant (its name)".into(),
            Target::Rename => "Rename to".into(),
            Target::ImportPath => "Import roster CSV (replaces the team)".into(),
            Target::ImportSheet => "Import which sheet".into(),
            Target::ExportPath => "Export roster CSV to".into(),
            Target::WorkbookPath => "Export workbook (.xlsx) to".into(),
            Target::PagePath(Page::Statement(i)) => format!(
                "Write {}'s statement (.html) to",
                scn.team.get(i).map_or("the CSM", |c| c.name.as_str())
            ),
            Target::PagePath(Page::Summary) => "Write the summary for finance (.html) to".into(),
            Target::PagePath(Page::Chart) => "Write the chart (.svg) to".into(),
            Target::CompareFind => "Find a CSM".into(),
            Target::CompareExportPath => "Write the comparison to".into(),
            Target::Solve(p) => format!("Solve {} so that cash ≤", p.label(scn).trim()),
            Target::Design => "Design (free parameters, then constraints)".into(),
            Target::Transfer(i) => format!(
                "Move weight from {} to",
                scn.plan.components.get(i).map_or("?", |c| c.name.as_str())
            ),
            Target::PlanInfo(f) => format!("Plan {}", f.label().to_lowercase()),
        }
    }

    pub fn hint(self, scn: &Scenario) -> &'static str {
        match self {
            Target::Param(p) => p.hint(scn),
            Target::Field { field, .. } => field.hint(scn),
            Target::SaveName | Target::BranchName | Target::Rename => "saved in your data folder",
            Target::ImportPath => "a .csv, .xlsx or .ods file; ~ is your home folder",
            Target::ImportSheet => "its name, any case",
            Target::ExportPath => "a .csv file; ~ is your home folder",
            Target::WorkbookPath => "an .xlsx file; ~ is your home folder",
            Target::PagePath(Page::Chart) => "an .svg file; ~ is your home folder",
            Target::PagePath(_) => "an .html file; ~ is your home folder",
            Target::CompareFind => "part of a name or id",
            Target::CompareExportPath => "a Markdown file; ~ is your home folder",
            Target::Solve(_) => "$1,600,000 · or loaded/planned AMOUNT · arr 3.5%",
            Target::Design => "variable_share grr.cap budget 1.6M controllable 50% max-loss 5%",
            Target::Transfer(_) => "a metric's name or id, then how much: activities 5%",
            Target::PlanInfo(f) => f.hint(),
        }
    }

    /// A file path (`~` expands; it can be long).
    pub fn is_path(self) -> bool {
        matches!(
            self,
            Target::ImportPath
                | Target::ExportPath
                | Target::WorkbookPath
                | Target::PagePath(_)
                | Target::CompareExportPath
        )
    }

    /// The longest text the prompt takes.
    pub fn max_len(self) -> usize {
        if self.is_path() || self == Target::Design {
            MAX_PATH_CHARS
        } else {
            60
        }
    }
}

/// A page to print that the app writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// The statement of the CSM at this team index.
    Statement(usize),
    /// The one-page summary for finance.
    Summary,
    /// The chart on screen, as an SVG picture.
    Chart,
}

/// What a "yes" does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    DeleteCsm(usize),
    /// Move a scenario file to the trash (from the browser).
    Trash(PathBuf),
    /// Replace this file with the exported roster.
    OverwriteRoster(PathBuf),
    /// Replace this file with the exported workbook.
    OverwriteWorkbook(PathBuf),
    /// Replace this file with the page (statement or summary).
    OverwritePage(Page, PathBuf),
    /// Replace this file with the comparison (Markdown).
    OverwriteCompare(PathBuf),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Info,
    Error,
}

/// What the status bar should say after an action.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Say {
    /// Leave it as it is.
    #[default]
    Keep,
    /// Clear it.
    Clear,
    Info(String),
    Error(String),
}

/// What a component did with an action, for the app to apply: the component changes its
/// own state and the document; the app re-evaluates, opens modes, moves the focus and
/// speaks.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Outcome {
    /// The action is not this component's: the app offers it elsewhere.
    pub ignored: bool,
    pub say: Say,
    /// The plan changed: re-evaluate.
    pub changed: bool,
    /// The team changed (through [`super::document::Document::change_team`]): the
    /// workers get it, then everything is re-evaluated.
    pub team_changed: bool,
    /// A mode to open (a prompt, a form, a question).
    pub open: Option<Mode>,
    /// A pane to give the focus to.
    pub focus: Option<Focus>,
}

impl Outcome {
    pub fn done() -> Outcome {
        Outcome::default()
    }

    pub fn ignored() -> Outcome {
        Outcome {
            ignored: true,
            ..Outcome::default()
        }
    }

    pub fn info(msg: impl Into<String>) -> Outcome {
        Outcome {
            say: Say::Info(msg.into()),
            ..Outcome::default()
        }
    }

    pub fn error(msg: impl Into<String>) -> Outcome {
        Outcome {
            say: Say::Error(msg.into()),
            ..Outcome::default()
        }
    }

    pub fn open(mode: Mode) -> Outcome {
        Outcome {
            open: Some(mode),
            ..Outcome::default()
        }
    }

    /// The same, and the plan changed.
    pub fn changed(mut self) -> Outcome {
        self.changed = true;
        self
    }

    /// The same, saying `msg` instead.
    pub fn saying(mut self, say: Say) -> Outcome {
        self.say = say;
        self
    }

    /// The same, with the focus on `focus`.
    pub fn focusing(mut self, focus: Focus) -> Outcome {
        self.focus = Some(focus);
        self
    }
}

impl Mode {
    /// A prompt for `target`, empty or holding `buffer` (replaced by the first key typed).
    pub fn prompt(target: Target, buffer: String) -> Mode {
        let fresh = !buffer.is_empty();
        Mode::Input {
            target,
            buffer,
            error: None,
            fresh,
        }
    }

    /// A key typed into the open prompt.
    pub fn type_char(&mut self, c: char) {
        if let Mode::Input {
            target,
            buffer,
            error,
            fresh,
        } = self
            && !c.is_control()
        {
            if *fresh {
                buffer.clear();
                *fresh = false;
            }
            if buffer.chars().count() < target.max_len() {
                buffer.push(c);
            }
            *error = None;
        }
    }

    /// Backspace in the open prompt (`clear`: Ctrl-U, everything typed).
    pub fn erase(&mut self, clear: bool) {
        if let Mode::Input {
            buffer,
            error,
            fresh,
            ..
        } = self
        {
            if clear {
                buffer.clear();
            } else {
                buffer.pop();
            }
            *error = None;
            *fresh = false;
        }
    }
}
