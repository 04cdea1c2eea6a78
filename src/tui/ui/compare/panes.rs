//! The compare screen's detail panes: each CSM (sorted, filtered, found), by level, the
//! plan differences in words, the guardrails that differ, and the cost curves.

use super::*;

// ---- each CSM ------------------------------------------------------------------------

pub(super) const TOTAL_W: usize = 13;
pub(super) const CHANGE_W: usize = 12;
pub(super) const PCT_W: usize = 8;

pub(super) fn right(text: &str, w: usize) -> String {
    let inner = w.saturating_sub(1);
    format!(" {:>inner$}", fit(text, inner))
}

pub(super) fn group_width(k: usize, with_pct: bool) -> usize {
    if k == 0 {
        TOTAL_W
    } else {
        TOTAL_W + CHANGE_W + if with_pct { PCT_W } else { 0 }
    }
}

pub(super) fn csm_pane(f: &mut Frame, area: Rect, v: &mut CompareView, focused: bool) {
    let block = pane(tabs(Pane::Csms), focused);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let width = usize::from(inner.width);
    let n = v.comparer.len();
    let name_w = if width >= 90 { 22 } else { 16 };
    let with_pct = width >= 100;
    let room = width.saturating_sub(name_w + 1);
    // The plan columns shown: from `first_col`, as many as fit, the selected one among them.
    let fits = |from: usize, to: usize| {
        (from..=to).map(|k| group_width(k, with_pct)).sum::<usize>() <= room
    };
    v.selected = v.selected.clamp(1, n.saturating_sub(1).max(1));
    v.first_col = v.first_col.min(v.selected);
    while v.first_col < v.selected && !fits(v.first_col, v.selected) {
        v.first_col += 1;
    }
    // After the screen grew (or plans were dropped), scroll back while every plan from
    // the one before to the last still fits: no stale scroll that hides plans for nothing.
    while v.first_col > 0 && fits(v.first_col - 1, n.saturating_sub(1).max(v.selected)) {
        v.first_col -= 1;
    }
    let mut cols = Vec::new();
    let mut used = 0;
    for k in v.first_col..n {
        let w = group_width(k, with_pct);
        if used + w > room && !cols.is_empty() {
            break;
        }
        used += w;
        cols.push(k);
    }
    let (sort, desc, filter, selected, first_col) =
        (v.sort, v.descending, v.filter, v.selected, v.first_col);
    let shown = v.order().len();
    let cmp = v.comparer.comparison();
    let total = cmp.rows.len();
    let sel = label(selected);
    let mut info = match filter {
        CsmFilter::All => format!("{total} CSMs"),
        CsmFilter::Gainers => format!("{shown} of {total} gain in {sel}"),
        CsmFilter::Losers => format!("{shown} of {total} lose in {sel}"),
    };
    info += &match sort {
        CsmSort::Team => " · team order".to_string(),
        CsmSort::Change => format!(
            " · by change in {sel}, {} first",
            if desc { "gain" } else { "loss" }
        ),
    };
    if cols.len() < n {
        let last = cols.last().copied().unwrap_or(first_col);
        info += &format!(" · plans {}–{} of {n} ←→", first_col + 1, last + 1);
    }
    let mut lines = wrapped(&info, width, Style::new().fg(Color::DarkGray), 2);
    // Two header lines: the plan over its columns, then what each column is.
    let mut names = vec![Span::raw(" ".repeat(name_w + 1))];
    let mut heads = vec![Span::raw(format!(" {:<name_w$}", "Name"))];
    for &k in &cols {
        let w = group_width(k, with_pct);
        let mark = if k == selected { "▸" } else { " " };
        let name = cmp
            .variants
            .get(k)
            .map_or(String::new(), |x| shown_name(&x.name));
        let mut style = Style::new().fg(color(k)).add_modifier(Modifier::BOLD);
        if k == selected {
            style = style.add_modifier(Modifier::UNDERLINED);
        }
        names.push(Span::styled(
            format!(
                "{mark}{:<w$}",
                fit(&format!("{} {name}", label(k)), w - 1),
                w = w - 1
            ),
            style,
        ));
        heads.push(Span::raw(right("total", TOTAL_W)));
        if k > 0 {
            heads.push(Span::raw(right("change", CHANGE_W)));
            if with_pct {
                heads.push(Span::raw(right("%", PCT_W)));
            }
        }
    }
    lines.push(Line::from(names));
    lines.push(Line::from(heads));
    let h = usize::from(inner.height).saturating_sub(lines.len()).max(1);
    v.page = h;
    v.cursor = v.cursor.min(shown.saturating_sub(1));
    let i = Pane::Csms.index();
    if v.cursor < v.scroll[i] {
        v.scroll[i] = v.cursor;
    } else if v.cursor >= v.scroll[i] + h {
        v.scroll[i] = v.cursor + 1 - h;
    }
    v.scroll[i] = v.scroll[i].min(shown.saturating_sub(h));
    let (first, cursor) = (v.scroll[i], v.cursor);
    let order: Vec<usize> = v.order().iter().skip(first).take(h).copied().collect();
    let cmp = v.comparer.comparison();
    for (p, &r) in order.iter().enumerate() {
        let row = &cmp.rows[r];
        let here = first + p == cursor;
        let name_style = if here {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new()
        };
        let mut spans = vec![
            Span::raw(if here { "›" } else { " " }),
            Span::styled(
                format!("{:<name_w$}", fit(&row.name, name_w - 1)),
                name_style,
            ),
        ];
        for &k in &cols {
            let c: Option<&CsmCell> = row.cells.get(k).and_then(|c| c.as_ref());
            match c {
                None => spans.push(Span::styled(
                    right("missing", TOTAL_W),
                    Style::new().fg(Color::DarkGray),
                )),
                Some(c) => spans.push(Span::raw(right(&money(c.total), TOTAL_W))),
            }
            if k == 0 {
                continue;
            }
            let (change, pct_text, style) = match c {
                None => (String::new(), String::new(), Style::new()),
                Some(CsmCell {
                    change: Some(d), ..
                }) => (
                    signed_money(*d),
                    c.and_then(|c| c.change_pct())
                        .map_or_else(|| "—".into(), signed_pct),
                    change_style(*d),
                ),
                Some(_) => ("new".into(), "—".into(), Style::new()),
            };
            if c.is_none() {
                spans.push(Span::raw(
                    " ".repeat(CHANGE_W + if with_pct { PCT_W } else { 0 }),
                ));
                continue;
            }
            spans.push(Span::styled(right(&change, CHANGE_W), style));
            if with_pct {
                spans.push(Span::styled(right(&pct_text, PCT_W), style));
            }
        }
        lines.push(Line::from(spans));
    }
    if shown == 0 {
        lines.push(Line::raw(" nobody: f shows all again"));
    }
    crate::tui::ui::text::draw_lines(f.buffer_mut(), inner, &lines);
}

// ---- by level ------------------------------------------------------------------------

pub(super) fn level_lines(cmp: &Comparison, width: usize) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    // "[k]" CSMs, cash, average and the range of % of OTE.
    // " CSMs" 5, " cash" 16, " average" 9, " range" 18 after the 3 of "[k]".
    let narrow = width < 51;
    let name_w = width.saturating_sub(52).min(28);
    if !narrow {
        out.push(Line::styled(
            format!(
                "{:<w$} {:>4} {:>15} {:>8} {:>17}",
                "",
                "CSMs",
                "cash",
                "average",
                "% of OTE range",
                w = 3 + if name_w >= 6 { name_w + 1 } else { 0 }
            ),
            Style::new().fg(Color::DarkGray),
        ));
    } else {
        out.push(Line::styled(
            "per plan: CSMs, cash; average and range of % of OTE",
            Style::new().fg(Color::DarkGray),
        ));
    }
    for level in &cmp.levels {
        out.push(Line::styled(
            level.clone(),
            Style::new().add_modifier(Modifier::BOLD),
        ));
        for (k, v) in cmp.variants.iter().enumerate() {
            let tag = Span::styled(
                format!("{:<3}", label(k)),
                Style::new().fg(color(k)).add_modifier(Modifier::BOLD),
            );
            let name = if !narrow && name_w >= 6 {
                format!(" {:<name_w$}", fit(&shown_name(&v.name), name_w))
            } else {
                String::new()
            };
            let Some(x) = &v.figures else {
                out.push(Line::from(vec![
                    tag,
                    Span::raw(format!("{name} cannot be computed")),
                ]));
                continue;
            };
            let (csms, cash, avg, range) = match x.levels.iter().find(|l| &l.level == level) {
                Some(l) => (
                    l.csms,
                    money(l.cash),
                    pct(l.avg_pct, 1),
                    format!("{}–{}", pct(l.min_pct, 1), pct(l.max_pct, 1)),
                ),
                None => (0, money(Decimal::ZERO), "—".into(), "—".into()),
            };
            if narrow {
                out.push(Line::from(vec![
                    tag,
                    Span::raw(format!(
                        " {csms} CSM{} · {cash}",
                        if csms == 1 { "" } else { "s" }
                    )),
                ]));
                out.push(Line::raw(format!("    average {avg} · {range}")));
            } else {
                out.push(Line::from(vec![
                    tag,
                    Span::raw(format!("{name} {csms:>4} {cash:>15} {avg:>8} {range:>17}")),
                ]));
            }
        }
    }
    out
}

// ---- plan differences and guardrails --------------------------------------------------

/// A plan change with the metric named: "grr weight 25% → 15%" reads "Gross revenue
/// retention weight 25% → 15%".
pub(super) fn plan_lines(v: &CompareView, width: usize) -> Vec<Line<'static>> {
    let cmp = v.comparer.comparison();
    let mut out = Vec::new();
    for (k, x) in cmp.variants.iter().enumerate().skip(1) {
        out.extend(wrapped(
            &format!("{} {} against [1]", label(k), shown_name(&x.name)),
            width,
            Style::new().fg(color(k)).add_modifier(Modifier::BOLD),
            4,
        ));
        if x.plan_changes.is_empty() {
            out.push(Line::raw("  the same plan"));
        }
        for ch in &x.plan_changes {
            out.extend(wrapped(&format!("  • {ch}"), width, Style::new(), 4));
        }
        for e in &x.errors {
            out.extend(wrapped(
                &format!("  ✗ {}: {}", e.location, e.message),
                width,
                Style::new().fg(crate::tui::ui::palette::ERROR),
                4,
            ));
        }
    }
    out
}

pub(super) fn guardrail_lines(cmp: &Comparison, width: usize) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for (k, x) in cmp.variants.iter().enumerate().skip(1) {
        out.extend(wrapped(
            &format!("{} {} against [1]", label(k), shown_name(&x.name)),
            width,
            Style::new().fg(color(k)).add_modifier(Modifier::BOLD),
            4,
        ));
        let Some(vs) = x.figures.as_ref().and_then(|f| f.versus.as_ref()) else {
            out.push(Line::raw("  not compared: a plan cannot be computed"));
            continue;
        };
        if vs.warnings_new.is_empty() && vs.warnings_gone.is_empty() {
            out.push(Line::raw("  the same warnings as [1]"));
        }
        for w in &vs.warnings_new {
            out.extend(wrapped(
                &format!("  + new ⚠ {}: {}", w.code, w.message),
                width,
                Style::new().fg(crate::tui::ui::palette::UP),
                4,
            ));
        }
        for w in &vs.warnings_gone {
            out.extend(wrapped(
                &format!("  - gone {}: {}", w.code, w.message),
                width,
                Style::new().fg(crate::tui::ui::palette::DOWN),
                4,
            ));
        }
    }
    out
}

// ---- cost curves ---------------------------------------------------------------------

pub(super) fn curves_pane(f: &mut Frame, area: Rect, v: &mut CompareView, focused: bool) {
    let cmp = v.comparer.comparison();
    let c = &cmp.curve;
    let series: Vec<crate::tui::ui::chart::Series> = c
        .cash
        .iter()
        .enumerate()
        .filter_map(|(k, line)| {
            let line = line.as_ref()?;
            let name = cmp
                .variants
                .get(k)
                .map_or(String::new(), |x| shown_name(&x.name));
            Some((
                format!("{} {}", label(k), fit(&name, 24)),
                color(k),
                c.scales.iter().copied().zip(line.iter().copied()).collect(),
            ))
        })
        .collect();
    // Each crossing at its estimate, on the baseline's line.
    let crossings: Vec<(Decimal, Decimal)> = c
        .crossings
        .iter()
        .filter_map(|x| {
            let at = crossing_estimate(c, x)?;
            let base = c.cash.first()?.as_ref()?;
            let p = c.scales.iter().position(|s| *s == x.from)?;
            let q = c.scales.iter().position(|s| *s == x.to)?;
            let (b0, b1) = (*base.get(p)?, *base.get(q)?);
            let t = (at - x.from) / (x.to - x.from);
            Some((at, b0 + (b1 - b0) * t))
        })
        .collect();
    // The chart on top; under it the crossings in words and the points, scrolling.
    let sentences: Vec<String> = (1..cmp.variants.len())
        .map(|k| curve_answer(cmp, k))
        .collect();
    let h = area.height;
    let chart_h = if h >= 24 { h - 9 } else { h };
    let [chart_area, rest] =
        Layout::vertical([Constraint::Length(chart_h), Constraint::Fill(1)]).areas(area);
    crate::tui::ui::chart::cost_chart_marked(
        f,
        chart_area,
        pane(tabs(Pane::Curves), focused),
        &series,
        None,
        None,
        &crossings,
    );
    if rest.height < 3 {
        return;
    }
    let block = pane(" Team cash by team attainment (↑↓) ", focused);
    let inner = block.inner(rest);
    f.render_widget(block, rest);
    let width = usize::from(inner.width);
    let mut lines = Vec::new();
    for s in &sentences {
        lines.extend(wrapped(s, width, Style::new(), 0));
    }
    // Scale, [1]'s cash, then each other plan's difference, as many as fit.
    let n = cmp.variants.len();
    let room = width.saturating_sub(5 + 15);
    let per = 14usize;
    let from = v.selected.clamp(1, n.saturating_sub(1).max(1));
    let cols: Vec<usize> = (from..n).take((room / per).max(1)).collect();
    let mut head = format!("{:>5}{:>15}", "scale", "[1] cash");
    for &k in &cols {
        head += &format!("{:>per$}", format!("{} − [1]", label(k)));
    }
    lines.push(Line::styled(head, Style::new().fg(Color::DarkGray)));
    for (p, s) in c.scales.iter().enumerate() {
        let at = |k: usize| {
            c.cash
                .get(k)
                .and_then(|l| l.as_ref())
                .and_then(|l| l.get(p).copied())
        };
        let mut spans = vec![Span::raw(format!(
            "{:>5}{:>15}",
            pct_exact(*s),
            at(0).map_or_else(|| "—".into(), money)
        ))];
        for &k in &cols {
            match (at(k), at(0)) {
                (Some(x), Some(b)) => spans.push(Span::styled(
                    format!("{:>per$}", signed_money(x - b)),
                    change_style(x - b),
                )),
                _ => spans.push(Span::raw(format!("{:>per$}", "—"))),
            }
        }
        lines.push(Line::from(spans));
    }
    scrolled(f, inner, v, Pane::Curves, &lines);
}
