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

/// A legend entry.
#[derive(Debug, Clone, Serialize)]
pub struct LegendItem {
    /// Series name.
    pub name: String,
    /// CSS class of its swatch.
    pub class: String,
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

/// A round upper bound for the y axis.
fn nice_max(max: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(max.log10().floor());
    for step in [1.0, 2.0, 2.5, 5.0, 10.0] {
        let candidate = step * magnitude;
        if candidate >= max {
            return candidate;
        }
    }
    10.0 * magnitude
}

impl Chart {
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
        let top = nice_max(self.max_value());
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
        for step in 0..=4 {
            let v = top * step as f64 / 4.0;
            let yy = y(v);
            let _ = write!(
                svg,
                r#"<line class="grid" x1="{LEFT}" y1="{yy:.1}" x2="{:.1}" y2="{yy:.1}"/><text class="axis" x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
                W - RIGHT,
                LEFT - 6.0,
                yy + 4.0,
                num(v)
            );
        }
        // X labels, thinned to about 8, counted back from the latest so it is
        // always labelled and no two labels collide.
        let every = n.div_ceil(8).max(1);
        for (i, label) in self.x.iter().enumerate() {
            if (n - 1 - i) % every == 0 {
                let _ = write!(
                    svg,
                    r#"<text class="axis" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
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
            if k % 2 == 1 {
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
                            r#"<rect class="bar s{k}" {} x="{:.1}" y="{y1:.1}" width="{bw:.1}" height="{:.1}" data-series="{}" data-x="{}" data-value="{}"><title>{}: {} {}</title></rect>"#,
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
                            r#"<rect class="bar s{k}" {} x="{x0:.1}" y="{:.1}" width="{bw:.1}" height="{:.1}" data-series="{}" data-x="{}" data-value="{}"><title>{}: {} {}</title></rect>"#,
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
                    let _ = write!(svg, r#"<path class="line s{k}" d="{}"/>"#, path.trim_end());
                    for (i, v) in s.values.iter().enumerate() {
                        let Some(v) = v else { continue };
                        let flagged = s.flags.get(i).copied().unwrap_or(false);
                        let (cx, cy) = (x_mid(i), y(*v));
                        let _ = write!(
                            svg,
                            r#"<circle class="point s{k}{}" cx="{cx:.1}" cy="{cy:.1}" r="{}" data-series="{}" data-x="{}" data-value="{}"{}><title>{}: {}{}</title></circle>"#,
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
                        r#"<line class="whisker" x1="{cx:.1}" y1="{:.1}" x2="{cx:.1}" y2="{:.1}" data-x="{}" data-min="{}" data-max="{}"/><circle class="point s0" cx="{cx:.1}" cy="{:.1}" r="4" data-series="median" data-x="{}" data-value="{}"><title>{}: median {} (from {} to {})</title></circle>"#,
                        y(lo),
                        y(hi),
                        esc(&self.x[i]),
                        num(lo),
                        num(hi),
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
        let legend = match self.kind {
            Kind::MedianRange => vec![LegendItem {
                name: "median, with shortest to longest".into(),
                class: "s0".into(),
            }],
            _ => self
                .series
                .iter()
                .enumerate()
                .map(|(k, s)| LegendItem {
                    name: s.name.clone(),
                    // Lines are drawn in their own colours (style.css).
                    class: match self.kind {
                        Kind::Lines => format!("line-s{k}"),
                        _ => format!("s{k}"),
                    },
                })
                .collect(),
        };
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
        assert_eq!(nice_max(4.0), 5.0);
        assert_eq!(nice_max(96.0), 100.0);
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
