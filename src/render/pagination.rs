//! Which page numbers a paginated list links to: a window around the
//! current page, plus the first and last, with gaps between them. Every
//! page then carries a bounded number of links, however long the list.

/// How many pages on each side of the current one are linked.
pub(super) const NEIGHBOURS: usize = 2;

/// One place in the row of page links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Slot {
    /// A link to page `n` (from 1).
    Page(usize),
    /// Pages left out between two links.
    Gap,
}

/// The links shown on page `current` of `total`: the first and last pages,
/// `neighbours` pages on each side of the current one, and a gap wherever
/// pages are left out. A gap never stands for a single page: that page is
/// shown instead, as the gap would take as much room as its link.
pub(super) fn window(current: usize, total: usize, neighbours: usize) -> Vec<Slot> {
    let total = total.max(1);
    let current = current.clamp(1, total);
    let low = current.saturating_sub(neighbours).max(1);
    let high = current.saturating_add(neighbours).min(total);
    let mut slots = Vec::with_capacity(2 * neighbours + 5);
    // Before the window: page 1, then page 2 or a gap.
    if low > 1 {
        slots.push(Slot::Page(1));
    }
    match low {
        0..=2 => {}
        3 => slots.push(Slot::Page(2)),
        _ => slots.push(Slot::Gap),
    }
    slots.extend((low..=high).map(Slot::Page));
    // After it, the same in mirror.
    match total - high {
        0 | 1 => {}
        2 => slots.push(Slot::Page(total - 1)),
        _ => slots.push(Slot::Gap),
    }
    if high < total {
        slots.push(Slot::Page(total));
    }
    slots
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The window as text: `1 … 4 [5] 6 … 10`.
    fn shown(current: usize, total: usize) -> String {
        window(current, total, NEIGHBOURS)
            .iter()
            .map(|slot| match slot {
                Slot::Page(n) if *n == current => format!("[{n}]"),
                Slot::Page(n) => n.to_string(),
                Slot::Gap => "…".to_string(),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn small_counts_show_every_page() {
        assert_eq!(shown(1, 1), "[1]");
        assert_eq!(shown(1, 2), "[1] 2");
        assert_eq!(shown(2, 2), "1 [2]");
        assert_eq!(shown(3, 5), "1 2 [3] 4 5");
        // Seven pages from the middle: every page is a neighbour or an end.
        assert_eq!(shown(4, 7), "1 2 3 [4] 5 6 7");
    }

    #[test]
    fn first_pages_show_the_start_and_the_last() {
        assert_eq!(shown(1, 100), "[1] 2 3 … 100");
        assert_eq!(shown(2, 100), "1 [2] 3 4 … 100");
        assert_eq!(shown(3, 100), "1 2 [3] 4 5 … 100");
        assert_eq!(shown(4, 100), "1 2 3 [4] 5 6 … 100");
        // A gap would hide page 2 only: show it.
        assert_eq!(shown(5, 100), "1 2 3 4 [5] 6 7 … 100");
        assert_eq!(shown(6, 100), "1 … 4 5 [6] 7 8 … 100");
    }

    #[test]
    fn middle_pages_show_both_gaps() {
        assert_eq!(shown(50, 100), "1 … 48 49 [50] 51 52 … 100");
        assert_eq!(shown(500, 1000), "1 … 498 499 [500] 501 502 … 1000");
    }

    #[test]
    fn last_pages_mirror_the_first() {
        assert_eq!(shown(100, 100), "1 … 98 99 [100]");
        assert_eq!(shown(99, 100), "1 … 97 98 [99] 100");
        assert_eq!(shown(96, 100), "1 … 94 95 [96] 97 98 99 100");
        assert_eq!(shown(95, 100), "1 … 93 94 [95] 96 97 … 100");
    }

    #[test]
    fn the_number_of_links_is_bounded() {
        for total in [1, 2, 7, 8, 9, 10, 50, 10_000] {
            for current in 1..=total.min(60) {
                let slots = window(current, total, NEIGHBOURS);
                assert!(slots.len() <= 2 * NEIGHBOURS + 5, "{current}/{total}");
                // Every page shown once, in order, the current one among them.
                let pages: Vec<usize> = slots
                    .iter()
                    .filter_map(|s| match s {
                        Slot::Page(n) => Some(*n),
                        Slot::Gap => None,
                    })
                    .collect();
                assert!(pages.windows(2).all(|w| w[0] < w[1]), "{current}/{total}");
                assert!(pages.contains(&current) && pages[0] == 1);
                assert_eq!(pages.last(), Some(&total));
                // A gap only between pages at least two apart.
                for (i, slot) in slots.iter().enumerate() {
                    if *slot == Slot::Gap {
                        let (Slot::Page(a), Slot::Page(b)) = (slots[i - 1], slots[i + 1]) else {
                            panic!("a gap between two pages")
                        };
                        assert!(b - a > 2, "{current}/{total}");
                    }
                }
            }
        }
    }

    #[test]
    fn out_of_range_pages_are_clamped() {
        assert_eq!(window(0, 0, NEIGHBOURS), vec![Slot::Page(1)]);
        assert_eq!(window(9, 3, 1), window(3, 3, 1));
    }
}
