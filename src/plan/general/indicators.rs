//! Indicators as printed: on one line ("name（現状値 H24年３月末 0グループ →
//! 目標値 28年度末 2グループ）") or in a cell ("◇name" lines, then 現状値 and
//! 目標値 lines, the date before or after the value).

use std::sync::OnceLock;

use regex::Regex;

use super::labels::{vocabulary, Field};
use crate::plan::record::Indicator;
use crate::plan::text::join_wrapped;

fn words(field: Field) -> String {
    let v = vocabulary();
    let mut ws: Vec<String> = v
        .words_of(field)
        .into_iter()
        .map(|w| regex::escape(&w))
        .collect();
    ws.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    ws.join("|")
}

/// The inline indicator patterns: values in parentheses after the name, then
/// (lenient) values after the name without parentheses, any separator between.
fn inline_indicator_res() -> &'static [Regex; 2] {
    static RE: OnceLock<[Regex; 2]> = OnceLock::new();
    RE.get_or_init(|| {
        let (c, t) = (words(Field::Current), words(Field::Target));
        // Short words (現状, 現況) are too common inside names to split on without brackets.
        let long_c = words(Field::Current)
            .split('|')
            .filter(|w| w.chars().count() >= 3)
            .collect::<Vec<_>>()
            .join("|");
        // A date is read by its shape, so that a value wrapped onto the
        // next line without a space still separates from it.
        let date = r"(?:[A-Za-zＡ-Ｚａ-ｚ]|平成|令和|昭和)?\s*[0-9０-９元]{1,4}\s*年\s*度?(?:\s*[0-9０-９]{1,2}\s*月)?(?:\s*[0-9０-９]{1,2}\s*日)?\s*(?:末|時点|現在)?";
        let value = |n: &str| {
            format!(r"\s*[（(]?\s*(?:(?P<{n}>{date})\s*[）)]?[\s：:]*|(?P<{n}2>[^\s）)]+)\s*[）)]?[\s：:]+)")
        };
        let strict = format!(
            r"^(?s)(?P<name>.*?)\s*[（(]\s*(?:{c}){}(?P<cv>.+?)\s*(?:→|⇒|➡|～|~)\s*(?:{t}){}(?P<tv>.+?)\s*[）)]$",
            value("cas"),
            value("tas")
        );
        let lenient = format!(
            r"^(?s)(?P<name>.+?)[\s：:、，]*(?:{long_c}){}(?P<cv>.+?)\s*(?:→|⇒|➡|～|~|、|，|／|\s)\s*(?:{t}){}(?P<tv>.+?)\s*[）)]?$",
            value("cas"),
            value("tas")
        );
        [strict, lenient].map(|r| Regex::new(&r).expect("valid regex"))
    })
}

/// An indicator written on one line: "name（現状値 H24年３月末 0グループ → 目標値 28年度末 2グループ）";
/// text without values is a name alone.
pub fn inline_indicator(text: &str) -> Indicator {
    let caps = inline_indicator_res()
        .iter()
        .find_map(|re| re.captures(text.trim()));
    match caps {
        Some(c) => {
            let get = |a: &str, b: &str| c.name(a).or(c.name(b)).map_or("", |m| m.as_str().trim());
            Indicator::printed(
                c["name"].trim(),
                Some((get("cas", "cas2"), c["cv"].trim())),
                Some((get("tas", "tas2"), c["tv"].trim())),
            )
        }
        None => Indicator::printed(text.trim(), None, None),
    }
}

/// "現状値（H24年３月末）：0グループ" → (Current, "H24年３月末", "0グループ");
/// the date may also follow the value: "現状値：0グループ（H24年３月末）".
pub fn value_label(line: &str) -> Option<(Field, String, String)> {
    let t = line.trim_start();
    let colon = t.find(['：', ':'])?;
    let (f, note) = vocabulary().field_with_note(&t[..colon])?;
    let rest = t[colon..].trim_start_matches(['：', ':']).trim();
    if !matches!(f, Field::Current | Field::Target) {
        return None;
    }
    match note {
        Some(note) => Some((f, note, rest.to_string())),
        None => {
            let (value, as_of) = trailing_date(rest).unwrap_or((rest, ""));
            Some((f, as_of.to_string(), value.to_string()))
        }
    }
}

/// "0グループ（H24年３月末）" → ("0グループ", "H24年３月末"): a value followed by
/// a date in brackets (a 年, 月 or 末 in it), split off.
pub(super) fn trailing_date(text: &str) -> Option<(&str, &str)> {
    let inner = text.strip_suffix(['）', ')'])?;
    let open = inner.rfind(['（', '('])?;
    let date = &inner[open..];
    let date = date[date.chars().next()?.len_utf8()..].trim();
    let value = inner[..open].trim();
    let dated = date.chars().any(|c| matches!(c, '年' | '月' | '末'))
        && date
            .chars()
            .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c) || c == '元');
    (dated && !value.is_empty()).then_some((value, date))
}

/// Whether a line starts with a current/target value label (現状値, 目標値 …).
pub(super) fn starts_value(line: &str) -> bool {
    // The label form without dropping the colon: NFKC, no white space, no
    // leading marks or brackets.
    let k = crate::plan::text::key(line);
    let k = k.trim_start_matches(|c| super::labels::is_mark(c) || super::labels::is_bracket(c));
    let v = vocabulary();
    [Field::Current, Field::Target]
        .iter()
        .flat_map(|f| v.words_of(*f))
        .any(|w| {
            let w = super::labels::label_key(&w);
            k.starts_with(&w)
                && k[w.len()..].starts_with(['(', '（', ':', '：', ']', '】', '>', '＞'])
        })
}

/// Sets the current value of `ind` (`field` Current) or its target (any
/// other), printed `value` as of `as_of`.
pub(super) fn set_value(ind: &mut Indicator, field: Field, as_of: &str, value: &str) {
    let v = Some((as_of, value));
    match field {
        Field::Current => ind.current = Indicator::printed("", v, None).current,
        _ => ind.target = Indicator::printed("", None, v).target,
    }
}

/// Indicators of a cell: "◇name" lines (wrapped), then 現状値（…）：value and
/// 目標値（…）：value lines (wrapped).
pub fn cell_indicators(lines: &[String]) -> Vec<Indicator> {
    // Parts: (is a value part, joined text), each starting at a bullet or a value label.
    let mut parts: Vec<(bool, String)> = Vec::new();
    for line in lines {
        let t = line.trim();
        let bullet = t.starts_with(['◇', '◆', '・', '○', '●']);
        if starts_value(t) {
            parts.push((true, t.to_string()));
        } else if bullet || parts.is_empty() {
            let name = t.trim_start_matches(['◇', '◆', '・', '○', '●']).trim();
            parts.push((false, name.to_string()));
        } else if let Some(last) = parts.last_mut() {
            last.1 = join_wrapped([last.1.as_str(), t]);
        }
    }
    let mut out: Vec<Indicator> = Vec::new();
    for (value, text) in parts {
        if !value {
            out.push(Indicator::printed(&text, None, None));
            continue;
        }
        let Some((f, as_of, rest)) = value_label(&text) else {
            continue;
        };
        if out.is_empty() {
            out.push(Indicator::printed("", None, None));
        }
        let Some(ind) = out.last_mut() else { continue };
        set_value(ind, f, &as_of, &rest);
    }
    for ind in &mut out {
        if ind.name.contains('（') && ind.current.is_none() && ind.target.is_none() {
            *ind = inline_indicator(&ind.name);
        }
    }
    out.retain(|i| !i.name.is_empty() || i.current.is_some() || i.target.is_some());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indicators_inline_and_in_cells() {
        let i = inline_indicator("市町村の共同利用クラウドグループ数（現状値 H24年３月末 0グループ → 目標値 28年度末 2グループ）");
        assert_eq!(i.name, "市町村の共同利用クラウドグループ数");
        assert_eq!(i.current.unwrap().as_of, "H24年３月末");
        assert_eq!(i.target.unwrap().value, "2グループ");
        let i = inline_indicator("数（現状値 26年3月末 0件 → 目標値 28年度末5,000件）");
        assert_eq!(i.target.as_ref().unwrap().as_of, "28年度末");
        assert_eq!(i.target.unwrap().value, "5,000件");
        let i = inline_indicator(
            "接続医療機関数 現状値（26年7月末）330施設、目標値（28年度末）2,000施設",
        );
        assert_eq!(i.name, "接続医療機関数");
        assert_eq!(i.current.as_ref().unwrap().value, "330施設");
        assert_eq!(i.target.as_ref().unwrap().as_of, "28年度末");
        let i = inline_indicator("利用者数（累計）");
        assert_eq!((i.name.as_str(), i.current), ("利用者数（累計）", None));
        let lines: Vec<String> = [
            "◇市町村の共同利用クラウドグル",
            "ープ数",
            "現状値（H24年３月末）：0グル",
            "ープ",
            "目標値（28年度末）：2グループ",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let v = cell_indicators(&lines);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].name, "市町村の共同利用クラウドグループ数");
        assert_eq!(v[0].current.as_ref().unwrap().value, "0グループ");
        // The date after the value.
        let lines: Vec<String> = [
            "◇設置小学校数（累計）",
            "現状値：14校（25年6月末）",
            "目標値：21校（27年度末）",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let v = cell_indicators(&lines);
        assert_eq!(v[0].name, "設置小学校数（累計）");
        let current = v[0].current.as_ref().unwrap();
        assert_eq!(
            (current.value.as_str(), current.as_of.as_str()),
            ("14校", "25年6月末")
        );
        assert_eq!(v[0].target.as_ref().unwrap().as_of, "27年度末");
        // A value whose brackets hold no date keeps them.
        let v = cell_indicators(&["◇件数".to_string(), "目標値：100件（累計）".to_string()]);
        assert_eq!(v[0].target.as_ref().unwrap().value, "100件（累計）");
    }
}
