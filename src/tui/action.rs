//! Everything a user can do, named. Keys and mouse events become actions; `App::update` is
//! the only place that turns an action into a change of state.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Quit (asks first when there are unsaved changes).
    Quit,
    /// Close the open popup, form or prompt.
    Close,
    /// Save to the scenario's file.
    Save,
    ToggleHelp,
    FocusNext,
    FocusPrev,
    Up,
    Down,
    PageUp,
    PageDown,
    /// Slider down one step / table: scroll left (no-op).
    Left,
    Right,
    /// Ten steps.
    BigLeft,
    BigRight,
    /// Slider to its minimum / table to the first row.
    Home,
    End,
    /// Move to the first / last row (slider, CSM, line); never changes a value.
    First,
    Last,
    /// Go to the team attainment what-if slider.
    WhatIf,
    /// Solve the selected slider for a budget.
    Solve,
    /// Move weight from the selected metric to another one; the others stay.
    TransferWeight,
    /// The cost-risk view on/off.
    Risk,
    /// Type an exact value for the selected slider.
    Edit,
    ToggleLock,
    Undo,
    Redo,
    /// Back to the plan as it was opened.
    Reset,
    /// Sort the table by the next column / reverse the order.
    SortNext,
    SortReverse,
    /// Payout curve ⇄ team cost curve.
    ToggleChart,
    /// Add a CSM to the team (and open it in the form).
    AddCsm,
    /// Remove the selected CSM (asks first).
    DeleteCsm,
    /// Save as a new variant (asks for a name; records where it came from).
    Branch,
    /// The scenario browser: open, rename, duplicate, delete.
    Browse,
    /// The compare screen on/off.
    Compare,
    /// Compare screen: the per-CSM table shows all, gainers, losers.
    CompareFilter,
    /// Compare screen: find a CSM by name or id.
    CompareFind,
    /// Compare screen: write the comparison as Markdown (asks where).
    CompareExport,
    /// Compare: every plan at the baseline's attainment, or each at its own what-if.
    CompareScale,
    /// The selected CSM's plan statement.
    Statement,
    /// Replace the team from a roster CSV.
    ImportRoster,
    /// Write the team as a roster CSV (asks where).
    ExportRoster,
    /// Write the finance workbook (.xlsx, asks where).
    ExportWorkbook,
    /// Select the previous / next period (the per-period sliders act on it).
    PrevPeriod,
    NextPeriod,
    /// Copy the selected per-period slider's value to every later period.
    CopyForward,
    /// Sliders change the plan from the selected period on, or for the whole year.
    ChangesFrom,
    /// The plan's title, fiscal year, status and notes (a form).
    PlanInfo,
    /// The plan history: the open file's saves.
    History,
    /// Which levers move the team's cost: every lever a step down and up (a tornado).
    Sensitivity,
    /// The plan optimiser: free parameters and constraints typed, the plan found applied.
    Design,
    /// Write the selected CSM's statement as a page to print (HTML).
    StatementPage,
    /// Write the one-page summary for finance (HTML).
    SummaryPage,
    /// Write the chart on screen as an SVG picture.
    ChartSvg,
}
