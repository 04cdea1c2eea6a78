//! The app's view of which levers move the team's cost (docs/parameters.md,
//! "Sensitivity"): every lever a step down and up, biggest effect first, as bars around the
//! current cash; Enter goes to the lever's slider.
//!
//! Owns: the view's keys. Must not: draw (that is `ui/sensitivity.rs`) or compute the
//! figures (that is `crate::analysis::sensitivity`).

use super::app::App;
use super::mode::{Focus, Mode};
use crate::analysis::sensitivity::{Steps, sensitivity_with};
use crate::engine::params::Row;

impl App {
    /// `W`: every lever of the plan as it stands, a step down and up.
    pub(super) fn open_sensitivity(&mut self) {
        let s = sensitivity_with(&self.doc.scn, &Steps::default(), None);
        self.mode = Mode::Sensitivity {
            levers: Box::new(s),
            selected: 0,
        };
    }

    /// A key in the view: ↑/↓ select, Enter goes to the lever's slider, Esc closes.
    pub fn sensitivity_key(&mut self, key: char) {
        let Mode::Sensitivity { levers, selected } = &mut self.mode else {
            return;
        };
        let n = levers.levers.len();
        match key {
            'k' | '↑' => *selected = selected.saturating_sub(1),
            'j' | '↓' => *selected = (*selected + 1).min(n.saturating_sub(1)),
            '\n' => {
                let Some(param) = levers.levers.get(*selected).map(|l| l.param) else {
                    return;
                };
                // A per-period lever: the editor shows that period first.
                if let Some(p) = param.period() {
                    self.editor.period = p;
                    self.editor.after_plan_swap(&self.doc.scn);
                }
                let row = self
                    .editor
                    .rows
                    .iter()
                    .position(|r| *r == Row::Param(param));
                self.mode = Mode::Normal;
                match row {
                    Some(r) => {
                        self.focus = Focus::Editor;
                        self.editor.select_row(r);
                        self.info(format!(
                            "{}: ←/→ moves it",
                            param.label(&self.doc.scn).trim()
                        ));
                    }
                    None => self.info("that lever has no slider in this period"),
                }
            }
            '\u{1b}' | 'q' | 'W' => self.mode = Mode::Normal,
            _ => {}
        }
    }
}
