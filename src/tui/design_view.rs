//! The app's optimiser (`D`, docs/design.md): the problem typed as on the command line
//! (free parameter paths, then `budget 1.6M`, `controllable 50%`, ...), the plan found
//! applied as one undoable change, and the report shown.
//!
//! Owns: the prompt's result. Must not: search (that is `crate::analysis::design`) or
//! format the report (that is `crate::output::design`).

use super::app::App;
use super::mode::Mode;

impl App {
    /// `D`, then the typed problem: the optimiser's plan applied as one undoable change,
    /// and its report shown; no plan meeting every constraint changes nothing and says what
    /// binds (docs/design.md).
    pub(super) fn design_typed(&mut self, text: &str) -> Result<(), String> {
        use crate::analysis::design::{Request, design};
        let request = Request::from_words(text)?;
        let problem = request.problem(&self.doc.scn)?;
        let d = design(&problem);
        let report = crate::output::design::text(&problem, &d);
        let plan = d.best.as_ref().and_then(|b| b.scenario.clone());
        let Some(plan) = plan else {
            let binding = d.binding();
            self.mode = Mode::Text {
                title: "Design: no plan meets every constraint".into(),
                body: report,
                offset: 0,
                markdown: false,
            };
            self.status = Some((
                format!(
                    "not changed: no plan meets every constraint; what binds: {}",
                    binding.join("; ")
                ),
                super::mode::Tone::Error,
            ));
            return Ok(());
        };
        if plan.plan != self.doc.scn.plan || plan.assumptions != self.doc.scn.assumptions {
            let before = self.doc.snapshot();
            self.doc.push_undo(before);
            self.doc.scn.plan = plan.plan;
            self.doc.scn.assumptions = plan.assumptions;
            self.editor.after_plan_swap(&self.doc.scn);
            self.recompute();
            self.info("designed: the plan found is applied · u undoes");
        } else {
            self.info("the plan as it is already meets every constraint · nothing changed");
        }
        self.mode = Mode::Text {
            title: "Design".into(),
            body: report,
            offset: 0,
            markdown: false,
        };
        Ok(())
    }
}
