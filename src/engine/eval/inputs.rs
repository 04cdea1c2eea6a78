//! The team's inputs laid out once per team: targets and actuals per slot, as integer
//! columns when they fit, events per SPIF slot, employment spans, and the spread of
//! actuals the guardrails read.

use super::*;

/// The team's per-metric inputs laid out in plan order. Depends on the team and on the ids
/// of the plan's components and SPIFs, not on any plan number: rebuild it when those change.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamInputs {
    comps: usize,
    spifs: usize,
    /// CSMs.
    n: usize,
    /// Per CSM × SPIF: projected events.
    events: Vec<u32>,
    /// The slot and SPIF-slot ids this was built for (see [`Shape::ids`]).
    ids: Vec<String>,
    /// Per CSM: the periods employed, for joiners and leavers (empty when everyone works
    /// the whole year).
    pub(crate) employed: Vec<Option<Employed>>,
    /// Per plan component: how many CSMs have no projected actual for it.
    pub(crate) missing: Vec<usize>,
    /// Σ OTE and Σ book ARR over the team.
    pub(crate) ote_sum: Decimal,
    pub(crate) book_sum: Decimal,
    /// The CSMs' own targets and projected actuals.
    pub(crate) values: Values,
    /// Per plan component: among the CSMs measured against the plan's target (no target of
    /// their own), the one with the largest actual in size, and that actual.
    widest: Vec<Option<(usize, Decimal)>>,
    /// Per plan component: the spread of the actuals (see [`ActualSpread`]).
    pub(crate) spread: Vec<ActualSpread>,
    /// The recorded payouts: (CSM, period, what payroll paid), in team order.
    pub(crate) recorded: Vec<(usize, usize, Decimal)>,
}

/// Own targets and projected actuals: as integer columns when every number fits (the fast
/// evaluation needs them so), else as decimals (the decimal engine is used then).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Values {
    Ints(TeamInts),
    Decimals {
        /// Per CSM × component: the CSM's own target, if any.
        targets: Vec<Option<Decimal>>,
        /// Per CSM × component: the projected actual, if any.
        actuals: Vec<Option<Decimal>>,
    },
}

/// The value that marks "none" in an integer column: no projected actual, or no own target.
pub(crate) const NONE: i64 = i64::MIN;

/// The team's numbers as exact integers (see [`super::int`]).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TeamInts {
    /// OTEs at exponent `e_ote`.
    pub e_ote: u32,
    pub ote: Vec<i64>,
    /// Per CSM: an index into `levels`.
    pub level: Vec<u32>,
    /// The team's distinct levels.
    pub levels: Vec<String>,
    /// Per plan component: the CSMs' actuals and own targets.
    pub cols: Vec<IntColumn>,
}

/// One component's actuals and own targets, all at exponent `exp` ([`NONE`] where absent).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct IntColumn {
    pub exp: u32,
    pub actual: Vec<i64>,
    pub target: Vec<i64>,
    /// The largest magnitude of any value in the column.
    pub max_abs: i128,
}

/// Where each slot's own target and actual, and each SPIF slot's events, are found in a
/// CSM's record: annual slots in `targets`/`actuals`/`spifs`, period slots in the entry of
/// their period.
struct Sources<'a> {
    annual: Order<'a>,
    by_period: Vec<(&'a str, Order<'a>)>,
    spif_annual: Order<'a>,
    spif_by_period: Vec<(&'a str, Order<'a>)>,
}

/// Ids sorted, each with the position of its slot.
type Order<'a> = Vec<(&'a str, usize)>;

impl<'a> Sources<'a> {
    fn new(plan: &'a Plan, shape: &Shape) -> Self {
        let (annual, by_period) = Self::orders(
            plan,
            shape.slots.len(),
            |j| shape.slots[j].period,
            |j| plan.components[shape.slots[j].component].id.as_str(),
        );
        let (spif_annual, spif_by_period) = Self::orders(
            plan,
            shape.spif_slots.len(),
            |j| shape.spif_slots[j].period,
            |j| plan.spifs[shape.spif_slots[j].spif].id.as_str(),
        );
        Sources {
            annual,
            by_period,
            spif_annual,
            spif_by_period,
        }
    }

    /// For `n` slots with their period and id: the annual ones sorted by id with their
    /// positions, and the same for each period (by period id).
    fn orders(
        plan: &'a Plan,
        n: usize,
        period_of: impl Fn(usize) -> Option<usize>,
        id_of: impl Fn(usize) -> &'a str,
    ) -> (Order<'a>, Vec<(&'a str, Order<'a>)>) {
        let of = |period: Option<usize>| {
            sorted_ids_at(
                (0..n)
                    .filter(|j| period_of(*j) == period)
                    .map(|j| (id_of(j), j)),
            )
        };
        let by_period = plan
            .periods
            .iter()
            .enumerate()
            .map(|(p, period)| (period.id.as_str(), of(Some(p))))
            .collect();
        (of(None), by_period)
    }

    /// Fills a CSM's own targets and actuals, per slot.
    fn fill(&self, csm: &Csm, targets: &mut [Option<Decimal>], actuals: &mut [Option<Decimal>]) {
        merge(&csm.targets, &self.annual, targets, Some);
        merge(&csm.actuals, &self.annual, actuals, Some);
        for (pid, pv) in &csm.periods {
            if let Some((_, order)) = self.by_period.iter().find(|(id, _)| *id == pid) {
                merge(&pv.targets, order, targets, Some);
                merge(&pv.actuals, order, actuals, Some);
            }
        }
    }

    /// Fills a CSM's events, per SPIF slot.
    fn fill_events(&self, csm: &Csm, events: &mut [u32]) {
        merge(&csm.spifs, &self.spif_annual, events, |e| e);
        for (pid, pv) in &csm.periods {
            if let Some((_, order)) = self.spif_by_period.iter().find(|(id, _)| *id == pid) {
                merge(&pv.spifs, order, events, |e| e);
            }
        }
    }
}

/// (id, position) pairs sorted by id.
fn sorted_ids_at<'a>(ids: impl Iterator<Item = (&'a str, usize)>) -> Order<'a> {
    let mut v: Vec<(&str, usize)> = ids.collect();
    v.sort_unstable();
    v
}

/// Writes `wrap(map[id])` to `out[position]` for every id of `order` that `map` has. Both
/// are sorted by id, so one pass over each suffices (an id given twice gets the value twice).
fn merge<V: Copy, T>(
    map: &crate::engine::IdMap<V>,
    order: &[(&str, usize)],
    out: &mut [T],
    wrap: impl Fn(V) -> T,
) {
    let mut k = 0;
    for (key, v) in map {
        let key = key.as_str();
        // Usually the keys are exactly the ids: equality (which compares lengths first) is
        // then the only comparison.
        if order.get(k).is_some_and(|(id, _)| *id == key) {
            out[order[k].1] = wrap(*v);
            k += 1;
            if order.get(k).is_none_or(|(id, _)| *id != key) {
                continue;
            }
        }
        while order.get(k).is_some_and(|(id, _)| *id < key) {
            k += 1;
        }
        let mut q = k;
        while let Some((id, j)) = order.get(q)
            && *id == key
        {
            out[*j] = wrap(*v);
            q += 1;
        }
        if k == order.len() {
            break;
        }
    }
}

impl IntColumn {
    fn with_capacity(n: usize) -> Self {
        IntColumn {
            exp: 0,
            actual: Vec::with_capacity(n),
            target: Vec::with_capacity(n),
            max_abs: 0,
        }
    }

    /// Appends a CSM's own target and actual; `None` when one does not fit.
    fn push(&mut self, target: Option<Decimal>, actual: Option<Decimal>) -> Option<()> {
        let finest = target.iter().chain(&actual).map(|d| d.scale()).max();
        if let Some(e) = finest
            && e > self.exp
        {
            self.rescale(e)?;
        }
        let t = self.int(target)?;
        let a = self.int(actual)?;
        self.target.push(t);
        self.actual.push(a);
        Some(())
    }

    fn int(&mut self, d: Option<Decimal>) -> Option<i64> {
        let Some(d) = d else { return Some(NONE) };
        let m = i64::try_from(d.mantissa()).ok()?;
        let v = m.checked_mul(i64::try_from(pow10(self.exp - d.scale())?).ok()?)?;
        self.max_abs = self.max_abs.max(i128::from(v).abs());
        (v != NONE).then_some(v)
    }

    /// Moves every value to a finer exponent (a value with more decimals has arrived).
    fn rescale(&mut self, exp: u32) -> Option<()> {
        let m = pow10(exp - self.exp)?;
        for v in self.actual.iter_mut().chain(self.target.iter_mut()) {
            if *v != NONE {
                *v = i64::try_from(i128::from(*v).checked_mul(m)?)
                    .ok()
                    .filter(|v| *v != NONE)?;
            }
        }
        self.max_abs = self.max_abs.checked_mul(m)?;
        self.exp = exp;
        Some(())
    }

    /// The decimal at row `i`, if present.
    fn get(&self, v: &[i64], i: usize) -> Option<Decimal> {
        // `exp` is the scale of some decimal, so at most 28: `Decimal::new` accepts it.
        v.get(i)
            .filter(|v| **v != NONE)
            .map(|v| Decimal::new(*v, self.exp))
    }
}

impl TeamInts {
    /// Lays the team out in integers in one pass over each CSM's maps; `None` when some
    /// number does not fit an i64 at its column's exponent.
    fn new(scn: &Scenario, sources: &Sources, comps: usize) -> Option<Self> {
        let n = scn.team.len();
        let e_ote = scn.team.iter().map(|c| c.ote.scale()).max().unwrap_or(0);
        let mut ote = Vec::with_capacity(n);
        // A team has a handful of levels: a look through them beats hashing every name.
        let mut levels: Vec<String> = Vec::new();
        let mut level = Vec::with_capacity(n);
        let mut cols: Vec<IntColumn> = (0..comps).map(|_| IntColumn::with_capacity(n)).collect();
        let mut targets = vec![None; comps];
        let mut actuals = vec![None; comps];
        for c in &scn.team {
            ote.push(i64::try_from(int_at(c.ote, e_ote)?).ok()?);
            let ix = match levels.iter().position(|l| *l == c.level) {
                Some(ix) => ix,
                None => {
                    levels.push(c.level.clone());
                    levels.len() - 1
                }
            };
            level.push(u32::try_from(ix).ok()?);
            targets.fill(None);
            actuals.fill(None);
            sources.fill(c, &mut targets, &mut actuals);
            for ((col, t), a) in cols.iter_mut().zip(&targets).zip(&actuals) {
                col.push(*t, *a)?;
            }
        }
        Some(TeamInts {
            e_ote,
            ote,
            level,
            levels,
            cols,
        })
    }
}

impl TeamInputs {
    pub fn new(scn: &Scenario) -> Self {
        // Team metrics and rates worked out from ARR become each CSM's actual first.
        let resolved = crate::engine::team_metrics::resolved(scn);
        let scn = &*resolved;
        let shape = Shape::of(&scn.plan);
        let n = scn.team.len();
        let comps = shape.slots.len();
        let spifs = shape.spif_slots.len();
        // Ids in sorted order with their slot positions: each CSM's maps, sorted by key
        // too, are then matched in one merge rather than searched once per id (on a large
        // team, every key a search compares is another cache miss).
        let sources = Sources::new(&scn.plan, &shape);
        let mut events = vec![0; n * spifs];
        let mut ote_sum = Decimal::ZERO;
        let mut book_sum = Decimal::ZERO;
        let mut employed = Vec::new();
        let mut recorded = Vec::new();
        for (i, csm) in scn.team.iter().enumerate() {
            sources.fill_events(csm, &mut events[i * spifs..(i + 1) * spifs]);
            for (pid, pv) in &csm.periods {
                if let (Some(paid), Some(p)) = (pv.paid, scn.plan.period_index(pid)) {
                    recorded.push((i, p, paid));
                }
            }
            ote_sum += csm.ote;
            book_sum += csm.book_arr;
            if let Some(e) = Shape::employed(&scn.plan, csm) {
                if employed.is_empty() {
                    employed = vec![None; n];
                }
                employed[i] = Some(e);
            }
        }
        let values = match TeamInts::new(scn, &sources, comps) {
            Some(ints) => Values::Ints(ints),
            None => {
                let mut targets = vec![None; n * comps];
                let mut actuals = vec![None; n * comps];
                for (i, csm) in scn.team.iter().enumerate() {
                    let row = i * comps..(i + 1) * comps;
                    let (t, a) = (&mut targets[row.clone()], &mut actuals[row]);
                    sources.fill(csm, t, a);
                }
                Values::Decimals { targets, actuals }
            }
        };
        // A CSM not employed in a slot's period is not missing its actual.
        let works = |i: usize, j: usize| {
            shape.slots[j]
                .period
                .is_none_or(|p| Shape::works_in(employed.get(i).copied().flatten(), p))
        };
        let missing = match &values {
            Values::Ints(ints) => ints
                .cols
                .iter()
                .enumerate()
                .map(|(j, c)| {
                    c.actual
                        .iter()
                        .enumerate()
                        .filter(|(i, a)| **a == NONE && works(*i, j))
                        .count()
                })
                .collect(),
            Values::Decimals { actuals, .. } => {
                let mut missing = vec![0; comps];
                for (k, a) in actuals.iter().enumerate() {
                    if a.is_none() && works(k / comps.max(1), k % comps) {
                        missing[k % comps] += 1;
                    }
                }
                missing
            }
        };
        let mut inputs = TeamInputs {
            comps,
            spifs,
            n,
            events,
            ids: shape.ids(),
            employed,
            missing,
            ote_sum,
            book_sum,
            values,
            widest: Vec::new(),
            spread: Vec::new(),
            recorded,
        };
        inputs.spread = match &inputs.values {
            Values::Ints(ints) => ints.cols.iter().map(ActualSpread::of_column).collect(),
            Values::Decimals { .. } => (0..comps)
                .map(|j| {
                    let mut spread = ActualSpread::default();
                    for i in 0..n {
                        if let Some(a) = inputs.actual(i, j) {
                            spread.add_decimal(a, inputs.target(i, j));
                        }
                    }
                    spread
                })
                .collect(),
        };
        inputs.widest = match &inputs.values {
            Values::Ints(ints) => ints
                .cols
                .iter()
                .map(|col| {
                    let mut widest: Option<(usize, i64)> = None;
                    for (i, (t, a)) in col.target.iter().zip(&col.actual).enumerate() {
                        if *t == NONE
                            && *a != NONE
                            && widest.is_none_or(|(_, w)| a.unsigned_abs() > w.unsigned_abs())
                        {
                            widest = Some((i, *a));
                        }
                    }
                    widest.map(|(i, a)| (i, Decimal::new(a, col.exp)))
                })
                .collect(),
            Values::Decimals { .. } => (0..comps)
                .map(|j| {
                    let mut widest: Option<(usize, Decimal)> = None;
                    for i in 0..n {
                        if inputs.target(i, j).is_none()
                            && let Some(a) = inputs.actual(i, j)
                            && widest.is_none_or(|(_, w)| a.abs() > w.abs())
                        {
                            widest = Some((i, a));
                        }
                    }
                    widest
                })
                .collect(),
        };
        inputs
    }

    /// Component `j`: among the CSMs measured against the plan's target, the one with the
    /// largest actual in size, and that actual (what a lower plan target must still allow).
    /// True when these inputs were laid out for the slots of `shape`.
    pub fn ids_match(&self, shape: &Shape) -> bool {
        self.ids == shape.ids()
    }

    pub fn widest_on_plan_target(&self, j: usize) -> Option<(usize, Decimal)> {
        self.widest.get(j).copied().flatten()
    }

    /// True when these inputs were built for this plan's slots and a team of this size.
    pub fn fits(&self, scn: &Scenario) -> bool {
        self.fits_shape(scn, &Shape::of(&scn.plan))
    }

    pub(crate) fn fits_shape(&self, scn: &Scenario, shape: &Shape) -> bool {
        self.n == scn.team.len()
            && self.events.len() == scn.team.len() * self.spifs
            && self.ids == shape.ids()
    }

    /// The periods CSM `i` is employed in, when not the whole year.
    pub fn employed(&self, i: usize) -> Option<Employed> {
        self.employed.get(i).copied().flatten()
    }

    /// CSM `i`'s own target for component `j` (plan order), if any.
    pub fn target(&self, i: usize, j: usize) -> Option<Decimal> {
        match &self.values {
            Values::Ints(ints) => {
                let col = ints.cols.get(j)?;
                col.get(&col.target, i)
            }
            Values::Decimals { targets, .. } => targets.get(i * self.comps + j).copied().flatten(),
        }
    }

    /// CSM `i`'s projected actual for component `j` (plan order), if any.
    /// CSM `i`'s slots with no projection: not a slot of actual results, within their
    /// employment, and no value given. Their pay there rests on the plan's assumption.
    pub fn assumed_slots<'s>(
        &'s self,
        shape: &'s Shape,
        i: usize,
    ) -> impl Iterator<Item = usize> + 's {
        let employed = self.employed(i);
        (0..self.comps.min(shape.slots.len())).filter(move |&j| {
            let slot = &shape.slots[j];
            !shape.fixed_for(j, employed)
                && !shape.employed_share(j, employed).is_zero()
                && slot.period.is_none_or(|p| Shape::works_in(employed, p))
                && self.actual(i, j).is_none()
        })
    }

    pub fn actual(&self, i: usize, j: usize) -> Option<Decimal> {
        match &self.values {
            Values::Ints(ints) => {
                let col = ints.cols.get(j)?;
                col.get(&col.actual, i)
            }
            Values::Decimals { actuals, .. } => actuals.get(i * self.comps + j).copied().flatten(),
        }
    }

    /// CSM `i`'s projected events per SPIF (plan order).
    pub fn events(&self, i: usize) -> &[u32] {
        let start = (i * self.spifs).min(self.events.len());
        let end = (start + self.spifs).min(self.events.len());
        &self.events[start..end]
    }
}
