//! Form XObjects (§8.10) and annotation appearance streams (§12.5.5).

use std::rc::Rc;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use super::{GraphicsState, Interpreter};
use crate::pdf::content::Matrix;
use crate::pdf::objects::{
    as_dict, get_array, get_dict, get_name, get_number, get_rect, numbers, resolve, stream_data,
};

impl<'a> Interpreter<'a> {
    pub(super) fn paint_xobject(
        &mut self,
        resources: Option<&'a Dictionary>,
        name: &[u8],
        gs: &GraphicsState,
    ) {
        let doc = self.doc;
        let xobjects = resources.and_then(|r| get_dict(doc, r, b"XObject"));
        let Some(Ok(Object::Reference(id))) = xobjects.map(|x| x.get(name)) else {
            return;
        };
        let id = *id;
        let Some(Object::Stream(stream)) = doc.objects.get(&id) else {
            return;
        };
        match get_name(doc, &stream.dict, b"Subtype") {
            Some(b"Form") => {}
            Some(b"Image") => {
                self.out.quality.images += 1;
                return;
            }
            _ => return,
        }
        let matrix = form_matrix(doc, stream);
        let mut state = gs.clone();
        state.ctm = matrix.then(&gs.ctm);
        self.run_form(id, stream, resources, state);
    }

    /// Execute Form XObject `id` (its stream is `stream`) in `state`, whose
    /// CTM already includes the form's /Matrix; `resources` serve a form
    /// without its own.
    fn run_form(
        &mut self,
        id: ObjectId,
        stream: &'a Stream,
        resources: Option<&'a Dictionary>,
        state: GraphicsState,
    ) {
        let doc = self.doc;
        if self.form_stack.contains(&id) || self.form_stack.len() >= self.limits.max_form_depth {
            self.warn_once(format!(
                "Form XObject {} {} nested too deep or cyclic; skipped",
                id.0, id.1
            ));
            return;
        }
        self.out.forms_painted += 1;
        if self.out.forms_painted > self.limits.max_forms_per_page {
            self.warn_once(format!(
                "more than {} Form XObjects painted on the page; rest skipped",
                self.limits.max_forms_per_page
            ));
            return;
        }
        let ops = match self.forms.get(&id) {
            Some(ops) => ops.clone(),
            None => {
                let ops = match stream_data(doc, stream, self.limits.max_stream_bytes) {
                    Ok(data) => self.parse(&data, &format!("Form XObject {} {}", id.0, id.1)),
                    Err(e) => {
                        self.warn_once(format!("Form XObject {} {}: {e}", id.0, id.1));
                        Vec::new()
                    }
                };
                let ops = Rc::new(ops);
                self.forms.insert(id, ops.clone());
                ops
            }
        };
        let form_resources = get_dict(doc, &stream.dict, b"Resources").or(resources);
        self.form_stack.push(id);
        self.execute(&ops, form_resources, state);
        self.form_stack.pop();
    }

    /// Paint the normal appearance (/AP /N, the /AS state of a state
    /// dictionary) of each visible annotation of `page`, as readers draw form
    /// fields, free text and stamps: the appearance's /BBox, through its
    /// /Matrix, is fitted to the annotation's /Rect (§12.5.5, Algorithm 8.1).
    pub fn paint_annotations(&mut self, page: &'a Dictionary) {
        let doc = self.doc;
        let Some(annots) = get_array(doc, page, b"Annots") else {
            return;
        };
        for annot in annots.iter().take(MAX_ANNOTATIONS) {
            let Some(annot) = as_dict(doc, annot) else {
                continue;
            };
            let flags = get_number(doc, annot, b"F").unwrap_or(0.0) as u32;
            if flags & (ANNOT_HIDDEN | ANNOT_NO_VIEW) != 0 {
                continue;
            }
            let Some(rect) = get_rect(doc, annot, b"Rect") else {
                continue;
            };
            let Some((id, stream)) = normal_appearance(doc, annot) else {
                continue;
            };
            let matrix = form_matrix(doc, stream);
            let Some(bbox) = get_rect(doc, &stream.dict, b"BBox") else {
                continue;
            };
            let corners = [
                matrix.apply(bbox[0], bbox[1]),
                matrix.apply(bbox[2], bbox[1]),
                matrix.apply(bbox[2], bbox[3]),
                matrix.apply(bbox[0], bbox[3]),
            ];
            let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
            for (x, y) in corners {
                (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
            }
            let (w, h) = (x1 - x0, y1 - y0);
            if !(w.abs() > 1e-3 && h.abs() > 1e-3 && w.is_finite() && h.is_finite()) {
                continue;
            }
            let (sx, sy) = ((rect[2] - rect[0]) / w, (rect[3] - rect[1]) / h);
            let fit = Matrix([sx, 0.0, 0.0, sy, rect[0] - x0 * sx, rect[1] - y0 * sy]);
            let state = GraphicsState::initial(matrix.then(&fit));
            self.run_form(id, stream, None, state);
        }
    }
}

/// Most annotations of one page whose appearances are painted.
const MAX_ANNOTATIONS: usize = 10_000;
/// Annotation flags (§12.5.3): Hidden and NoView.
const ANNOT_HIDDEN: u32 = 2;
const ANNOT_NO_VIEW: u32 = 32;

/// A Form XObject's /Matrix (identity when absent or malformed).
fn form_matrix(doc: &Document, stream: &Stream) -> Matrix {
    get_array(doc, &stream.dict, b"Matrix")
        .map(|m| numbers(doc, m))
        .filter(|m| m.len() == 6)
        .map(|m| Matrix([m[0], m[1], m[2], m[3], m[4], m[5]]))
        .unwrap_or(Matrix::IDENTITY)
}

/// The normal appearance stream of an annotation, by reference.
fn normal_appearance<'d>(
    doc: &'d Document,
    annot: &'d Dictionary,
) -> Option<(ObjectId, &'d Stream)> {
    let ap = get_dict(doc, annot, b"AP")?;
    let mut n = ap.get(b"N").ok()?;
    if let Some(Object::Dictionary(states)) = resolve(doc, n) {
        let state = get_name(doc, annot, b"AS")?;
        n = states.get(state).ok()?;
    }
    let mut id = None;
    for _ in 0..8 {
        match n {
            Object::Reference(r) => {
                id = Some(*r);
                n = doc.objects.get(r)?;
            }
            Object::Stream(s) => return Some((id?, s)),
            _ => return None,
        }
    }
    None
}
