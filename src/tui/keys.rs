//! The one key table: it drives the key handler, the help overlay and the status bar, so
//! what the help says is what the keys do.

use super::action::Action;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// A key as written in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const fn k(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

const fn ch(c: char) -> Key {
    k(KeyCode::Char(c))
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}

const fn shift(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::SHIFT,
    }
}

pub struct Binding {
    pub keys: &'static [Key],
    /// How the keys are written in help and the status bar.
    pub label: &'static str,
    pub action: Action,
    pub help: &'static str,
    /// Shown in the status bar's hints.
    pub hint: Option<&'static str>,
    /// Holding the key repeats it (sliders, scrolling).
    pub repeats: bool,
}

pub const BINDINGS: &[Binding] = &[
    Binding {
        keys: &[k(KeyCode::Up), ch('k')],
        label: "↑/k",
        action: Action::Up,
        help: "previous slider / CSM",
        hint: None,
        repeats: true,
    },
    Binding {
        keys: &[k(KeyCode::Down), ch('j')],
        label: "↓/j",
        action: Action::Down,
        help: "next slider / CSM",
        hint: None,
        repeats: true,
    },
    Binding {
        keys: &[k(KeyCode::Left), ch('h')],
        label: "←/h",
        action: Action::Left,
        help: "slider down one step",
        hint: Some("adjust"),
        repeats: true,
    },
    Binding {
        keys: &[k(KeyCode::Right), ch('l')],
        label: "→/l",
        action: Action::Right,
        help: "slider up one step",
        hint: None,
        repeats: true,
    },
    Binding {
        keys: &[shift(KeyCode::Left), ch('H')],
        label: "Shift-←/H",
        action: Action::BigLeft,
        help: "slider down ten steps",
        hint: None,
        repeats: true,
    },
    Binding {
        keys: &[shift(KeyCode::Right), ch('L')],
        label: "Shift-→/L",
        action: Action::BigRight,
        help: "slider up ten steps",
        hint: None,
        repeats: true,
    },
    Binding {
        keys: &[k(KeyCode::Home)],
        label: "Home",
        action: Action::Home,
        help: "slider to its minimum / to the top",
        hint: None,
        repeats: false,
    },
    Binding {
        keys: &[k(KeyCode::End)],
        label: "End",
        action: Action::End,
        help: "slider to its maximum / to the end",
        hint: None,
        repeats: false,
    },
    Binding {
        keys: &[ch('g')],
        label: "g",
        action: Action::First,
        help: "go to the first row (moves only)",
        hint: None,
        repeats: false,
    },
    Binding {
        keys: &[ch('G')],
        label: "G",
        action: Action::Last,
        help: "go to the last row (moves only)",
        hint: None,
        repeats: false,
    },
    Binding {
        keys: &[ch('R')],
        label: "R",
        action: Action::Risk,
        help: "cost risk: what the plan may cost",
        hint: Some("risk"),
        repeats: false,
    },
    Binding {
        keys: &[ch('$')],
        label: "$",
        action: Action::Solve,
        help: "solve the slider for a budget",
        hint: None,
        repeats: false,
    },
    Binding {
        keys: &[ch('T')],
        label: "T",
        action: Action::TransferWeight,
        help: "move weight to another metric",
        hint: None,
        repeats: false,
    },
    Binding {
        keys: &[ch('w')],
        label: "w",
        action: Action::WhatIf,
        help: "what-if: team attainment slider",
        hint: Some("what-if"),
        repeats: false,
    },
    Binding {
        keys: &[ch('[')],
        label: "[",
        action: Action::PrevPeriod,
        help: "previous period (per-period sliders)",
        hint: None,
        repeats: false,
    },
    Binding {
        keys: &[ch(']')],
        label: "]",
        action: Action::NextPeriod,
        help: "next period",
        hint: None,
        repeats: false,
    },
    Binding {
        keys: &[ch('}')],
        label: "}",
        action: Action::CopyForward,
        help: "copy to the later periods",
        hint: None,
        repeats: false,
    },
    Binding {
        keys: &[ch('X')],
        label: "X",
        action: Action::ChartSvg,
        help: "save the chart as a picture (SVG)",
        hint: None,
        repeats: false,
    },
    Binding {
        keys: &[ch('I')],
        label: "I",
        action: Action::PlanInfo,
        help: "plan title, year, status, notes",
        hint: None,
        repeats: false,
    },
    Binding {
        keys: &[ch('V')],
        label: "V",
        action: Action::History,
        help: "saved versions (plan history)",
        hint: None,
        repeats: false,
    },
    Binding {
        keys: &[ch('W')],
        label: "W",
        action: Action::Sensitivity,
        help: "which levers move the cost",
        hint: None,
        repeats: false,
    },
    Binding {
        keys: &[ch('D')],
        label: "D",
        action: Action::Design,
        help: "design: the plan that meets constraints",
        hint: None,
        repeats: false,
    },
    Binding {
        keys: &[ch('@')],
        label: "@",
        action: Action::ChangesFrom,
        help: "change from this period on",
        hint: None,
        repeats: false,
    },
    Binding {
        keys: &[k(KeyCode::PageUp)],
        label: "PgUp",
        action: Action::PageUp,
        help: "page up",
        hint: None,
        repeats: true,
    },
    Binding {
        keys: &[k(KeyCode::PageDown)],
        label: "PgDn",
        action: Action::PageDown,
        help: "page down",
        hint: None,
        repeats: true,
    },
    Binding {
        keys: &[k(KeyCode::Enter)],
        label: "Enter",
        action: Action::Edit,
        help: "type a value / edit the CSM",
        hint: Some("type value"),
        repeats: false,
    },
    Binding {
        keys: &[ch('x')],
        label: "x",
        action: Action::ToggleLock,
        help: "lock / unlock a weight",
        hint: None,
        repeats: false,
    },
    Binding {
        keys: &[k(KeyCode::Tab)],
        label: "Tab",
        action: Action::FocusNext,
        help: "next pane",
        hint: Some("pane"),
        repeats: false,
    },
    Binding {
        keys: &[k(KeyCode::BackTab), shift(KeyCode::BackTab)],
        label: "Shift-Tab",
        action: Action::FocusPrev,
        help: "previous pane",
        hint: None,
        repeats: false,
    },
    Binding {
        keys: &[ch('a')],
        label: "a",
        action: Action::AddCsm,
        help: "add a CSM to the team",
        hint: None,
        repeats: false,
    },
    Binding {
        keys: &[ch('d'), k(KeyCode::Delete)],
        label: "d/Del",
        action: Action::DeleteCsm,
        help: "remove the CSM (asks first)",
        hint: None,
        repeats: false,
    },
    Binding {
        keys: &[ch('s')],
        label: "s",
        action: Action::SortNext,
        help: "sort: next column (compare: change)",
        hint: None,
        repeats: false,
    },
    Binding {
        keys: &[ch('S')],
        label: "S",
        action: Action::SortReverse,
        help: "reverse the sort order",
        hint: None,
        repeats: false,
    },
    Binding {
        keys: &[ch('c')],
        label: "c",
        action: Action::ToggleChart,
        help: "chart: payout curve ⇄ team cost",
        hint: Some("chart"),
        repeats: false,
    },
    Binding {
        keys: &[ch('u')],
        label: "u",
        action: Action::Undo,
        help: "undo",
        hint: Some("undo"),
        repeats: true,
    },
    Binding {
        keys: &[ctrl('r')],
        label: "Ctrl-r",
        action: Action::Redo,
        help: "redo",
        hint: None,
        repeats: true,
    },
    Binding {
        keys: &[ch('r')],
        label: "r",
        action: Action::Reset,
        help: "reset to the plan as opened",
        hint: None,
        repeats: false,
    },
    Binding {
        keys: &[ch('?')],
        label: "?",
        action: Action::ToggleHelp,
        help: "show / hide this help",
        hint: Some("help"),
        repeats: false,
    },
    Binding {
        keys: &[ctrl('s')],
        label: "Ctrl-s",
        action: Action::Save,
        help: "save the scenario to its file",
        hint: Some("save"),
        repeats: false,
    },
    Binding {
        keys: &[ch('b')],
        label: "b",
        action: Action::Branch,
        help: "save as a new variant (branch)",
        hint: None,
        repeats: false,
    },
    Binding {
        keys: &[ch('o')],
        label: "o",
        action: Action::Browse,
        help: "browse: open, rename, copy, trash",
        hint: Some("open"),
        repeats: false,
    },
    Binding {
        keys: &[ch('p')],
        label: "p",
        action: Action::Statement,
        help: "the selected CSM's plan statement",
        hint: None,
        repeats: false,
    },
    Binding {
        keys: &[ch('i')],
        label: "i",
        action: Action::ImportRoster,
        help: "import a roster (all or nothing)",
        hint: None,
        repeats: false,
    },
    Binding {
        keys: &[ch('e')],
        label: "e",
        action: Action::ExportRoster,
        help: "export the team as a roster CSV",
        hint: None,
        repeats: false,
    },
    Binding {
        keys: &[ch('E')],
        label: "E",
        action: Action::ExportWorkbook,
        help: "export the finance workbook (.xlsx)",
        hint: None,
        repeats: false,
    },
    Binding {
        keys: &[ch('P')],
        label: "P",
        action: Action::StatementPage,
        help: "CSM's statement as a page to print",
        hint: None,
        repeats: false,
    },
    Binding {
        keys: &[ch('F')],
        label: "F",
        action: Action::SummaryPage,
        help: "one-page summary for finance",
        hint: None,
        repeats: false,
    },
    Binding {
        keys: &[ch('v')],
        label: "v",
        action: Action::Compare,
        help: "compare with other plans",
        hint: Some("compare"),
        repeats: false,
    },
    Binding {
        keys: &[ch('f')],
        label: "f",
        action: Action::CompareFilter,
        help: "compare: all / gainers / losers",
        hint: None,
        repeats: false,
    },
    Binding {
        keys: &[ch('/')],
        label: "/",
        action: Action::CompareFind,
        help: "compare: find a CSM",
        hint: None,
        repeats: false,
    },
    Binding {
        keys: &[ch('A')],
        label: "A",
        action: Action::CompareScale,
        help: "compare: same attainment / own",
        hint: None,
        repeats: false,
    },
    Binding {
        keys: &[ch('m')],
        label: "m",
        action: Action::CompareExport,
        help: "compare: write it as Markdown",
        hint: None,
        repeats: false,
    },
    Binding {
        keys: &[k(KeyCode::Esc)],
        label: "Esc",
        action: Action::Close,
        help: "close help, a form or a prompt",
        hint: None,
        repeats: false,
    },
    Binding {
        keys: &[ch('q')],
        label: "q",
        action: Action::Quit,
        help: "quit (asks first if unsaved)",
        hint: Some("quit"),
        repeats: false,
    },
];

/// The action for a key event, if any. Releases are ignored (Windows reports them); repeats
/// count only for bindings that repeat.
pub fn action_for(ev: &KeyEvent) -> Option<Action> {
    if ev.kind == KeyEventKind::Release {
        return None;
    }
    // Shift is implied by an upper-case letter or '?': compare without it for characters.
    let mods = match ev.code {
        KeyCode::Char(_) => ev.modifiers - KeyModifiers::SHIFT,
        _ => ev.modifiers,
    };
    BINDINGS
        .iter()
        .find(|b| {
            b.keys.iter().any(|key| {
                let want = match key.code {
                    KeyCode::Char(_) => key.mods - KeyModifiers::SHIFT,
                    _ => key.mods,
                };
                key.code == ev.code && want == mods
            })
        })
        .filter(|b| ev.kind != KeyEventKind::Repeat || b.repeats)
        .map(|b| b.action)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn keys_map_to_actions() {
        let n = KeyModifiers::NONE;
        assert_eq!(
            action_for(&press(KeyCode::Char('q'), n)),
            Some(Action::Quit)
        );
        assert_eq!(
            action_for(&press(KeyCode::Char('j'), n)),
            Some(Action::Down)
        );
        assert_eq!(
            action_for(&press(KeyCode::Right, KeyModifiers::SHIFT)),
            Some(Action::BigRight)
        );
        assert_eq!(
            action_for(&press(KeyCode::Char('L'), KeyModifiers::SHIFT)),
            Some(Action::BigRight)
        );
        assert_eq!(
            action_for(&press(KeyCode::Char('r'), KeyModifiers::CONTROL)),
            Some(Action::Redo)
        );
        assert_eq!(
            action_for(&press(KeyCode::Char('r'), n)),
            Some(Action::Reset)
        );
        assert_eq!(
            action_for(&press(KeyCode::Char('?'), KeyModifiers::SHIFT)),
            Some(Action::ToggleHelp)
        );
        assert_eq!(action_for(&press(KeyCode::Char('z'), n)), None);
    }

    #[test]
    fn releases_never_act_and_only_sliders_repeat() {
        let mut ev = press(KeyCode::Right, KeyModifiers::NONE);
        ev.kind = KeyEventKind::Release;
        assert_eq!(action_for(&ev), None);
        ev.kind = KeyEventKind::Repeat;
        assert_eq!(action_for(&ev), Some(Action::Right));
        let mut q = press(KeyCode::Char('q'), KeyModifiers::NONE);
        q.kind = KeyEventKind::Repeat;
        assert_eq!(action_for(&q), None);
    }
}
