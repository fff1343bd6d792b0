//! One-to-one assignment of scored candidate pairs.
//!
//! Greedy by score: the best remaining pair is taken, then every other pair
//! touching either of its records is discarded, and so on down to the
//! threshold. With few strong links per record (the usual case between two
//! editions of a plan) this gives the same answer as an optimal (Hungarian)
//! assignment, and it is easy to explain: a link exists because nothing
//! scored higher for either side.

/// A scored candidate: indices into the earlier and the later edition's lists.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Index on the earlier side.
    pub from: usize,
    /// Index on the later side.
    pub to: usize,
    /// Score in 0..=1.
    pub score: f64,
}

/// Picks pairs with `score >= threshold`, best first, each index used at most
/// once on its side. Ties are broken by the indices, so the result is
/// deterministic. Returned in the order picked.
pub fn greedy(mut candidates: Vec<Candidate>, threshold: f64) -> Vec<Candidate> {
    candidates.retain(|c| c.score >= threshold && c.score.is_finite());
    candidates.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.from.cmp(&b.from))
            .then(a.to.cmp(&b.to))
    });
    let mut used_from = std::collections::HashSet::new();
    let mut used_to = std::collections::HashSet::new();
    let mut out = Vec::new();
    for c in candidates {
        if used_from.contains(&c.from) || used_to.contains(&c.to) {
            continue;
        }
        used_from.insert(c.from);
        used_to.insert(c.to);
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(from: usize, to: usize, score: f64) -> Candidate {
        Candidate { from, to, score }
    }

    #[test]
    fn each_side_is_used_once_best_first() {
        let picked = greedy(
            vec![c(0, 0, 0.9), c(0, 1, 0.8), c(1, 0, 0.85), c(1, 1, 0.5)],
            0.3,
        );
        assert_eq!(picked, vec![c(0, 0, 0.9), c(1, 1, 0.5)]);
    }

    #[test]
    fn below_threshold_and_nan_are_dropped() {
        assert!(greedy(vec![c(0, 0, 0.2), c(1, 1, f64::NAN)], 0.3).is_empty());
    }
}
