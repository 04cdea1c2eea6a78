//! Drawing: the layout and one module per pane. Reads the app, records where things were
//! drawn (for the mouse), never changes the plan.

mod chart;
mod compare;
mod editor;
mod import_form;
mod markdown;
mod overlay;
pub mod palette;
mod risk;
mod sensitivity;
mod summary;
mod table;
mod text;

use super::app::{App, Focus, Mode, Tone};
use super::keys::BINDINGS;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
#[cfg(test)]
use ratatui::widgets::{Block, BorderType};
use ratatui::widgets::{Paragraph, Wrap};

/// Below this the layout cannot show the essentials; a message asks for more room.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

/// Draws the whole screen (without colour when the user asked for none, `NO_COLOR`).
pub fn draw(f: &mut Frame, app: &mut App) {
    draw_screen(f, app);
    if app.no_color {
        palette::strip_colours(f.buffer_mut());
    }
}

fn draw_screen(f: &mut Frame, app: &mut App) {
    let area = f.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = format!(
            "Enlarge the window: cscomp-tui needs at least {MIN_WIDTH}×{MIN_HEIGHT} (now {}×{}). q quits.",
            area.width, area.height
        );
        f.render_widget(
            Paragraph::new(msg)
                .wrap(Wrap { trim: true })
                .style(Style::new().fg(Color::Yellow)),
            area,
        );
        app.hits = Default::default();
        return;
    }
    let status_h = status_height(app, area.width);
    let [main, status] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(status_h)]).areas(area);
    let editor_w = if area.width >= 150 {
        46
    } else if area.width >= 110 {
        40
    } else {
        36
    };
    let [left, right] =
        Layout::horizontal([Constraint::Length(editor_w), Constraint::Fill(1)]).areas(main);
    editor::draw(f, left, app);

    if app.risk.is_some() {
        app.hits.table = Rect::default();
        app.hits.chart = Rect::default();
        risk::draw(f, right, app);
        status_bar(f, status, app);
        if let Mode::Help { offset } = &app.mode {
            app.hits.help_scroll = overlay::help(f, area, *offset);
        }
        return;
    }
    if app.compare.is_some() {
        app.hits.table = Rect::default();
        app.hits.chart = Rect::default();
        compare::draw(f, right, app);
        status_bar(f, status, app);
        match &app.mode {
            Mode::Help { offset } => app.hits.help_scroll = overlay::help(f, area, *offset),
            Mode::Browser { entries, selected } => {
                overlay::browser(f, area, app, entries, *selected)
            }
            Mode::History {
                entries,
                selected,
                marked,
            } => overlay::history(f, area, entries, *selected, *marked),
            Mode::Sensitivity { levers, selected } => sensitivity::draw(f, area, levers, *selected),
            Mode::Text {
                title,
                body,
                offset,
                markdown,
            } => app.hits.text_scroll = overlay::text(f, area, title, body, *offset, *markdown),
            _ => {}
        }
        return;
    }
    let roomy = area.height >= 34 && area.width >= 110;
    let comps = app.scn.plan.components.len() as u16;
    if roomy {
        let periodic = app.eval.periods.is_some();
        // With periods the breakdown lists each period: it takes the room the table and
        // the guardrails can spare (the table keeps at least 8 rows).
        let (mid_h, bottom_h) = if periodic {
            let slots = app.eval.periods.as_ref().map_or(0, |p| p.slots.len()) as u16;
            let per = app
                .scn
                .plan
                .components
                .iter()
                .filter(|c| c.measured == crate::engine::Measure::Period)
                .count() as u16;
            let want = (slots + per + 8).clamp(17, 22);
            (want.min(right.height.saturating_sub(8 + 10)).max(9), 10)
        } else {
            ((comps + 7).clamp(9, 16), 13)
        };
        let [table_area, mid, bottom] = Layout::vertical([
            Constraint::Fill(1),
            Constraint::Length(mid_h),
            Constraint::Length(bottom_h),
        ])
        .areas(right);
        table::draw(f, table_area, app);
        let [breakdown, summ] =
            Layout::horizontal([Constraint::Fill(1), Constraint::Length(38)]).areas(mid);
        summary::breakdown(f, breakdown, app);
        summary::team(f, summ, app);
        let [warn, chart_area] =
            Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(bottom);
        summary::warnings(f, warn, app);
        chart::draw(f, chart_area, app);
    } else {
        let [table_area, summ, detail] = Layout::vertical([
            Constraint::Fill(1),
            Constraint::Length(7),
            Constraint::Length(9),
        ])
        .areas(right);
        table::draw(f, table_area, app);
        summary::compact(f, summ, app);
        app.hits.chart = Rect::default();
        match app.focus {
            Focus::Chart => chart::draw(f, detail, app),
            Focus::Warnings => summary::warnings(f, detail, app),
            _ => summary::breakdown(f, detail, app),
        }
    }
    status_bar(f, status, app);
    match &app.mode {
        Mode::Help { offset } => app.hits.help_scroll = overlay::help(f, area, *offset),
        Mode::LoadFailed { message } => overlay::load_failed(f, area, message),
        Mode::CsmForm { csm, row } => overlay::csm_form(f, area, app, *csm, *row, None),
        Mode::PlanForm { row } => overlay::plan_form(f, area, app, *row, None),
        Mode::Browser { entries, selected } => overlay::browser(f, area, app, entries, *selected),
        Mode::History {
            entries,
            selected,
            marked,
        } => overlay::history(f, area, entries, *selected, *marked),
        Mode::Sensitivity { levers, selected } => sensitivity::draw(f, area, levers, *selected),
        Mode::Recovery(p) => overlay::recovery(f, area, p),
        Mode::ImportForm(form) => import_form::draw(f, area, form),
        Mode::Text {
            title,
            body,
            offset,
            markdown,
        } => app.hits.text_scroll = overlay::text(f, area, title, body, *offset, *markdown),
        Mode::Input {
            target: super::app::Target::Field { csm, field },
            ..
        } => {
            let row = super::team_edit::fields(&app.scn)
                .iter()
                .position(|x| x == field)
                .unwrap_or(0);
            overlay::csm_form(f, area, app, *csm, row, Some(*field));
        }
        Mode::Input {
            target: super::app::Target::PlanInfo(field),
            ..
        } => {
            let row = crate::tui::plan_info::FIELDS
                .iter()
                .position(|x| x == field)
                .unwrap_or(0);
            overlay::plan_form(f, area, app, row, Some(*field));
        }
        _ => {}
    }
}

/// A pane's frame: rounded, highlighted when focused.
pub(super) fn pane<'a>(title: impl Into<Line<'a>>, focused: bool) -> Pane<'a> {
    Pane {
        title: title.into(),
        focused,
    }
}

/// A pane: a rounded border in the focus colour with a title at the top left. It draws
/// what the equivalent `Block` draws, cell for cell (a test compares them), without the
/// Block's pass restyling every cell inside, which on a 200×60 screen cost a fifth of a
/// frame.
pub(super) struct Pane<'a> {
    title: Line<'a>,
    focused: bool,
}

impl<'a> Pane<'a> {
    fn border_style(&self) -> Style {
        Style::new().fg(if self.focused {
            Color::Cyan
        } else {
            Color::DarkGray
        })
    }

    fn title_style(&self) -> Style {
        if self.focused {
            Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        }
    }

    /// The area inside the border.
    pub(super) fn inner(&self, area: Rect) -> Rect {
        let x = area.x.saturating_add(1).min(area.right());
        let y = area.y.saturating_add(1).min(area.bottom());
        Rect {
            x,
            y,
            width: area.width.saturating_sub(2),
            height: area.height.saturating_sub(2),
        }
    }

    /// The same pane as a `Block`, for widgets that draw their own.
    #[cfg(test)]
    fn block(&self) -> Block<'a> {
        Block::bordered()
            .border_type(BorderType::Rounded)
            .title(self.title.clone())
            .border_style(self.border_style())
            .title_style(self.title_style())
    }
}

impl ratatui::widgets::Widget for Pane<'_> {
    fn render(self, area: Rect, buf: &mut ratatui::buffer::Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        let set = ratatui::symbols::border::ROUNDED;
        let style = self.border_style();
        let (l, t) = (area.left(), area.top());
        let (r, b) = (area.right() - 1, area.bottom() - 1);
        let mut put = |x: u16, y: u16, symbol: &str| {
            buf[(x, y)].set_symbol(symbol).set_style(style);
        };
        // In Block's order: the sides whole, then the corners over them.
        for y in t..=b {
            put(l, y, set.vertical_left);
        }
        for x in l..=r {
            put(x, t, set.horizontal_top);
        }
        for y in t..=b {
            put(r, y, set.vertical_right);
        }
        for x in l..=r {
            put(x, b, set.horizontal_bottom);
        }
        put(r, b, set.bottom_right);
        put(r, t, set.top_right);
        put(l, b, set.bottom_left);
        put(l, t, set.top_left);
        let titles = Rect {
            x: l.saturating_add(1),
            y: t,
            width: area.width.saturating_sub(2),
            height: 1,
        };
        if !titles.is_empty() {
            let width = u16::try_from(self.title.width()).unwrap_or(u16::MAX);
            let title_area = Rect {
                width: width.min(titles.width),
                ..titles
            };
            buf.set_style(title_area, self.title_style());
            ratatui::widgets::Widget::render(&self.title, title_area, buf);
        }
    }
}

/// The most lines the status bar grows to for a message that does not fit on one.
const STATUS_LINES: usize = 3;

/// The status bar's lines for a screen `width` wide: one, or — when a message, a question or
/// an error does not fit — the whole of it wrapped over up to [`STATUS_LINES`] lines, so
/// nothing is cut.
fn status_lines(app: &App, width: u16) -> Vec<Line<'static>> {
    let w = usize::from(width);
    let wrapped = |line: Line<'static>| -> Vec<Line<'static>> {
        let mut lines = text::wrap_line(&line, width);
        lines.truncate(STATUS_LINES);
        lines
    };
    let prompt = match &app.mode {
        Mode::Unsaved(super::session::Then::Quit) => Some(
            " Unsaved changes: s save and quit · d discard and quit · Esc keep working".to_string(),
        ),
        Mode::Unsaved(super::session::Then::Open(p)) => Some(format!(
            " Unsaved changes: s save, then open {} · d discard and open · Esc keep working",
            p.display()
        )),
        Mode::ChangedOnDisk { path } => Some(format!(
            " {} changed on disk since it was opened: r reload it · o overwrite it · a save as a new scenario · Esc cancel",
            path.display()
        )),
        Mode::Confirm { question, .. } => Some(format!(" {question}")),
        _ => None,
    };
    if let Some(p) = prompt {
        let style = Style::new().fg(Color::Black).bg(Color::Yellow);
        return wrapped(Line::styled(p, style))
            .into_iter()
            .map(|l| l.style(style))
            .collect();
    }
    if let Mode::Input {
        target,
        buffer,
        error,
        ..
    } = &app.mode
    {
        let tail = match error {
            Some(e) => format!("  {e}"),
            None => "  Enter applies · Esc cancels".into(),
        };
        let tail_style = match error {
            Some(_) => Style::new().fg(Color::Red),
            None => Style::new().fg(Color::DarkGray),
        };
        let (mut label, mut hint) = (target.label(&app.scn), target.hint(&app.scn));
        if let (super::app::Target::ImportSheet, Some((_, sheets))) = (target, &app.import_book) {
            // The workbook's sheets are the choices: named in the prompt itself.
            label = format!("Import which sheet of {}", sheets.join(", "));
            hint = "its name, any case";
        }
        let mut tail = tail;
        let mut tail_w = tail.chars().count();
        // An error that does not fit beside the prompt goes on the lines below it; the
        // prompt shortens its hint, then drops the key hints (the keys are the usual
        // ones), then its label, before its text is cut from the left.
        let mut inline = prompt_fit(&label, hint, buffer, tail_w, w);
        if error.is_none() && inline.0 == " " && label.chars().count() + 16 <= w {
            tail = String::new();
            tail_w = 0;
            let lead = format!(" {label}: ");
            let room = w.saturating_sub(lead.chars().count() + 1).max(1);
            let text = buffer.chars().count();
            let shown = if text > room {
                let skip = text - (room - 1);
                format!("…{}", buffer.chars().skip(skip).collect::<String>())
            } else {
                buffer.to_string()
            };
            inline = (lead, shown);
        }
        let inline_w = inline.0.chars().count() + inline.1.chars().count() + 1 + tail_w;
        let below = error.is_some() && inline_w > w;
        let (lead, shown) = if below {
            prompt_fit(&label, hint, buffer, 0, w)
        } else {
            inline
        };
        let mut first = vec![
            Span::styled(lead, Style::new().bold()),
            Span::styled(
                format!("{shown}▏"),
                Style::new().fg(Color::Black).bg(Color::White),
            ),
        ];
        if !below {
            first.push(Span::styled(tail, tail_style));
            return vec![Line::from(first)];
        }
        let mut lines = vec![Line::from(first)];
        lines.extend(
            text::wrap_line(
                &Line::styled(format!(" {}", tail.trim_start()), tail_style),
                width,
            )
            .into_iter()
            .take(STATUS_LINES - 1),
        );
        return lines;
    }
    let mut left = vec![Span::styled(
        format!(
            " {} ",
            crate::text::escape_invisible(&match (&app.scn.plan.title, app.scn.plan.status) {
                (Some(t), Some(st)) if !t.trim().is_empty() =>
                    format!("{} ({})", t.trim(), st.label()),
                (Some(t), None) if !t.trim().is_empty() => t.trim().to_string(),
                _ => app.scn.name.clone(),
            })
        ),
        Style::new().fg(Color::Black).bg(Color::Cyan),
    )];
    if app.is_dirty() {
        left.push(Span::styled(
            " [+] unsaved ",
            Style::new().fg(Color::Yellow),
        ));
    }
    if let Some((msg, tone)) = &app.status {
        let color = match tone {
            Tone::Info => palette::OK,
            Tone::Error => palette::ERROR,
        };
        left.push(Span::styled(format!(" {msg}"), Style::new().fg(color)));
    }
    let left_w: usize = left.iter().map(|s| s.width()).sum();
    if left_w > w {
        // A message longer than the bar: all of it, over the lines it needs.
        return wrapped(Line::from(left));
    }
    let room = w.saturating_sub(left_w + 1);
    // As many hints as fit, in the key table's order, "? help" always last.
    let mut hint = String::from("? help ");
    for b in BINDINGS.iter().rev() {
        let Some(h) = b.hint else { continue };
        if b.action == crate::tui::action::Action::ToggleHelp {
            continue;
        }
        let candidate = format!("{} {h} · {hint}", b.label);
        if candidate.chars().count() <= room {
            hint = candidate;
        }
    }
    let hint = if hint.chars().count() <= room {
        hint
    } else {
        String::new()
    };
    let pad = room.saturating_sub(hint.chars().count());
    left.push(Span::raw(" ".repeat(pad + 1)));
    left.push(Span::styled(hint, Style::new().fg(Color::DarkGray)));
    vec![Line::from(left)]
}

/// How many rows the status bar takes on a screen `width` wide.
fn status_height(app: &App, width: u16) -> u16 {
    status_lines(app, width).len().clamp(1, STATUS_LINES) as u16
}

fn status_bar(f: &mut Frame, area: Rect, app: &App) {
    let lines = status_lines(app, area.width);
    text::draw_lines(f.buffer_mut(), area, &lines);
}

/// The prompt's lead and typed text for a status bar `width` wide: the label with its hint,
/// else the label alone, else nothing, whichever first leaves room for the text and the
/// `tail` after it (an error, say) — and a text longer than the room left shows its end,
/// where the cursor is (a long path).
fn prompt_fit(
    label: &str,
    hint: &str,
    buffer: &str,
    tail: usize,
    width: usize,
) -> (String, String) {
    let text = buffer.chars().count() + 1;
    let lead = [
        format!(" {label} ({hint}): "),
        format!(" {label}: "),
        " ".into(),
    ]
    .into_iter()
    .find(|l| l.chars().count() + text + tail <= width)
    .unwrap_or_else(|| format!(" {label}: "));
    let room = width.saturating_sub(lead.chars().count() + 1).max(1);
    let shown = if text - 1 > room {
        let skip = text - 1 - (room - 1);
        format!("…{}", buffer.chars().skip(skip).collect::<String>())
    } else {
        buffer.to_string()
    };
    (lead, shown)
}

/// The first of `options` (longest first) that fits a pane `width` wide with its corners;
/// the last, cut, when none does. A title says less rather than being cut mid-word.
pub(super) fn title_fit(width: u16, options: &[&str]) -> String {
    let room = usize::from(width).saturating_sub(4);
    options
        .iter()
        .find(|o| o.chars().count() <= room)
        .map(|o| o.to_string())
        .unwrap_or_else(|| fit(options.last().copied().unwrap_or(""), room))
}

/// Truncates to a display width, marking the cut with '…'.
pub(super) fn fit(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out: String = s.chars().take(width - 1).collect();
    out.push('…');
    out
}

/// A name shortened on purpose, never mid-word: the whole name when it fits, else the part
/// before a `:` ("Key activities: written results strategy" → "Key activities"), else as
/// many whole words as fit followed by '…'; only a single word too long for the room is
/// cut inside.
pub(super) fn fit_words(s: &str, width: usize) -> String {
    fit_words_among(s, width, &[])
}

/// [`fit_words`], but the part before a `:` is used only when no other name of `names`
/// has the same part ("Key activity: A" and "Key activity: B" keep their words).
pub(super) fn fit_words_among(s: &str, width: usize, names: &[&str]) -> String {
    if s.chars().count() <= width {
        return s.to_string();
    }
    let head_of = |n: &str| n.split_once(':').map(|(h, _)| h.trim().to_string());
    if let Some((head, tail)) = s.split_once(':')
        && !head.trim().is_empty()
    {
        let shared = names
            .iter()
            .any(|n| *n != s && head_of(n).as_deref() == Some(head.trim()));
        if !shared && head.trim().chars().count() <= width {
            return head.trim().to_string();
        }
        // Another name starts the same: what follows the `:` tells them apart.
        if shared && !tail.trim().is_empty() {
            return fit_words(tail.trim(), width);
        }
    }
    let mut out = String::new();
    for word in s.split_whitespace() {
        let next = if out.is_empty() {
            word.chars().count()
        } else {
            out.chars().count() + 1 + word.chars().count()
        };
        if next + 1 > width {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        return fit(s, width);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod fit_tests {
    use super::fit_words;

    #[test]
    fn names_are_shortened_at_words() {
        assert_eq!(fit_words("Expansion ARR", 14), "Expansion ARR");
        assert_eq!(
            fit_words("Key activities: written results strategy", 16),
            "Key activities"
        );
        assert_eq!(fit_words("Gross revenue retention", 15), "Gross revenue…");
        assert_eq!(
            fit_words("Customers reaching their outcomes", 16),
            "Customers…"
        );
        assert_eq!(fit_words("Supercalifragilistic", 8), "Superca…");
    }
}

#[cfg(test)]
mod prompt_tests {
    use super::prompt_fit;

    #[test]
    fn a_prompt_gives_up_its_hint_then_its_label_before_the_text_and_message() {
        let fit = |buffer: &str, tail: usize, width: usize| {
            let (lead, shown) = prompt_fit("Import", "a path", buffer, tail, width);
            format!("{lead}{shown}")
        };
        assert_eq!(fit("~/a.csv", 10, 40), " Import (a path): ~/a.csv");
        assert_eq!(fit("~/a.csv", 10, 30), " Import: ~/a.csv");
        assert_eq!(fit("~/a.csv", 10, 20), " ~/a.csv");
        // A long text shows its end.
        assert_eq!(
            fit("/very/long/path/to/a.csv", 0, 20),
            " Import: …/to/a.csv"
        );
    }
}

#[cfg(test)]
mod pane_tests {
    use super::*;
    use ratatui::buffer::{Buffer, Cell};
    use ratatui::widgets::Widget;

    #[test]
    fn a_pane_draws_what_its_block_draws() {
        for title in [
            " Plan ",
            "",
            " a title far too long for the pane it heads ",
            " 漢字 · … ",
        ] {
            for focused in [false, true] {
                for (w, h) in [(1, 1), (2, 1), (1, 3), (2, 2), (3, 3), (8, 4), (30, 6)] {
                    let p = pane(title, focused);
                    let whole = Rect::new(0, 0, w + 2, h + 2);
                    let area = Rect::new(1, 1, w, h);
                    let mut expected = Buffer::filled(whole, Cell::new("x"));
                    let mut got = expected.clone();
                    p.block().render(area, &mut expected);
                    assert_eq!(p.inner(area), p.block().inner(area), "{title:?} {w}x{h}");
                    p.render(area, &mut got);
                    assert_eq!(got, expected, "{title:?} focused {focused} {w}x{h}");
                }
            }
        }
    }
}
