//! Text operators (§9.3–9.4): text state, positioning and showing.

use std::sync::Arc;

use lopdf::Dictionary;

use super::{num, Frame, GraphicsState, Interpreter};
use crate::pdf::content::Matrix;
use crate::pdf::font::Font;
use crate::pdf::lexer::Operand;
use crate::pdf::objects::{as_dict, get_dict};
use crate::pdf::text::{Direction, Glyph, GlyphRun, Rect};

impl<'a> Interpreter<'a> {
    /// Text-state, positioning and showing operators; `false` when `name` is
    /// not one of them.
    pub(super) fn text_op(
        &mut self,
        f: &mut Frame,
        name: &[u8],
        args: &[Operand],
        resources: Option<&'a Dictionary>,
    ) -> bool {
        let num = |i: usize| num(args, i);
        let ts = &mut f.gs.text;
        match name {
            b"BT" => {
                f.tm = Matrix::IDENTITY;
                f.tlm = Matrix::IDENTITY;
            }
            b"Tc" => ts.char_spacing = num(0),
            b"Tw" => ts.word_spacing = num(0),
            b"Tz" => ts.scale = num(0) / 100.0,
            b"TL" => ts.leading = num(0),
            b"Ts" => ts.rise = num(0),
            b"Tr" => ts.render_mode = num(0).clamp(0.0, 7.0) as u8,
            b"Tf" => {
                ts.size = num(1);
                ts.font = match args.first() {
                    Some(Operand::Name(n)) => self.font(resources, n),
                    _ => None,
                };
            }
            b"Td" | b"TD" => {
                if name == b"TD" {
                    ts.leading = -num(1);
                }
                f.tlm = Matrix::translate(num(0), num(1)).then(&f.tlm);
                f.tm = f.tlm;
            }
            b"Tm" => {
                f.tlm = Matrix([num(0), num(1), num(2), num(3), num(4), num(5)]);
                f.tm = f.tlm;
            }
            b"T*" => {
                f.tlm = Matrix::translate(0.0, -ts.leading).then(&f.tlm);
                f.tm = f.tlm;
            }
            b"Tj" | b"'" | b"\"" => {
                if name != b"Tj" {
                    if name == b"\"" {
                        ts.word_spacing = num(0);
                        ts.char_spacing = num(1);
                    }
                    f.tlm = Matrix::translate(0.0, -ts.leading).then(&f.tlm);
                    f.tm = f.tlm;
                }
                if let Some(Operand::Str(s)) = args.last() {
                    self.show(
                        &f.gs,
                        &mut f.tm,
                        std::slice::from_ref(&Operand::Str(s.clone())),
                    );
                }
            }
            b"TJ" => {
                if let Some(Operand::Array(items)) = args.first() {
                    self.show(&f.gs, &mut f.tm, items);
                }
            }
            _ => return false,
        }
        true
    }

    pub(super) fn font(
        &mut self,
        resources: Option<&'a Dictionary>,
        name: &[u8],
    ) -> Option<Arc<Font>> {
        let fonts = resources.and_then(|r| get_dict(self.doc, r, b"Font"));
        let obj = fonts.and_then(|f| f.get(name).ok());
        let Some(dict) = obj.and_then(|o| as_dict(self.doc, o)) else {
            self.warn_once(format!(
                "font /{} not found in resources",
                String::from_utf8_lossy(name)
            ));
            return Some(Arc::new(Font::fallback(&String::from_utf8_lossy(name))));
        };
        let key: *const Dictionary = dict;
        if let Some(f) = self.fonts.get(&key) {
            return Some(f.clone());
        }
        if let Some(f) = self.shared_fonts.and_then(|c| c.get(key)) {
            self.fonts.insert(key, f.clone());
            return Some(f);
        }
        let font = Arc::new(Font::load(
            self.doc,
            dict,
            self.limits.max_stream_bytes,
            &mut self.out.warnings,
        ));
        self.fonts.insert(key, font.clone());
        if let Some(c) = self.shared_fonts {
            c.insert(key, font.clone());
        }
        Some(font)
    }

    pub(super) fn show(&mut self, gs: &GraphicsState, tm: &mut Matrix, items: &[Operand]) {
        let Some(font) = gs.text.font.clone() else {
            self.warn_once("text shown without a font (no Tf)".to_string());
            return;
        };
        let ts = &gs.text;
        let vertical = font.is_vertical();
        let mut glyphs = Vec::new();
        for item in items {
            match item {
                Operand::Number(adj) => {
                    let d = -adj / 1000.0 * ts.size;
                    *tm = if vertical {
                        Matrix::translate(0.0, d).then(tm)
                    } else {
                        Matrix::translate(d * ts.scale, 0.0).then(tm)
                    };
                }
                Operand::Str(bytes) => {
                    for g in font.decode(self.doc, bytes) {
                        self.out.glyphs += 1;
                        if self.out.glyphs > self.limits.max_glyphs_per_page {
                            if !self.out.truncated {
                                self.out.warnings.push(format!(
                                    "more than {} glyphs on the page; rest skipped",
                                    self.limits.max_glyphs_per_page
                                ));
                                self.out.truncated = true;
                            }
                            return;
                        }
                        let trm = Matrix([ts.size * ts.scale, 0.0, 0.0, ts.size, 0.0, ts.rise])
                            .then(tm)
                            .then(&gs.ctm)
                            .then(&self.page_transform);
                        let spacing = ts.char_spacing
                            + if g.is_word_space {
                                ts.word_spacing
                            } else {
                                0.0
                            };
                        let corners = if vertical {
                            // Glyph origin = current point - position vector (§9.7.4.3).
                            let (vx, vy) = g.position;
                            let (x0, x1) = (-vx, g.width - vx);
                            let (y0, y1) = (font.descent - vy, font.ascent - vy);
                            [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
                        } else {
                            let w = g.width;
                            [
                                (0.0, font.descent),
                                (w, font.descent),
                                (w, font.ascent),
                                (0.0, font.ascent),
                            ]
                        };
                        let bbox = Rect::from_points(corners.iter().map(|&(x, y)| trm.apply(x, y)))
                            .unwrap_or_default();
                        if g.guessed {
                            self.out.quality.unmapped_glyphs += 1;
                        }
                        let text = match g.text {
                            Some(t) => {
                                self.out.quality.replacement_chars += t.matches('\u{fffd}').count();
                                t
                            }
                            None => {
                                self.out.quality.unmapped_glyphs += 1;
                                String::new()
                            }
                        };
                        if matches!(ts.render_mode, 3 | 7) {
                            self.out.quality.invisible_glyphs += 1;
                        } else {
                            self.out.quality.visible_glyphs += 1;
                        }
                        glyphs.push(Glyph { text, bbox });
                        *tm = if vertical {
                            Matrix::translate(0.0, g.vertical_advance * ts.size + spacing).then(tm)
                        } else {
                            Matrix::translate((g.width * ts.size + spacing) * ts.scale, 0.0)
                                .then(tm)
                        };
                    }
                }
                _ => {}
            }
        }
        if glyphs.is_empty() {
            return;
        }
        let size_matrix = Matrix([ts.size * ts.scale, 0.0, 0.0, ts.size, 0.0, 0.0])
            .then(tm)
            .then(&gs.ctm);
        let size = {
            let [_, _, c, d, ..] = size_matrix.0;
            (c * c + d * d).sqrt()
        };
        self.out.runs.push(GlyphRun {
            glyphs,
            font: font.name.clone(),
            size,
            render_mode: ts.render_mode,
            color: gs.fill,
            direction: if vertical {
                Direction::Vertical
            } else {
                Direction::Horizontal
            },
        });
    }
}
