//! Stories: reports joined by the event labels their claims share (or name in `extends`,
//! `during`, `after`, `before`) and by the findings about claims of both, and which findings involve each
//! claim.

use super::*;

pub(super) struct Story {
    pub(super) reports: Vec<ReportId>,
    pub(super) claims: Vec<ClaimId>,
}

/// Reports joined by the labels their claims share or name, and by findings about claims
/// of both (a gap between two outlets' plans keyed on their parties), so every finding about
/// claims can be drawn on one timeline.
pub(super) fn stories(c: &Corpus, findings: &[Finding]) -> Vec<Story> {
    let n = c.reports.len();
    let mut parent: Vec<usize> = (0..n).collect();
    pub(super) fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    let join = |p: &mut [usize], x: ReportId, y: ReportId| {
        let (a, b) = (find(p, x), find(p, y));
        // The smaller report index is the root, so stories keep corpus order.
        p[a.max(b)] = a.min(b);
    };
    let mut by_label: BTreeMap<&str, ReportId> = BTreeMap::new();
    for cl in &c.claims {
        let labels = cl
            .label
            .as_deref()
            .into_iter()
            .chain(cl.rare().extends().iter().map(|(l, _)| l.as_str()))
            .chain(cl.rare().during().map(|(l, _)| l.as_str()))
            .chain(cl.rare().after().map(|(l, _)| l.as_str()))
            .chain(cl.rare().before().map(|(l, _)| l.as_str()));
        for l in labels {
            match by_label.get(l) {
                Some(&r) => join(&mut parent, r, cl.report()),
                None => {
                    by_label.insert(l, cl.report());
                }
            }
        }
    }
    for f in findings {
        let mut reports = f
            .involved
            .iter()
            .filter_map(|inv| inv.claim().map(|id| c.claims[id].report()));
        if let Some(first) = reports.next() {
            for r in reports {
                join(&mut parent, first, r);
            }
        }
    }
    let mut groups: BTreeMap<usize, Story> = BTreeMap::new();
    for r in 0..n {
        let root = find(&mut parent, r);
        groups
            .entry(root)
            .or_insert_with(|| Story {
                reports: Vec::new(),
                claims: Vec::new(),
            })
            .reports
            .push(r);
    }
    for (i, cl) in c.claims.iter().enumerate() {
        let root = find(&mut parent, cl.report());
        if let Some(s) = groups.get_mut(&root) {
            s.claims.push(i);
        }
    }
    groups
        .into_values()
        .filter(|s| !s.claims.is_empty())
        .collect()
}

/// Which findings involve each claim, in finding order.
pub(super) fn findings_by_claim(findings: &[Finding]) -> BTreeMap<ClaimId, Vec<usize>> {
    let mut m: BTreeMap<ClaimId, Vec<usize>> = BTreeMap::new();
    for (i, f) in findings.iter().enumerate() {
        for inv in &f.involved {
            if let Some(c) = inv.claim() {
                let v = m.entry(c).or_default();
                if v.last() != Some(&i) {
                    v.push(i);
                }
            }
        }
    }
    m
}
