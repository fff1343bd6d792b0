//! Fuzz harnesses for shisaku's input-facing layers.
//!
//! Each public function takes arbitrary bytes and drives one layer the way the
//! program does; it must return without panicking, hanging or exhausting
//! memory. The same functions serve two runners:
//!
//! - libFuzzer, through the thin entry points in `fuzz_targets/` (`cargo +nightly
//!   fuzz run content --features libfuzzer`);
//! - [`check`], a deterministic property run that feeds them the seeds in
//!   `seeds/` plus mutations of them from a fixed-seed generator, and replays
//!   every input kept under `../tests/fixtures/crashes/<target>/`. The main
//!   crate's `cargo test` runs it for every target (`tests/e2e/fuzz.rs`, a
//!   bounded number of mutations), and so does `cargo test` here
//!   (`tests/property.rs`).
//!
//! Targets: [`pdf_document`] (whole documents), [`cmap`] (encoding CMaps and
//! ToUnicode), [`content`] (content streams against a small document),
//! [`plan_layouts`] (the plan parser from positioned text) and [`query`].

#![warn(missing_docs)]

mod gen;

use std::path::{Path, PathBuf};

use lopdf::{dictionary, Document as LoDocument, Object, Stream};
use shisaku::layout::{analyze, page_text, LayoutParams};
use shisaku::pdf::cmap::CMap;
use shisaku::pdf::content::{Interpreter, Matrix};
use shisaku::pdf::tounicode::ToUnicode;
use shisaku::pdf::{Document, Limits};
use shisaku::plan::{parse_layouts, DocumentInfo, ParseOptions};

pub use gen::{layouts_from_bytes, mutate, Rng};

/// Limits small enough that a fuzz input cannot legitimately take long.
pub fn fuzz_limits() -> Limits {
    Limits {
        max_stream_bytes: 4 * 1024 * 1024,
        max_pages: 64,
        max_operations: 200_000,
        max_glyphs_per_page: 50_000,
        max_rules_per_page: 20_000,
        ..Limits::default()
    }
}

/// Whole-document extraction: open the bytes, interpret and lay out every page.
pub fn pdf_document(data: &[u8]) {
    let Ok(doc) = Document::from_bytes(data, fuzz_limits()) else {
        return;
    };
    let _ = doc.info_title();
    let params = LayoutParams::default();
    for n in 1..=doc.page_count() as u32 {
        if let Ok(page) = doc.page(n) {
            let layout = analyze(&page, &params);
            let _ = page_text(&layout, &params);
        }
    }
}

/// The CMap and ToUnicode parsers, then code splitting over the same bytes.
pub fn cmap(data: &[u8]) {
    if let Ok(cm) = CMap::parse(data) {
        let mut rest = data;
        let mut steps = 0;
        while !rest.is_empty() {
            let (code, len) = cm.next_code(rest);
            assert!(len >= 1, "CMap::next_code must advance");
            let _ = cm.cid(code, len);
            let _ = cm.code_to_unicode(code, len);
            rest = rest.get(len..).unwrap_or_default();
            steps += 1;
            assert!(steps <= data.len(), "CMap::next_code advanced too little");
        }
    }
    let (tu, _warnings) = ToUnicode::parse(data);
    let mut rest = data;
    while !rest.is_empty() {
        let (code, len) = tu.next_code(rest);
        assert!(len >= 1, "ToUnicode::next_code must advance");
        let _ = tu.lookup(code);
        rest = rest.get(len..).unwrap_or_default();
    }
}

/// A one-page document whose resources hold a simple font (/F1), a Type0
/// Identity-H font (/F2), a font with an embedded ToUnicode made of the input
/// (/F3) and a Form XObject (/X1) whose content is the input and whose
/// resources are the page's own (so `/X1 Do` inside it is a cycle).
pub fn small_document(content: &[u8]) -> LoDocument {
    let mut doc = LoDocument::with_version("1.7");
    let f1 = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    let descendant = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType0", "BaseFont" => "HeiseiMin-W3",
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal("Japan1"),
            "Supplement" => 2,
        },
        "DW" => 1000,
    });
    let f2 = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "HeiseiMin-W3",
        "Encoding" => "UniJIS-UCS2-H", "DescendantFonts" => vec![Object::Reference(descendant)],
    });
    let tounicode = doc.add_object(Stream::new(dictionary! {}, content.to_vec()));
    let f3 = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "X",
        "Encoding" => "Identity-H", "DescendantFonts" => vec![Object::Reference(descendant)],
        "ToUnicode" => Object::Reference(tounicode),
    });
    let resources = doc.new_object_id();
    let form = doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 100.into(), 100.into()],
            "Matrix" => vec![1.into(), 0.into(), 0.into(), 1.into(), 5.into(), 5.into()],
            "Resources" => Object::Reference(resources),
        },
        content.to_vec(),
    ));
    doc.objects.insert(
        resources,
        Object::Dictionary(dictionary! {
            "Font" => dictionary! {
                "F1" => Object::Reference(f1),
                "F2" => Object::Reference(f2),
                "F3" => Object::Reference(f3),
            },
            "XObject" => dictionary! { "X1" => Object::Reference(form) },
        }),
    );
    doc.trailer.set("Resources", Object::Reference(resources));
    doc
}

/// The content-stream lexer, then the interpreter on the same bytes against
/// [`small_document`].
pub fn content(data: &[u8]) {
    let _ = shisaku::pdf::lexer::parse_operations(data);
    let doc = small_document(data);
    let limits = fuzz_limits();
    let resources = doc
        .trailer
        .get(b"Resources")
        .ok()
        .and_then(|r| r.as_reference().ok())
        .and_then(|id| doc.get_dictionary(id).ok());
    let mut interp = Interpreter::new(&doc, &limits, Matrix([1.0, 0.0, 0.0, -1.0, 0.0, 842.0]));
    interp.run(data, resources, Matrix::IDENTITY);
    let out = &interp.out;
    assert!(out.runs.iter().map(|r| r.glyphs.len()).sum::<usize>() <= limits.max_glyphs_per_page);
    assert!(out.rules.len() <= limits.max_rules_per_page);
}

/// The plan parser over pages of positioned lines built from the input.
pub fn plan_layouts(data: &[u8]) {
    let layouts = layouts_from_bytes(data);
    let options = ParseOptions {
        edition: Some("x".into()),
        ..ParseOptions::default()
    };
    let none = DocumentInfo::default();
    let _ = parse_layouts("fuzz.pdf", &layouts, none, &options, vec![], vec![]);
    let detect = ParseOptions::default();
    // The input's first bytes as /ModDate: era-less years read near any date.
    let info = DocumentInfo {
        title: Some("x".into()),
        modified: Some(String::from_utf8_lossy(&data[..data.len().min(24)]).into_owned()),
    };
    let _ = parse_layouts("fuzz.pdf", &layouts, info, &detect, vec![], vec![]);
}

/// The search query parser (never fails, must not panic).
pub fn query(data: &[u8]) {
    let s = String::from_utf8_lossy(data);
    let _ = shisaku::query::parse::parse(&s);
}

/// A fuzz target: takes any bytes, must not panic, hang or exhaust memory.
pub type Target = fn(&[u8]);

/// Every target by name (the name of its `seeds/` and crash directories).
pub const TARGETS: [(&str, Target); 5] = [
    ("pdf_document", pdf_document),
    ("cmap", cmap),
    ("content", content),
    ("plan_layouts", plan_layouts),
    ("query", query),
];

/// The files of `dir`, sorted, with their bytes (none when `dir` is missing).
fn dir_files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    files
        .into_iter()
        .filter(|p| p.is_file())
        .filter_map(|p| std::fs::read(&p).ok().map(|b| (p, b)))
        .collect()
}

/// What a [`check`] ran.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Checked {
    /// Saved crash inputs replayed.
    pub crashes: usize,
    /// Seeds run.
    pub seeds: usize,
    /// Mutations run.
    pub mutations: usize,
}

/// Runs target `name` on its saved crashes (`<fuzz_dir>/../tests/fixtures/crashes/<name>/`),
/// its seeds (`<fuzz_dir>/seeds/<name>/`, at least one) and `iterations`
/// mutations of each seed from a fixed-seed generator. Panics, naming the
/// input (and saving a panicking mutation to the temporary directory), when
/// the target panics; panics too when the crash directory's parent or the
/// seeds are missing, so a wrong path cannot pass silently.
pub fn check(fuzz_dir: &Path, name: &str, target: Target, iterations: usize) -> Checked {
    let mut done = Checked::default();
    let crashes = fuzz_dir.join("../tests/fixtures/crashes");
    assert!(crashes.is_dir(), "{} is missing", crashes.display());
    for (path, bytes) in dir_files(&crashes.join(name)) {
        eprintln!("{name}: replay {}", path.display());
        target(&bytes);
        done.crashes += 1;
    }
    let seeds = dir_files(&fuzz_dir.join("seeds").join(name));
    assert!(!seeds.is_empty(), "no seeds for {name}");
    let mut rng = Rng::new(0x5eed ^ name.len() as u64);
    for (path, bytes) in &seeds {
        target(bytes);
        done.seeds += 1;
        for i in 0..iterations {
            let input = mutate(bytes, &mut rng);
            let result = std::panic::catch_unwind(|| target(&input));
            if result.is_err() {
                let out = std::env::temp_dir().join(format!("shisaku-fuzz-{name}-{i}.bin"));
                let _ = std::fs::write(&out, &input);
                panic!(
                    "{name}: mutation {i} of {} panicked; input saved to {}",
                    path.display(),
                    out.display()
                );
            }
            done.mutations += 1;
        }
    }
    done
}
