//! Charts as inline SVG: no JavaScript, no CDN, printable in black and white.
//!
//! Build a [`Chart`] (labels on the x axis, one or more [`Series`]) and call
//! [`Chart::view`]: it returns the SVG (with `<title>`/`<desc>` and every
//! plotted number in a `data-value` attribute) and the same numbers as a data
//! table for screen readers and print.

use serde::Serialize;
use std::fmt::Write as _;

const W: f64 = 640.0;
const H: f64 = 240.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 46.0;

/// How the series are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Bars stacked per x value (e.g. open NCs by severity).
    StackedBars,
    /// Bars side by side per x value (e.g. opened vs closed).
    GroupedBars,
    /// Lines with points; `flags` mark points (e.g. target missed).
    Lines,
    /// Three series min, median, max: a dot on a whisker per x value.
    MedianRange,
}

/// One named series of values, aligned with the chart's x labels.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Legend name.
    pub name: String,
    /// Values; `None` is a gap.
    pub values: Vec<Option<f64>>,
    /// Points to mark (drawn larger, with a cross), e.g. missed targets.
    pub flags: Vec<bool>,
}

impl Series {
    /// A series without flags.
    pub fn new(name: &str, values: Vec<Option<f64>>) -> Series {
        Series {
            name: name.to_string(),
            flags: vec![false; values.len()],
            values,
        }
    }
}

/// A chart to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// HTML id (unique on the page).
    pub id: String,
    /// Title, shown and read out.
    pub title: String,
    /// One-sentence description of what it shows.
    pub description: String,
    /// X axis labels.
    pub x: Vec<String>,
    /// The series.
    pub series: Vec<Series>,
    /// Drawing style.
    pub kind: Kind,
    /// Unit of the values, for labels.
    pub unit: String,
    /// A horizontal target line.
    pub target: Option<f64>,
    /// What the target line is called (`target`, `appetite`).
    pub target_label: &'static str,
}

/// What a template shows.
#[derive(Debug, Clone, Serialize)]
pub struct ChartView {
    /// HTML id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// The SVG markup (safe: built here from numbers and escaped text).
    pub svg: String,
    /// Legend entries.
    pub legend: Vec<LegendItem>,
    /// Data table: header then rows.
    pub columns: Vec<String>,
    /// Data rows.
    pub rows: Vec<Vec<String>>,
    /// True when there is nothing to plot.
    pub empty: bool,
}

/// A legend entry. Its swatch is drawn with the same element and the same
/// classes as the series' marks in the chart, so the stylesheet colours
/// both with one rule: they cannot disagree.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LegendItem {
    /// Series name.
    pub name: String,
    /// What the swatch draws: `bar` (a `rect.bar`), `line` (a `path.line`
    /// and a `circle.point`), `point` (a `circle.point`) or `range` (a
    /// `line.whisker` and a `circle.point`).
    pub shape: &'static str,
    /// The series' classes, as on its marks (`s0`, `s1 flagged`).
    pub class: String,
    /// Filled with the chart's hatch pattern, as its bars are.
    pub hatch: bool,
}

/// The class of series `k`, on its marks and on its legend swatch.
fn series_class(k: usize) -> String {
    format!("s{k}")
}

/// Bars of odd series are hatched, so the chart reads in black and white.
fn hatched(k: usize) -> bool {
    k % 2 == 1
}

use crate::escape::html as esc;

/// A number for labels and tables.
pub fn num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v:.1}")
    }
}

/// The y axis ticks from 0 up to a round top at or above `max`: at most 5
/// ticks, steps of 1, 2, 2.5 or 5 times a power of ten. With `whole`
/// (counts: every value a whole number) every tick is a whole number, so
/// no axis of counts reads 2.5 or 0.8.
pub fn ticks(max: f64, whole: bool) -> Vec<f64> {
    let max = if max.is_finite() { max.max(0.0) } else { 0.0 };
    if max == 0.0 {
        return vec![0.0, 1.0];
    }
    let raw = max / 4.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .filter(|step| !whole || (*step >= 1.0 && step.fract() == 0.0))
        .find(|step| *step >= raw * (1.0 - 1e-12))
        .unwrap_or(10.0 * magnitude)
        .max(if whole { 1.0 } else { 0.0 });
    if !(step > 0.0 && step.is_finite()) {
        return vec![0.0, max];
    }
    let count = ((max / step - 1e-9).ceil().max(1.0) as usize).min(10);
    (0..=count)
        .map(|i| round_tick(i as f64 * step, step))
        .collect()
}

/// A tick without the float noise of a product (0.30000000000000004):
/// rounded two digits below the step's first.
fn round_tick(v: f64, step: f64) -> f64 {
    let scale = 10f64.powi((2.0 - step.log10().floor()) as i32).max(1.0);
    (v * scale).round() / scale
}

/// A tick's label: as many decimals as the step needs (0.25 keeps two).
fn tick_label(v: f64) -> String {
    if v.fract() == 0.0 {
        num(v)
    } else {
        format!("{v}")
    }
}

impl Chart {
    /// True when every plotted value (and the target) is a whole number:
    /// the axis counts things.
    fn whole(&self) -> bool {
        self.series
            .iter()
            .flat_map(|s| s.values.iter().flatten())
            .chain(self.target.iter())
            .all(|v| v.fract() == 0.0)
    }

    fn max_value(&self) -> f64 {
        let per_x = |i: usize| -> f64 {
            match self.kind {
                Kind::StackedBars => self
                    .series
                    .iter()
                    .filter_map(|s| s.values.get(i).copied().flatten())
                    .sum(),
                _ => self
                    .series
                    .iter()
                    .filter_map(|s| s.values.get(i).copied().flatten())
                    .fold(0.0, f64::max),
            }
        };
        let data = (0..self.x.len()).map(per_x).fold(0.0, f64::max);
        data.max(self.target.unwrap_or(0.0))
    }

    /// Draw the chart.
    pub fn view(&self) -> ChartView {
        let n = self.x.len();
        let empty = n == 0
            || self
                .series
                .iter()
                .all(|s| s.values.iter().all(Option::is_none));
        let ticks = ticks(self.max_value(), self.whole());
        let top = ticks.last().copied().unwrap_or(1.0);
        let plot_w = W - LEFT - RIGHT;
        let plot_h = H - TOP - BOTTOM;
        let y = |v: f64| TOP + plot_h - (v / top) * plot_h;
        let slot = if n == 0 { plot_w } else { plot_w / n as f64 };
        let x_mid = |i: usize| LEFT + slot * (i as f64 + 0.5);
        let mut svg = String::new();
        let title_id = format!("{}-title", self.id);
        let desc_id = format!("{}-desc", self.id);
        let _ = write!(
            svg,
            r#"<svg class="chart" viewBox="0 0 {W} {H}" role="img" aria-labelledby="{title_id} {desc_id}" data-chart="{id}" preserveAspectRatio="xMidYMid meet"><title id="{title_id}">{title}</title><desc id="{desc_id}">{desc}</desc>"#,
            id = esc(&self.id),
            title = esc(&self.title),
            desc = esc(&self.description),
        );
        let _ = write!(
            svg,
            r#"<defs><pattern id="{}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" class="hatch-bg"/><line x1="0" y1="0" x2="0" y2="6" class="hatch-line"/></pattern></defs>"#,
            esc(&self.id)
        );
        // Grid and y labels.
        for &v in &ticks {
            let yy = y(v);
            let _ = write!(
                svg,
                r#"<line class="grid" x1="{LEFT}" y1="{yy:.1}" x2="{:.1}" y2="{yy:.1}"/><text class="axis y-tick" x="{:.1}" y="{:.1}" text-anchor="end" data-tick="{}">{}</text>"#,
                W - RIGHT,
                LEFT - 6.0,
                yy + 4.0,
                tick_label(v),
                tick_label(v)
            );
        }
        // X labels, thinned to about 8, counted back from the latest so it is
        // always labelled and no two labels collide. Every other one is
        // `minor`: where the stylesheet enlarges the text (a phone), it hides
        // those so the rest still fit.
        let every = n.div_ceil(8).max(1);
        for (i, label) in self.x.iter().enumerate() {
            let back = n - 1 - i;
            if back % every == 0 {
                let minor = if (back / every) % 2 == 1 {
                    " minor"
                } else {
                    ""
                };
                let _ = write!(
                    svg,
                    r#"<text class="axis x-label{minor}" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
                    x_mid(i),
                    H - BOTTOM + 16.0,
                    esc(label)
                );
            }
        }
        if let Some(t) = self.target {
            let _ = write!(
                svg,
                r#"<line class="target" x1="{LEFT}" y1="{:.1}" x2="{:.1}" y2="{:.1}" data-target="{}"/><text class="axis target-label" x="{:.1}" y="{:.1}" text-anchor="end">{} {}</text>"#,
                y(t),
                W - RIGHT,
                y(t),
                num(t),
                W - RIGHT,
                y(t) - 4.0,
                self.target_label,
                num(t)
            );
        }
        let fill = |k: usize| {
            if hatched(k) {
                format!(r#"fill="url(#{}-hatch)""#, esc(&self.id))
            } else {
                String::new()
            }
        };
        match self.kind {
            Kind::StackedBars => {
                let bw = (slot * 0.7).max(1.0);
                for i in 0..n {
                    let mut base = 0.0;
                    for (k, s) in self.series.iter().enumerate() {
                        let v = s.values.get(i).copied().flatten().unwrap_or(0.0);
                        let (y0, y1) = (y(base), y(base + v));
                        let _ = write!(
                            svg,
                            r#"<rect class="bar {}" {} x="{:.1}" y="{y1:.1}" width="{bw:.1}" height="{:.1}" data-series="{}" data-x="{}" data-value="{}"><title>{}: {} {}</title></rect>"#,
                            series_class(k),
                            fill(k),
                            x_mid(i) - bw / 2.0,
                            (y0 - y1).max(0.0),
                            esc(&s.name),
                            esc(&self.x[i]),
                            num(v),
                            esc(&self.x[i]),
                            esc(&s.name),
                            num(v)
                        );
                        base += v;
                    }
                }
            }
            Kind::GroupedBars => {
                let count = self.series.len().max(1) as f64;
                let bw = (slot * 0.8 / count).max(1.0);
                for i in 0..n {
                    for (k, s) in self.series.iter().enumerate() {
                        let v = s.values.get(i).copied().flatten().unwrap_or(0.0);
                        let x0 = x_mid(i) - slot * 0.4 + bw * k as f64;
                        let _ = write!(
                            svg,
                            r#"<rect class="bar {}" {} x="{x0:.1}" y="{:.1}" width="{bw:.1}" height="{:.1}" data-series="{}" data-x="{}" data-value="{}"><title>{}: {} {}</title></rect>"#,
                            series_class(k),
                            fill(k),
                            y(v),
                            (y(0.0) - y(v)).max(0.0),
                            esc(&s.name),
                            esc(&self.x[i]),
                            num(v),
                            esc(&self.x[i]),
                            esc(&s.name),
                            num(v)
                        );
                    }
                }
            }
            Kind::Lines => {
                for (k, s) in self.series.iter().enumerate() {
                    let mut path = String::new();
                    let mut pen_down = false;
                    for (i, v) in s.values.iter().enumerate() {
                        match v {
                            Some(v) => {
                                let _ = write!(
                                    path,
                                    "{}{:.1},{:.1} ",
                                    if pen_down { "L" } else { "M" },
                                    x_mid(i),
                                    y(*v)
                                );
                                pen_down = true;
                            }
                            None => pen_down = false,
                        }
                    }
                    let _ = write!(
                        svg,
                        r#"<path class="line {}" d="{}"/>"#,
                        series_class(k),
                        path.trim_end()
                    );
                    for (i, v) in s.values.iter().enumerate() {
                        let Some(v) = v else { continue };
                        let flagged = s.flags.get(i).copied().unwrap_or(false);
                        let (cx, cy) = (x_mid(i), y(*v));
                        let _ = write!(
                            svg,
                            r#"<circle class="point {}{}" cx="{cx:.1}" cy="{cy:.1}" r="{}" data-series="{}" data-x="{}" data-value="{}"{}><title>{}: {}{}</title></circle>"#,
                            series_class(k),
                            if flagged { " flagged" } else { "" },
                            if flagged { 5 } else { 3 },
                            esc(&s.name),
                            esc(&self.x[i]),
                            num(*v),
                            if flagged { r#" data-flag="true""# } else { "" },
                            esc(&self.x[i]),
                            num(*v),
                            if flagged { " (missed)" } else { "" }
                        );
                        if flagged {
                            let _ = write!(
                                svg,
                                r#"<path class="miss" d="M{:.1},{:.1} L{:.1},{:.1} M{:.1},{:.1} L{:.1},{:.1}"/>"#,
                                cx - 4.0,
                                cy - 4.0,
                                cx + 4.0,
                                cy + 4.0,
                                cx - 4.0,
                                cy + 4.0,
                                cx + 4.0,
                                cy - 4.0
                            );
                        }
                    }
                }
            }
            Kind::MedianRange => {
                let get = |k: usize, i: usize| {
                    self.series
                        .get(k)
                        .and_then(|s| s.values.get(i).copied().flatten())
                };
                for i in 0..n {
                    let (Some(lo), Some(mid), Some(hi)) = (get(0, i), get(1, i), get(2, i)) else {
                        continue;
                    };
                    let cx = x_mid(i);
                    let _ = write!(
                        svg,
                        r#"<line class="whisker" x1="{cx:.1}" y1="{:.1}" x2="{cx:.1}" y2="{:.1}" data-x="{}" data-min="{}" data-max="{}"/><circle class="point {}" cx="{cx:.1}" cy="{:.1}" r="4" data-series="median" data-x="{}" data-value="{}"><title>{}: median {} (from {} to {})</title></circle>"#,
                        y(lo),
                        y(hi),
                        esc(&self.x[i]),
                        num(lo),
                        num(hi),
                        series_class(0),
                        y(mid),
                        esc(&self.x[i]),
                        num(mid),
                        esc(&self.x[i]),
                        num(mid),
                        num(lo),
                        num(hi)
                    );
                }
            }
        }
        svg.push_str("</svg>");
        let mut columns = vec![String::new()];
        columns.extend(self.series.iter().map(|s| {
            if self.unit.is_empty() {
                s.name.clone()
            } else {
                format!("{} ({})", s.name, self.unit)
            }
        }));
        let rows = self
            .x
            .iter()
            .enumerate()
            .map(|(i, label)| {
                let mut row = vec![label.clone()];
                row.extend(self.series.iter().map(|s| {
                    let v = s
                        .values
                        .get(i)
                        .copied()
                        .flatten()
                        .map(num)
                        .unwrap_or_else(|| "—".into());
                    if s.flags.get(i).copied().unwrap_or(false) {
                        format!("{v} (missed)")
                    } else {
                        v
                    }
                }));
                row
            })
            .collect();
        let legend = self.legend();
        ChartView {
            id: self.id.clone(),
            title: self.title.clone(),
            description: self.description.clone(),
            svg,
            legend,
            columns,
            rows,
            empty,
        }
    }
}

impl Chart {
    /// The legend: one entry per series, drawn as its marks are, and one
    /// for the flagged points when there are any.
    fn legend(&self) -> Vec<LegendItem> {
        let mut items: Vec<LegendItem> = match self.kind {
            Kind::MedianRange => vec![LegendItem {
                name: "median, with shortest to longest".into(),
                shape: "range",
                class: series_class(0),
                hatch: false,
            }],
            Kind::Lines => self
                .series
                .iter()
                .enumerate()
                .map(|(k, s)| LegendItem {
                    name: s.name.clone(),
                    shape: "line",
                    class: series_class(k),
                    hatch: false,
                })
                .collect(),
            Kind::StackedBars | Kind::GroupedBars => self
                .series
                .iter()
                .enumerate()
                .map(|(k, s)| LegendItem {
                    name: s.name.clone(),
                    shape: "bar",
                    class: series_class(k),
                    hatch: hatched(k),
                })
                .collect(),
        };
        if self.kind == Kind::Lines {
            let flagged = self.series.iter().position(|s| s.flags.iter().any(|f| *f));
            if let Some(k) = flagged {
                items.push(LegendItem {
                    name: match self.target_label {
                        "target" => "missed the target".into(),
                        other => format!("above the {other}"),
                    },
                    shape: "point",
                    class: format!("{} flagged", series_class(k)),
                    hatch: false,
                });
            }
        }
        items
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_values_and_text_alternatives() {
        let chart = Chart {
            id: "nc".into(),
            title: "Open <NCs>".into(),
            description: "By severity".into(),
            x: vec!["2025-01".into(), "2025-02".into()],
            series: vec![
                Series::new("major", vec![Some(1.0), Some(0.0)]),
                Series::new("minor", vec![Some(3.0), Some(2.0)]),
            ],
            kind: Kind::StackedBars,
            unit: String::new(),
            target: None,

            target_label: "target",
        };
        let v = chart.view();
        assert!(v.svg.contains(r#"role="img""#));
        assert!(v
            .svg
            .contains("<title id=\"nc-title\">Open &lt;NCs&gt;</title>"));
        assert!(v
            .svg
            .contains(r#"data-series="minor" data-x="2025-01" data-value="3""#));
        assert_eq!(v.rows[1], ["2025-02", "0", "2"]);
    }

    #[test]
    fn count_axes_have_whole_ticks() {
        assert_eq!(ticks(4.0, true), [0.0, 1.0, 2.0, 3.0, 4.0]);
        assert_eq!(ticks(5.0, true), [0.0, 2.0, 4.0, 6.0]);
        assert_eq!(ticks(10.0, true), [0.0, 5.0, 10.0]);
        assert_eq!(ticks(1.0, true), [0.0, 1.0]);
        assert_eq!(ticks(0.0, true), [0.0, 1.0]);
        assert_eq!(ticks(96.0, true), [0.0, 25.0, 50.0, 75.0, 100.0]);
        for max in 0..=500 {
            let t = ticks(f64::from(max), true);
            assert!(t.iter().all(|v| v.fract() == 0.0), "{max}: {t:?}");
            assert!(t.len() <= 5 && t.len() >= 2, "{max}: {t:?}");
            assert!(*t.last().unwrap() >= f64::from(max), "{max}: {t:?}");
        }
    }

    #[test]
    fn measured_axes_may_have_fractional_ticks_labelled_exactly() {
        assert_eq!(ticks(0.8, false), [0.0, 0.2, 0.4, 0.6, 0.8]);
        assert_eq!(ticks(7.0, false), [0.0, 2.0, 4.0, 6.0, 8.0]);
        assert_eq!(ticks(10.0, false), [0.0, 2.5, 5.0, 7.5, 10.0]);
        let labels: Vec<String> = ticks(0.9, false).into_iter().map(tick_label).collect();
        assert_eq!(labels, ["0", "0.25", "0.5", "0.75", "1"]);
        assert_eq!(ticks(0.3, false), [0.0, 0.1, 0.2, 0.3]);
        let tiny = ticks(3e-9, false);
        assert!(tiny.len() <= 5 && *tiny.last().unwrap() >= 3e-9, "{tiny:?}");
        assert!(ticks(f64::MAX, false).len() <= 11);
        assert_eq!(ticks(f64::NAN, true), [0.0, 1.0]);
    }

    #[test]
    fn a_count_chart_labels_its_axis_in_whole_numbers() {
        // The starter's one open action (a count of 1) and 5 open NCs.
        for max in [1.0, 3.0, 5.0, 10.0] {
            let chart = Chart {
                id: "c".into(),
                title: "Counts".into(),
                description: String::new(),
                x: vec!["2026-01".into()],
                series: vec![Series::new("n", vec![Some(max)])],
                kind: Kind::StackedBars,
                unit: String::new(),
                target: None,
                target_label: "target",
            };
            let svg = chart.view().svg;
            let ticks: Vec<&str> = svg
                .split("data-tick=\"")
                .skip(1)
                .map(|t| &t[..t.find('"').unwrap()])
                .collect();
            assert!(ticks.len() >= 2);
            assert!(ticks.iter().all(|t| !t.contains('.')), "{max}: {ticks:?}");
        }
    }

    #[test]
    fn legend_swatches_carry_the_classes_of_their_marks() {
        let chart = Chart {
            id: "k".into(),
            title: "KPI".into(),
            description: String::new(),
            x: vec!["a".into(), "b".into()],
            series: vec![Series {
                name: "Restores".into(),
                values: vec![Some(90.0), Some(100.0)],
                flags: vec![true, false],
            }],
            kind: Kind::Lines,
            unit: "%".into(),
            target: Some(95.0),
            target_label: "target",
        };
        let v = chart.view();
        let shapes: Vec<(&str, &str)> = v
            .legend
            .iter()
            .map(|i| (i.shape, i.class.as_str()))
            .collect();
        assert_eq!(shapes, [("line", "s0"), ("point", "s0 flagged")]);
        // The swatch of a line is a `path.line` and a `circle.point` with the
        // series class: the very classes of the marks.
        assert!(v.svg.contains(r#"<path class="line s0""#));
        assert!(v.svg.contains(r#"<circle class="point s0""#));
        assert!(v.svg.contains(r#"<circle class="point s0 flagged""#));
        let bars = Chart {
            kind: Kind::StackedBars,
            series: vec![
                Series::new("Major", vec![Some(1.0), Some(0.0)]),
                Series::new("Minor", vec![Some(3.0), Some(2.0)]),
            ],
            target: None,
            ..chart
        }
        .view();
        for (k, item) in bars.legend.iter().enumerate() {
            assert_eq!(
                (item.shape, item.class.as_str(), item.hatch),
                ("bar", ["s0", "s1"][k], k == 1)
            );
            assert!(bars
                .svg
                .contains(&format!(r#"<rect class="bar {}""#, item.class)));
        }
        assert!(bars
            .svg
            .contains(r#"<rect class="bar s1" fill="url(#k-hatch)""#));
    }

    #[test]
    fn x_labels_are_evenly_spaced_and_end_at_the_latest() {
        let x: Vec<String> = (1..=12).map(|q| format!("Q{q:02}")).collect();
        let chart = Chart {
            id: "q".into(),
            title: "Per quarter".into(),
            description: String::new(),
            series: vec![Series::new("opened", vec![Some(1.0); x.len()])],
            x,
            kind: Kind::GroupedBars,
            unit: String::new(),
            target: None,

            target_label: "target",
        };
        let svg = chart.view().svg;
        let shown: Vec<u32> = (1..=12)
            .filter(|q| svg.contains(&format!(">Q{q:02}</text>")))
            .collect();
        // 12 quarters thinned to every 2nd, counted back from the latest:
        // never two neighbours (Q11 and Q12 used to overlap).
        assert_eq!(shown, [2, 4, 6, 8, 10, 12]);
    }
}
