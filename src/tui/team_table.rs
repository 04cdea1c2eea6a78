//! The team table: the order the CSMs are shown in, the selected CSM, how far the table is
//! scrolled, and what its keys do — move, sort, open a CSM's form or statement, add and
//! remove CSMs.
//!
//! Owns: the table's own state, and the team changes it makes (each one undoable step).
//! Must not: draw (that is `ui/table.rs`) or re-evaluate (the app does, when an outcome
//! says the team changed).

use super::action::Action;
use super::document::Document;
use super::mode::{Confirm, Focus, Mode, Outcome, Target};
use super::team_edit::{fields, new_csm};

/// The keys the table answers, for help and the hint bar.
pub const COMMANDS: &[Action] = &[
    Action::Up,
    Action::Down,
    Action::PageUp,
    Action::PageDown,
    Action::Home,
    Action::End,
    Action::First,
    Action::Last,
    Action::Edit,
    Action::AddCsm,
    Action::DeleteCsm,
    Action::Statement,
    Action::SortNext,
    Action::SortReverse,
];

/// Columns of the team table, in sort order of `s`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortCol {
    Team,
    Name,
    Level,
    Base,
    Variable,
    Spif,
    Total,
    PctOte,
    Change,
    /// Where the CSM stands against target to date (plans with a closed period).
    Standing,
}

impl SortCol {
    pub const ALL: [SortCol; 10] = [
        SortCol::Team,
        SortCol::Name,
        SortCol::Level,
        SortCol::Base,
        SortCol::Variable,
        SortCol::Spif,
        SortCol::Total,
        SortCol::PctOte,
        SortCol::Change,
        SortCol::Standing,
    ];

    pub fn label(self) -> &'static str {
        match self {
            SortCol::Team => "team order",
            SortCol::Name => "name",
            SortCol::Level => "level",
            SortCol::Base => "base",
            SortCol::Variable => "variable",
            SortCol::Spif => "SPIF",
            SortCol::Total => "total",
            SortCol::PctOte => "% of OTE",
            SortCol::Change => "change",
            SortCol::Standing => "on track",
        }
    }
}

pub struct TeamTable {
    /// Team indices in table order.
    pub order: Vec<usize>,
    /// The selected CSM (team index).
    pub selected: usize,
    /// First row shown.
    pub offset: usize,
    /// Rows shown at the last draw (for paging).
    pub page: usize,
    pub sort: SortCol,
    pub descending: bool,
}

impl TeamTable {
    pub fn new(team_len: usize) -> TeamTable {
        TeamTable {
            order: (0..team_len).collect(),
            selected: 0,
            offset: 0,
            page: 10,
            sort: SortCol::Team,
            descending: false,
        }
    }

    /// Orders the team by the sort column, after every evaluation.
    pub fn resort(&mut self, doc: &Document) {
        let e = &doc.eval;
        let team = &doc.scn.team;
        let change = |i: usize| doc.change(i).unwrap_or(e.csms[i].total);
        let mut order: Vec<usize> = (0..team.len()).collect();
        match self.sort {
            SortCol::Team => {}
            SortCol::Name => order.sort_by(|&a, &b| team[a].name.cmp(&team[b].name)),
            SortCol::Level => order.sort_by(|&a, &b| team[a].level.cmp(&team[b].level)),
            SortCol::Base => order.sort_by_key(|&i| e.csms[i].base),
            SortCol::Variable => order.sort_by_key(|&i| e.csms[i].variable),
            SortCol::Spif => order.sort_by_key(|&i| e.csms[i].spif),
            SortCol::Total => order.sort_by_key(|&i| e.csms[i].total),
            SortCol::PctOte => order.sort_by_cached_key(|&i| e.csms[i].pct_of_ote()),
            SortCol::Change => order.sort_by_key(|&i| change(i)),
            // Worst first, then by variable pay to date against its target.
            SortCol::Standing => order.sort_by_cached_key(|&i| {
                doc.standings
                    .get(i)
                    .and_then(|s| s.as_ref())
                    .map(|s| (s.standing.rank(), s.ratio()))
            }),
        }
        if self.descending {
            order.reverse();
        }
        self.order = order;
    }

    /// The selected CSM's position in table order.
    pub fn selected_pos(&self) -> usize {
        self.order
            .iter()
            .position(|&i| i == self.selected)
            .unwrap_or(0)
    }

    pub fn select_pos(&mut self, pos: usize) {
        if let Some(&i) = self.order.get(pos.min(self.order.len().saturating_sub(1))) {
            self.selected = i;
        }
    }

    /// Moves the selection `delta` rows (the mouse wheel, the arrows).
    pub fn move_by(&mut self, delta: isize) {
        let pos = (self.selected_pos() as isize + delta).max(0) as usize;
        self.select_pos(pos);
    }

    pub fn sort_label(&self) -> String {
        let dir = if self.sort == SortCol::Team {
            ""
        } else if self.descending {
            " ↓"
        } else {
            " ↑"
        };
        format!("{}{dir}", self.sort.label())
    }

    /// The team changed: the selection stays on the team.
    pub fn after_team_change(&mut self, team_len: usize) {
        self.selected = self.selected.min(team_len.saturating_sub(1));
    }

    /// An action while the table (or the chart, which marks the selected CSM) has the
    /// focus (`focused`), or one of the table's keys from anywhere.
    pub fn handle(&mut self, doc: &mut Document, action: Action, focused: bool) -> Outcome {
        match action {
            Action::Up | Action::Down | Action::PageUp | Action::PageDown if focused => {
                let page = self.page.max(1) as isize;
                self.move_by(match action {
                    Action::Up => -1,
                    Action::Down => 1,
                    Action::PageUp => -page,
                    _ => page,
                });
                Outcome::done()
            }
            Action::Home | Action::End | Action::First | Action::Last if focused => {
                let last = matches!(action, Action::End | Action::Last);
                self.select_pos(if last { usize::MAX } else { 0 });
                Outcome::done()
            }
            Action::Statement => {
                match crate::output::statements::statement(&doc.scn, self.selected) {
                    Some(body) => {
                        let name = doc.scn.team[self.selected].name.clone();
                        Outcome::open(Mode::Text {
                            title: format!(" Plan statement: {name} · ↑↓ scroll · Esc close "),
                            body,
                            offset: 0,
                            markdown: true,
                        })
                    }
                    None => Outcome::error("no CSM selected"),
                }
            }
            Action::Edit if doc.scn.team.is_empty() => {
                Outcome::error("the team is empty: a adds a CSM, i imports a roster")
            }
            Action::Edit => Outcome::open(Mode::CsmForm {
                csm: self.selected,
                row: 0,
            }),
            Action::AddCsm => {
                let csm = new_csm(&doc.scn, doc.scn.team.get(self.selected));
                doc.change_team(|team| team.push(csm));
                self.selected = doc.scn.team.len() - 1;
                Outcome {
                    team_changed: true,
                    ..Outcome::open(Mode::CsmForm {
                        csm: self.selected,
                        row: 1,
                    })
                    .focusing(Focus::Table)
                    .saying(super::mode::Say::Info(
                        "added a CSM: fill in the form (Enter edits a field, Esc closes, u undoes)"
                            .into(),
                    ))
                }
            }
            Action::DeleteCsm => match doc.scn.team.get(self.selected) {
                Some(c) => Outcome::open(Mode::Confirm {
                    question: format!("Remove {} ({}) from the team? y/n", c.name, c.id),
                    on_yes: Confirm::DeleteCsm(self.selected),
                }),
                None => Outcome::done(),
            },
            Action::SortNext | Action::SortReverse => {
                if action == Action::SortNext {
                    let i = SortCol::ALL
                        .iter()
                        .position(|c| *c == self.sort)
                        .unwrap_or(0);
                    self.sort = SortCol::ALL[(i + 1) % SortCol::ALL.len()];
                    // On track only where there is something to be on track against.
                    if self.sort == SortCol::Standing && doc.standings.is_empty() {
                        self.sort = SortCol::Team;
                    }
                    self.descending = !matches!(
                        self.sort,
                        SortCol::Team | SortCol::Name | SortCol::Level | SortCol::Standing
                    );
                } else {
                    self.descending = !self.descending;
                }
                self.resort(doc);
                self.select_pos(0);
                Outcome::info(format!("sorted by {}", self.sort_label()))
            }
            _ => Outcome::ignored(),
        }
    }
}

/// A key in the form of one CSM (`csm`, with field `row` selected): move between the
/// fields, Enter types a value; Esc closes.
pub fn form_key(doc: &Document, csm: usize, row: usize, action: Action) -> Outcome {
    let n = fields(&doc.scn).len();
    match action {
        Action::Quit | Action::Close => Outcome::open(Mode::Normal),
        Action::Up => Outcome::open(Mode::CsmForm {
            csm,
            row: row.saturating_sub(1),
        }),
        Action::Down => Outcome::open(Mode::CsmForm {
            csm,
            row: (row + 1).min(n.saturating_sub(1)),
        }),
        Action::Edit => match (fields(&doc.scn).get(row).copied(), doc.scn.team.get(csm)) {
            (Some(field), Some(c)) => Outcome::open(Mode::Input {
                target: Target::Field { csm, field },
                buffer: field.edit_text(&doc.scn, c),
                error: None,
                fresh: true,
            }),
            _ => Outcome::done(),
        },
        _ => Outcome::ignored(),
    }
}
