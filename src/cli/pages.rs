//! `--pages` selections ("3", "3-5", "1,4-6") read against a document's
//! page count, with messages a person can act on.

/// Why a page selection cannot be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PageSelectionError {
    /// A part is not a page number or a range of them.
    #[error(
        "--pages {spec:?}: {part:?} is not a page number or a range like 3-5 (pages are 1-{count})"
    )]
    NotANumber {
        /// The whole selection.
        spec: String,
        /// The part that is wrong.
        part: String,
        /// Pages in the document.
        count: u32,
    },
    /// A range runs backwards.
    #[error("--pages {spec:?}: the range {part} runs backwards; write {b}-{a}")]
    Backwards {
        /// The whole selection.
        spec: String,
        /// The range as written.
        part: String,
        /// Its first number.
        a: u32,
        /// Its last number.
        b: u32,
    },
    /// A page is outside the document.
    #[error("--pages {spec:?}: the document has {count} page(s); page {page} does not exist")]
    OutOfRange {
        /// The whole selection.
        spec: String,
        /// The page asked for.
        page: u32,
        /// Pages in the document.
        count: u32,
    },
}

/// Reads a page selection such as "3", "3-5" or "1,4-6" against `count`
/// pages; `None` selects every page.
pub fn page_selection(spec: Option<&str>, count: usize) -> Result<Vec<u32>, PageSelectionError> {
    let count = u32::try_from(count).unwrap_or(u32::MAX);
    let Some(spec) = spec else {
        return Ok((1..=count).collect());
    };
    let not_a_number = |part: &str| PageSelectionError::NotANumber {
        spec: spec.to_string(),
        part: part.to_string(),
        count,
    };
    let mut out = Vec::new();
    for part in spec.split(',') {
        let part = part.trim();
        let number = |s: &str| s.trim().parse::<u32>().map_err(|_| not_a_number(part));
        let (a, b) = match part.split_once('-') {
            Some((a, b)) => (number(a)?, number(b)?),
            None => {
                let n = number(part)?;
                (n, n)
            }
        };
        if b < a {
            return Err(PageSelectionError::Backwards {
                spec: spec.to_string(),
                part: part.to_string(),
                a,
                b,
            });
        }
        if let Some(page) = [a, b].into_iter().find(|p| *p == 0 || *p > count) {
            return Err(PageSelectionError::OutOfRange {
                spec: spec.to_string(),
                page,
                count,
            });
        }
        out.extend(a..=b);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selections_and_their_messages() {
        assert_eq!(page_selection(None, 3).unwrap(), [1, 2, 3]);
        assert_eq!(page_selection(Some("1,3-4"), 5).unwrap(), [1, 3, 4]);
        let msg = |s: &str| page_selection(Some(s), 38).unwrap_err().to_string();
        assert_eq!(
            msg("99"),
            "--pages \"99\": the document has 38 page(s); page 99 does not exist"
        );
        assert_eq!(
            msg("5-3"),
            "--pages \"5-3\": the range 5-3 runs backwards; write 3-5"
        );
        assert_eq!(
            msg("abc"),
            "--pages \"abc\": \"abc\" is not a page number or a range like 3-5 (pages are 1-38)"
        );
        assert!(msg("0").contains("page 0 does not exist"));
    }
}
