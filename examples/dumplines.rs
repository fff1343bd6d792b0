//! Debug: print the laid-out lines (and rules) of a PDF's pages.
use shisaku::layout::{analyze, LayoutParams};
use shisaku::pdf::{Document, Limits};
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let doc = Document::open(std::path::Path::new(&args[1]), Limits::default()).expect("open");
    let pages: Vec<u32> = args
        .get(2)
        .map(|s| s.split(',').filter_map(|x| x.parse().ok()).collect())
        .unwrap_or_else(|| (1..=doc.page_count() as u32).collect());
    for n in pages {
        let page = doc.page(n).expect("page");
        let l = analyze(&page, &LayoutParams::default());
        println!(
            "=== page {n} {}x{} rules={}",
            l.width,
            l.height,
            l.rules.len()
        );
        for t in &l.lines {
            println!(
                "{:6.1} {:6.1} {:6.1} {:6.1} s{:4.1} |{}",
                t.bbox.x0, t.bbox.y0, t.bbox.x1, t.bbox.y1, t.size, t.text
            );
        }
        if args.len() > 3 {
            for r in &l.rules {
                println!(
                    "R {:?} {:.1} {:.1} {:.1} {:.1} f{} s{}",
                    r.kind, r.bbox.x0, r.bbox.y0, r.bbox.x1, r.bbox.y1, r.filled, r.stroked
                );
            }
        }
    }
}
