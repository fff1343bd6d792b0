//! A synthetic municipal budget book for tests: the same pages as
//! `scripts/make_budget_book.py` writes (one ruled 款・項・目 table per page,
//! every row's name distinct, non-embedded HeiseiKakuGo-W5 with
//! UniJIS-UCS2-H), built here so the test needs nothing but Rust.

use std::io::Write;

const PLACES: [&str; 20] = [
    "青葉",
    "宮野",
    "若林",
    "泉ヶ丘",
    "太白",
    "富谷",
    "松島",
    "岩沼",
    "名取",
    "角田",
    "白石",
    "蔵王",
    "大河原",
    "柴田",
    "丸森",
    "亘理",
    "山元",
    "利府",
    "大和",
    "大郷",
];
const THINGS: [&str; 15] = [
    "防災倉庫",
    "公民館",
    "児童館",
    "図書館",
    "体育館",
    "浄水場",
    "消防分署",
    "保育所",
    "集会所",
    "道路照明",
    "排水路",
    "公園遊具",
    "学校給食",
    "情報端末",
    "庁舎空調",
];
const ACTIONS: [&str; 8] = [
    "整備",
    "改修",
    "維持管理",
    "運営",
    "更新",
    "点検",
    "設計",
    "移転",
];
const KAN: [&str; 6] = ["総務費", "民生費", "衛生費", "土木費", "消防費", "教育費"];
/// Rows a page may have (row names are numbered as if every page had this many).
pub const ROWS_MAX: usize = 40;

/// The distinct name of row `row` (0-based) on page `page` (1-based).
pub fn row_name(page: usize, row: usize) -> String {
    let n = (page - 1) * ROWS_MAX + row;
    let combos = PLACES.len() * THINGS.len() * ACTIONS.len();
    let place = PLACES[n % PLACES.len()];
    let thing = THINGS[(n / PLACES.len()) % THINGS.len()];
    let action = ACTIONS[(n / (PLACES.len() * THINGS.len())) % ACTIONS.len()];
    let phase = if n >= combos {
        format!("（第{}期）", n / combos + 1)
    } else {
        String::new()
    };
    format!("{place}地区{thing}{action}事業費{phase}")
}

fn ucs2(text: &str) -> String {
    let mut out = String::from("<");
    for unit in text.encode_utf16() {
        out.push_str(&format!("{unit:04X}"));
    }
    out.push('>');
    out
}

fn page_ops(page: usize, rows: usize) -> Vec<u8> {
    let cols: [(f32, f32, &str); 6] = [
        (30.0, 50.0, "款"),
        (80.0, 40.0, "項"),
        (120.0, 250.0, "目・事業"),
        (370.0, 70.0, "本年度"),
        (440.0, 70.0, "前年度"),
        (510.0, 60.0, "比較"),
    ];
    let (top, h) = (780.0_f32, 18.0_f32);
    let mut ops: Vec<String> = Vec::new();
    let text = |ops: &mut Vec<String>, x: f32, y: f32, size: f32, s: &str| {
        ops.push(format!(
            "BT /F1 {size} Tf {x:.1} {y:.1} Td {} Tj ET",
            ucs2(s)
        ));
    };
    text(
        &mut ops,
        40.0,
        805.0,
        11.0,
        "令和６年度　一般会計歳出予算事項別明細書",
    );
    for (x, w, label) in cols {
        ops.push(format!("{x} {top} {w} {} re S", -h));
        text(&mut ops, x + 3.0, top - 13.0, 9.0, label);
    }
    for r in 0..rows {
        let y = top - h * (r as f32 + 1.0);
        let amount = ((page * 7919 + r * 104_729) % 90_000) + 1000;
        let before = ((page * 104_729 + r * 7919) % 90_000) + 1000;
        let cells = [
            KAN[(page + r / 12) % KAN.len()].to_string(),
            format!("{}項", r % 12 + 1),
            row_name(page, r),
            amount.to_string(),
            before.to_string(),
            (amount as i64 - before as i64).to_string(),
        ];
        for ((x, w, _), cell) in cols.iter().zip(cells) {
            ops.push(format!("{x} {y} {w} {} re S", -h));
            text(&mut ops, x + 3.0, y - 13.0, 8.0, &cell);
        }
    }
    text(&mut ops, 290.0, 30.0, 9.0, &format!("－ {page} －"));
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(ops.join("\n").as_bytes()).expect("deflate");
    z.finish().expect("deflate")
}

/// A budget book of `pages` pages with `rows` rows each (at most [`ROWS_MAX`]).
pub fn budget_book(pages: usize, rows: usize) -> Vec<u8> {
    let rows = rows.min(ROWS_MAX);
    let font = b"<< /Type /Font /Subtype /Type0 /BaseFont /HeiseiKakuGo-W5 /Encoding /UniJIS-UCS2-H /DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /HeiseiKakuGo-W5 /CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 4 >> /FontDescriptor << /Type /FontDescriptor /FontName /HeiseiKakuGo-W5 /Flags 4 /FontBBox [-92 -250 1010 922] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 740 /StemV 80 >> /DW 1000 >>] >>".to_vec();
    let mut objs: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        Vec::new(),
        font,
    ];
    let mut kids = Vec::new();
    for p in 1..=pages {
        let content = page_ops(p, rows);
        let mut stream = format!(
            "<< /Length {} /Filter /FlateDecode >>\nstream\n",
            content.len()
        )
        .into_bytes();
        stream.extend(content);
        stream.extend(b"\nendstream");
        objs.push(stream);
        objs.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
                objs.len()
            )
            .into_bytes(),
        );
        kids.push(format!("{} 0 R", objs.len()));
    }
    objs[1] = format!(
        "<< /Type /Pages /Kids [{}] /Count {pages} >>",
        kids.join(" ")
    )
    .into_bytes();
    let mut body = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objs.iter().enumerate() {
        offsets.push(body.len());
        body.extend(format!("{} 0 obj\n", i + 1).into_bytes());
        body.extend(o);
        body.extend(b"\nendobj\n");
    }
    let xref = body.len();
    body.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).into_bytes());
    for o in offsets {
        body.extend(format!("{o:010} 00000 n \n").into_bytes());
    }
    body.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objs.len() + 1
        )
        .into_bytes(),
    );
    body
}
