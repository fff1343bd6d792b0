//! Painted paths → [`Rule`]s: the construction operators' output (`re`
//! rectangles and `m`/`l`/`c` sub-paths, in user space after the CTM) and
//! how it becomes rules in page space once painted (ISO 32000-1 §8.5).
//! A stroked straight path gives one rule per segment (table borders drawn
//! as polylines); a filled or curved one gives one shape.

use super::matrix::Matrix;
use super::text::{Color, Rect, Rule, RuleKind};

/// The path under construction, in device space (before the page transform).
#[derive(Debug, Default)]
pub struct Path {
    /// Completed rectangles (from `re`).
    pub rects: Vec<[(f32, f32); 4]>,
    /// Sub-paths as point lists; `closed` marks `h`.
    pub subpaths: Vec<(Vec<(f32, f32)>, bool)>,
    /// Whether a curve segment was added.
    pub curved: bool,
}

/// How a path is painted.
#[derive(Debug, Clone, Copy)]
pub struct PaintStyle {
    /// Stroked.
    pub stroke: bool,
    /// Filled, with this colour.
    pub fill: Option<Color>,
    /// Line width in page space.
    pub line_width: f32,
    /// Dashed stroke.
    pub dashed: bool,
}

impl Path {
    /// The rules this path makes when painted with `style`, in page space
    /// (`page` maps device space to it).
    pub fn rules(self, style: &PaintStyle, page: &Matrix) -> Vec<Rule> {
        let make = |kind, points: &mut dyn Iterator<Item = (f32, f32)>| Rule {
            kind,
            bbox: Rect::from_points(points.map(|(x, y)| page.apply(x, y))).unwrap_or_default(),
            stroked: style.stroke,
            filled: style.fill.is_some(),
            fill: style.fill,
            line_width: style.line_width,
            dashed: style.dashed,
        };
        let mut rules = Vec::new();
        for r in &self.rects {
            rules.push(make(RuleKind::Rect, &mut r.iter().copied()));
        }
        for (pts, closed) in &self.subpaths {
            if pts.len() < 2 {
                continue;
            }
            if style.fill.is_none() && !self.curved {
                // Each straight segment of a stroked path is a rule of its own.
                let mut segs: Vec<((f32, f32), (f32, f32))> =
                    pts.windows(2).map(|w| (w[0], w[1])).collect();
                if *closed {
                    if let (Some(&a), Some(&b)) = (pts.last(), pts.first()) {
                        segs.push((a, b));
                    }
                }
                for (a, b) in segs {
                    rules.push(make(RuleKind::Line, &mut [a, b].into_iter()));
                }
            } else {
                rules.push(make(RuleKind::Shape, &mut pts.iter().copied()));
            }
        }
        rules
    }
}

/// The RGB colour of fill operands: gray (1), RGB (3) or CMYK (4)
/// components, clamped to 0..=1; `current` for any other count.
pub fn fill_color(v: &[f32], current: Color) -> Color {
    let c = |x: f32| x.clamp(0.0, 1.0);
    match v {
        [g] => Color(c(*g), c(*g), c(*g)),
        [r, g, b] => Color(c(*r), c(*g), c(*b)),
        [cy, m, y, k] => Color(
            c((1.0 - cy) * (1.0 - k)),
            c((1.0 - m) * (1.0 - k)),
            c((1.0 - y) * (1.0 - k)),
        ),
        _ => current,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cmyk_and_gray_fills_convert_to_rgb() {
        assert_eq!(fill_color(&[0.5], Color::BLACK), Color(0.5, 0.5, 0.5));
        assert_eq!(
            fill_color(&[0.0, 0.0, 0.0, 1.0], Color::BLACK),
            Color(0.0, 0.0, 0.0)
        );
        assert_eq!(fill_color(&[1.0, 0.0], Color::BLACK), Color::BLACK);
    }

    #[test]
    fn stroked_polylines_become_one_rule_per_segment() {
        let path = Path {
            subpaths: vec![(vec![(0.0, 0.0), (10.0, 0.0), (10.0, 5.0)], true)],
            ..Path::default()
        };
        let stroke = PaintStyle {
            stroke: true,
            fill: None,
            line_width: 1.0,
            dashed: false,
        };
        let rules = path.rules(&stroke, &Matrix::IDENTITY);
        assert_eq!(rules.len(), 3, "two segments and the closing one");
        assert!(rules.iter().all(|r| r.kind == RuleKind::Line));
        let filled = Path {
            subpaths: vec![(vec![(0.0, 0.0), (10.0, 0.0), (10.0, 5.0)], true)],
            ..Path::default()
        };
        let fill = PaintStyle {
            fill: Some(Color::BLACK),
            ..stroke
        };
        let rules = filled.rules(&fill, &Matrix::IDENTITY);
        assert_eq!(rules.len(), 1);
        assert_eq!(rules[0].kind, RuleKind::Shape);
    }
}
