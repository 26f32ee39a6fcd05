//! The claims of each kind, one method each: visits, meetings, events and awards (told as
//! accounts of stories), statements, office holders (`holds`) and plans or agreements with
//! their periods, signing and status. Each writes one claim's text, planting a problem now
//! and then where the rule it breaks can show it.

use std::fmt::Write as _;

use verify::calendar::Day;

use crate::dates::{
    day, exact_pt, iso, iso_month, iso_year, month_end, month_start, year_end, year_of, year_start,
};
use crate::generator::{Block, Gen};
use crate::stories::{Dating, Kind, Stay, Story, LONGEST_STAY};
use crate::world::{Where, AWARDS, PREDICATES, TOPICS};

impl Gen {
    /// A `visit` claim in `block` of a report published on `p`: another account of a recent
    /// visit, or the first of a new one (`None` when nobody is free for one).
    pub(crate) fn visit(&mut self, block: &Block, p: Day) -> Option<String> {
        let (si, first) = self.pick_story(Kind::Visit, 0.45, |g| g.new_visit(p))?;
        let origin = block.origin();
        self.told(si, origin);
        let st = &self.stories[si];
        let (label, visitor, dest, s, e) = (
            st.label.clone(),
            self.world.persons[st.people[0]].clone(),
            st.place.expect("a visit has a destination"),
            st.start,
            st.end,
        );
        let with = self.world.names(&st.people[1..]);
        let coming = st.coming_from;
        let dest = if first {
            dest
        } else {
            self.world.vaguer(&mut self.rng, dest)
        };
        let mut t = format!("visit {label}: {visitor} to {}", self.world.where_id(dest));
        if let Some(c) = coming {
            if self.rng.chance(0.6) {
                let _ = write!(t, " coming from {}", self.world.where_id(c));
            }
        }
        if !with.is_empty() && (first || self.rng.chance(0.5)) {
            let _ = write!(t, " with {with}");
        }
        // Some accounts give only the arrival day, and its weekday; none once an account
        // moved the visit's days, as the arrival would contradict that account too.
        if !first && self.stories[si].dating != Dating::Disputed && self.rng.chance(0.1) {
            self.stories[si].dating = Dating::Tied;
            // Planted: a later arrival, once an account gave the first day exactly.
            let wrong = self.rng.chance(0.08) && !self.stories[si].exact_by.is_empty();
            let day = if wrong {
                self.plant("arrival-weekday-mismatch");
                s + self.rng.range(1, 3)
            } else {
                s
            };
            let pt = exact_pt(&mut self.rng, day, block.anchor.as_ref(), 0.6);
            let _ = write!(t, " arriving {}", pt.text);
        } else {
            let w = self.account_when(si, block, first);
            t.push_str(&w.text);
            t.push_str(&self.lasting(s, e, w.exact));
        }
        let topic = self.stories[si].topic;
        t.push_str(&self.topic_of(topic));
        self.labels.insert(label);
        Some(t)
    }

    fn topic_of(&mut self, topic: Option<&'static str>) -> String {
        match topic {
            Some(t) if self.rng.chance(0.6) => format!(" topic \"{t}\""),
            _ => String::new(),
        }
    }

    fn new_visit(&mut self, p: Day) -> Option<usize> {
        let visitor = self.world.person(&mut self.rng);
        let dest = match self.rng.unit() {
            r if r < 0.5 => Where::Country(self.rng.below(self.world.countries.len())),
            _ => {
                let c = self.world.some_city(&mut self.rng);
                self.world.inside(&mut self.rng, c)
            }
        };
        let mut people = vec![visitor];
        if self.rng.chance(0.3) {
            let other = self.world.person(&mut self.rng);
            if other != visitor {
                people.push(other);
            }
        }
        let len = self.rng.range(1, 5);
        let (s, e) = self.story_days(p, len, &mut people, Some(dest))?;
        let coming_from = self
            .rng
            .chance(0.3)
            .then(|| Where::Country(self.rng.below(self.world.countries.len())));
        let label = self.new_label("v");
        let topic = self.rng.chance(0.5).then(|| *self.rng.pick(&TOPICS));
        let st = Story {
            kind: Kind::Visit,
            label,
            start: s,
            end: e,
            people,
            place: Some(dest),
            coming_from,
            event: None,
            during: None,
            award: None,
            statement: None,
            topic,
            origins: Vec::new(),
            exact_by: Vec::new(),
            dating: Dating::Open,
            planted: None,
        };
        let si = self.add_story(st);
        Some(si)
    }

    /// A `meeting` claim in `block` of a report published on `p`: a recent meeting retold, or
    /// a new one, often during a recent visit (`None` when nobody is free for one).
    pub(crate) fn meeting(&mut self, block: &Block, p: Day) -> Option<String> {
        let (si, first) = self.pick_story(Kind::Meeting, 0.4, |g| g.new_meeting(p))?;
        self.told(si, block.origin());
        let st = &self.stories[si];
        let (label, people, place, during, s, e, topic) = (
            st.label.clone(),
            st.people.clone(),
            st.place,
            st.during.clone(),
            st.start,
            st.end,
            st.topic,
        );
        let mut t = format!("meeting {label}: {}", self.world.names(&people));
        if let Some(pl) = place {
            if first || self.rng.chance(0.7) {
                let _ = write!(t, " in {}", self.world.where_id(pl));
            }
        }
        let w = self.account_when(si, block, first);
        t.push_str(&w.text);
        t.push_str(&self.lasting(s, e, w.exact));
        if let Some(d) = during {
            // A later segment may not name the visit's label any more.
            if (first || self.rng.chance(0.5)) && self.labels.contains(&d) {
                let _ = write!(t, " during {d}");
            }
        }
        t.push_str(&self.topic_of(topic));
        self.labels.insert(label);
        Some(t)
    }

    fn new_meeting(&mut self, p: Day) -> Option<usize> {
        // Often a meeting during a recent visit, in the place visited.
        if self.rng.chance(0.35) {
            if let Some(si) = self.meeting_during_visit() {
                return Some(si);
            }
        }
        let n = if self.rng.chance(0.2) { 3 } else { 2 };
        let mut people: Vec<usize> = Vec::new();
        while people.len() < n {
            let q = self.world.person(&mut self.rng);
            if !people.contains(&q) {
                people.push(q);
            }
        }
        let place = if self.rng.chance(0.9) {
            let c = self.world.some_city(&mut self.rng);
            Some(self.world.inside(&mut self.rng, c))
        } else {
            None
        };
        let len = if self.rng.chance(0.85) { 1 } else { 2 };
        let (s, e) = self.story_days(p, len, &mut people, place)?;
        let label = self.new_label("m");
        let topic = self.rng.chance(0.5).then(|| *self.rng.pick(&TOPICS));
        let si = self.add_story(Story {
            kind: Kind::Meeting,
            label,
            start: s,
            end: e,
            people,
            place,
            coming_from: None,
            event: None,
            during: None,
            award: None,
            statement: None,
            topic,
            origins: Vec::new(),
            exact_by: Vec::new(),
            dating: Dating::Open,
            planted: None,
        });
        Some(si)
    }

    /// A meeting of a recent visit's visitor with someone free, on a day of the visit in
    /// the place visited, if the visit's days stand and the visitor is free there then.
    fn meeting_during_visit(&mut self) -> Option<usize> {
        let vi = self.recent_story(Kind::Visit)?;
        let v = &self.stories[vi];
        if v.dating == Dating::Disputed || !self.labels.contains(&v.label) {
            return None;
        }
        let (vs, ve, dest, visitor) = (v.start, v.end, v.place?, v.people[0]);
        let vlabel = v.label.clone();
        // A planted problem shows against an account that gave the visit's days exactly.
        let dated = !v.exact_by.is_empty();
        let d = vs + self.rng.range(0, ve - vs);
        let r = self.rng.unit();
        let (planted, day, place) = if dated && r < 0.15 {
            // Planted: the meeting is placed in another country while the visitor is
            // away on the visit.
            let country = self.world.country_of(dest);
            let mut c = self.rng.below(self.world.countries.len());
            if c == country {
                c = (c + 1) % self.world.countries.len();
            }
            let place = self.world.inside(&mut self.rng, Where::Country(c));
            (Some("person-in-two-places"), d, place)
        } else if dated && r < 0.2 {
            // Planted: the meeting is dated after the visit ended.
            let out = ve + self.rng.range(1, 5);
            let place = self.world.inside(&mut self.rng, dest);
            (Some("sub-event-outside-parent"), out, place)
        } else {
            let place = self.world.inside(&mut self.rng, dest);
            (None, d, place)
        };
        if planted != Some("person-in-two-places") && !self.is_free(visitor, day, day, place) {
            return None;
        }
        let local = self.free_person(day, day, place, &[visitor])?;
        if let Some(rule) = planted {
            self.plant(rule);
        }
        for q in [visitor, local] {
            self.note_stay(
                q,
                Stay {
                    first: day,
                    last: day,
                    at: place,
                },
            );
        }
        self.stories[vi].dating = Dating::Tied;
        let label = self.new_label("m");
        let topic = self.rng.chance(0.5).then(|| *self.rng.pick(&TOPICS));
        let si = self.add_story(Story {
            kind: Kind::Meeting,
            label,
            start: day,
            end: day,
            people: vec![visitor, local],
            place: Some(place),
            coming_from: None,
            event: None,
            during: Some(vlabel),
            award: None,
            statement: None,
            topic,
            origins: Vec::new(),
            exact_by: Vec::new(),
            dating: Dating::Tied,
            planted,
        });
        Some(si)
    }

    /// An `event` claim in `block` of a report published on `p`: a recent event retold, or a
    /// new one, at a named event's city or elsewhere.
    pub(crate) fn event(&mut self, block: &Block, p: Day) -> Option<String> {
        let (si, first) = self.pick_story(Kind::Event, 0.5, |g| g.new_event(p))?;
        self.told(si, block.origin());
        let st = &self.stories[si];
        let (label, people, place, ev, s, e, topic) = (
            st.label.clone(),
            st.people.clone(),
            st.place,
            st.event,
            st.start,
            st.end,
            st.topic,
        );
        let mut t = format!("event {label}:");
        if let Some(ev) = ev {
            let _ = write!(t, " {}", self.world.events[ev].id);
        }
        if let Some(pl) = place {
            let pl = if first {
                pl
            } else {
                self.world.vaguer(&mut self.rng, pl)
            };
            let _ = write!(t, " in {}", self.world.where_id(pl));
        }
        if !people.is_empty() && (first || self.rng.chance(0.6)) {
            let _ = write!(t, " with {}", self.world.names(&people));
        }
        let w = self.account_when(si, block, first);
        t.push_str(&w.text);
        t.push_str(&self.lasting(s, e, w.exact));
        t.push_str(&self.topic_of(topic));
        self.labels.insert(label);
        Some(t)
    }

    fn new_event(&mut self, p: Day) -> Option<usize> {
        let named = self.rng.chance(0.6);
        let (ev, place) = if named {
            let ev = self.rng.below(self.world.events.len());
            (Some(ev), Where::City(self.world.events[ev].city))
        } else {
            let c = self.world.some_city(&mut self.rng);
            (None, self.world.inside(&mut self.rng, c))
        };
        let mut people: Vec<usize> = Vec::new();
        for _ in 0..self.rng.below(4) {
            let q = self.world.person(&mut self.rng);
            if !people.contains(&q) {
                people.push(q);
            }
        }
        let len = self.rng.range(1, LONGEST_STAY);
        let (s, e) = self.story_days(p, len, &mut people, Some(place))?;
        let label = self.new_label("e");
        let topic = self.rng.chance(0.3).then(|| *self.rng.pick(&TOPICS));
        let si = self.add_story(Story {
            kind: Kind::Event,
            label,
            start: s,
            end: e,
            people,
            place: Some(place),
            coming_from: None,
            event: ev,
            during: None,
            award: None,
            statement: None,
            topic,
            origins: Vec::new(),
            exact_by: Vec::new(),
            dating: Dating::Open,
            planted: None,
        });
        Some(si)
    }

    /// An `award` claim in `block` of a report published on `p`: a recent award retold, or a
    /// new one, often during a recent visit.
    pub(crate) fn award(&mut self, block: &Block, p: Day) -> Option<String> {
        let (si, first) = self.pick_story(Kind::Award, 0.4, |g| g.new_award(p))?;
        self.told(si, block.origin());
        let st = &self.stories[si];
        let (label, recipient, (award, by), place, during) = (
            st.label.clone(),
            self.world.persons[st.people[0]].clone(),
            st.award.clone().expect("an award"),
            st.place,
            st.during.clone(),
        );
        let mut t = format!("award {label}: {recipient} \"{award}\" by {by}");
        if let Some(pl) = place {
            let _ = write!(t, " in {}", self.world.where_id(pl));
        }
        let w = self.account_when(si, block, first);
        t.push_str(&w.text);
        if let Some(d) = during.filter(|d| self.labels.contains(d)) {
            let _ = write!(t, " during {d}");
        }
        self.labels.insert(label);
        Some(t)
    }

    fn new_award(&mut self, p: Day) -> Option<usize> {
        // Often during a recent visit whose days stand.
        let vi = self.recent_story(Kind::Visit).filter(|&vi| {
            let v = &self.stories[vi];
            v.dating != Dating::Disputed && self.labels.contains(&v.label)
        });
        let award = self.rng.pick(&AWARDS).to_string();
        let mut planted = None;
        let (recipient, place, s, during) = match vi {
            Some(vi) if self.rng.chance(0.7) => {
                let v = &self.stories[vi];
                let (vs, ve, dest, visitor, vlabel) =
                    (v.start, v.end, v.place?, v.people[0], v.label.clone());
                // Planted: dated after the visit, once an account gave its days exactly.
                let d = if !v.exact_by.is_empty() && self.rng.chance(0.05) {
                    self.plant("sub-event-outside-parent");
                    planted = Some("sub-event-outside-parent");
                    ve + self.rng.range(1, 4)
                } else {
                    vs + self.rng.range(0, ve - vs)
                };
                self.stories[vi].dating = Dating::Tied;
                let place = self.world.inside(&mut self.rng, dest);
                (visitor, place, d, Some(vlabel))
            }
            _ => {
                let q = self.world.person(&mut self.rng);
                let c = self.world.some_city(&mut self.rng);
                let d = p - self.rng.range(0, 20);
                (q, c, d, None)
            }
        };
        let country = self.world.country_of(place);
        let by_org = self
            .world
            .orgs
            .iter()
            .position(|o| o.country == country)
            .map(|o| self.world.orgs[o].id.clone())
            .unwrap_or_else(|| self.world.countries[country].0.clone());
        let label = self.new_label("aw");
        let si = self.add_story(Story {
            kind: Kind::Award,
            label,
            start: s,
            end: s,
            people: vec![recipient],
            place: Some(place),
            coming_from: None,
            event: None,
            dating: if during.is_some() {
                Dating::Tied
            } else {
                Dating::Open
            },
            during,
            award: Some((award, by_org)),
            statement: None,
            topic: None,
            origins: Vec::new(),
            exact_by: Vec::new(),
            planted,
        });
        Some(si)
    }

    /// A `statement` claim in `block` of a report published on `p`: a recent statement
    /// retold, or a new one.
    pub(crate) fn statement(&mut self, block: &Block, p: Day) -> Option<String> {
        let (si, first) = self.pick_story(Kind::Statement, 0.3, |g| Some(g.new_statement(p)))?;
        self.told(si, block.origin());
        let st = &self.stories[si];
        let (label, (subj, pred, obj), topic) = (
            st.label.clone(),
            st.statement.clone().expect("a statement"),
            st.topic,
        );
        let mut t = format!("statement {label}: {subj} \"{pred}\" {obj}");
        let w = self.account_when(si, block, first);
        t.push_str(&w.text);
        t.push_str(&self.topic_of(topic));
        self.labels.insert(label);
        Some(t)
    }

    fn new_statement(&mut self, p: Day) -> usize {
        let party = |g: &mut Gen| -> String {
            match g.rng.below(3) {
                0 => g.world.countries[g.rng.below(g.world.countries.len())]
                    .0
                    .clone(),
                1 => g.world.orgs[g.rng.below(g.world.orgs.len())].id.clone(),
                _ => {
                    let q = g.world.person(&mut g.rng);
                    g.world.persons[q].clone()
                }
            }
        };
        let subj = if self.rng.chance(0.15) {
            format!(
                "\"{} threat\"",
                self.rng.pick(&["terrorist", "cyber", "migration"])
            )
        } else {
            party(self)
        };
        let obj = if self.rng.chance(0.2) {
            format!(
                "\"{}\"",
                self.rng.pick(&["not imminent", "high", "under control"])
            )
        } else {
            party(self)
        };
        let pred = self.rng.pick(&PREDICATES).to_string();
        let d = p - self.rng.range(0, 10);
        let label = self.new_label("st");
        let topic = self.rng.chance(0.5).then(|| *self.rng.pick(&TOPICS));
        self.add_story(Story {
            kind: Kind::Statement,
            label,
            start: d,
            end: d,
            people: Vec::new(),
            place: None,
            coming_from: None,
            event: None,
            during: None,
            award: None,
            statement: Some((subj, pred, obj)),
            topic,
            origins: Vec::new(),
            exact_by: Vec::new(),
            dating: Dating::Open,
            planted: None,
        })
    }

    /// A `holds` claim: who holds an office on the block's (or the report's) date, with the
    /// term's days, a coarser date or none (`None` when no term covers the date).
    pub(crate) fn holds(&mut self, block: &Block, p: Day) -> Option<String> {
        let oi = self.world.office_pop.sample(&mut self.rng);
        let anchor = block.anchor;
        let reference = anchor.map(|a| a.lo).unwrap_or(p);
        let office = &self.world.offices[oi];
        let ti = office
            .terms
            .iter()
            .position(|&(s, e, _)| s <= reference && reference <= e)?;
        let terms = office.terms.clone();
        let (s, e, holder) = terms[ti];
        let last = ti + 1 == terms.len();
        let sole = office.sole;
        let oid = office.id.clone();
        // Planted: an old title repeated after the successor took over, once a claim gave
        // the successor's whole term (which it then contradicts).
        if sole && ti > 0 && self.stated_terms.contains(&(oi, ti)) && self.rng.chance(0.03) {
            if let Some(a) = anchor {
                let (ps, pe, prev) = terms[ti - 1];
                if a.lo > pe && ps <= pe {
                    self.plant("sole-office-overlap");
                    return Some(format!("holds {} {oid}", self.world.persons[prev]));
                }
            }
        }
        let name = self.world.persons[holder].clone();
        let term = format!("holds {name} {oid} from {} to {}", iso(s), iso(e));
        let r = self.rng.unit();
        let inside = |lo: Day, hi: Day| s <= lo && hi <= e;
        // The claim, and whether it gives the whole term.
        let (text, whole) = if r < 0.4 {
            match anchor {
                Some(a) if inside(a.lo, a.hi) => (format!("holds {name} {oid}"), false),
                _ => (term, true),
            }
        } else if r < 0.6 && (e < reference || !sole) {
            (term, true)
        } else if r < 0.7 && last {
            (format!("holds {name} {oid} from {}", iso(s)), true)
        } else if r < 0.75 && ti == 0 {
            (format!("holds {name} {oid} until {}", iso(e)), true)
        } else if r < 0.85 && inside(year_start(reference), year_end(reference)) {
            (
                format!("holds {name} {oid} on {}", iso_year(reference)),
                false,
            )
        } else if inside(month_start(reference), month_end(reference)) {
            let text = match anchor {
                Some(a)
                    if a.precise()
                        && self.rng.chance(0.5)
                        && month_start(a.lo) == month_start(reference) =>
                {
                    format!("holds {name} {oid} on this month")
                }
                _ => format!("holds {name} {oid} on {}", iso_month(reference)),
            };
            (text, false)
        } else {
            (term, true)
        };
        if whole {
            self.stated_terms.insert((oi, ti));
        }
        Some(text)
    }

    /// `pi`, or the plan of its set to mention first instead so that the mentioned plans
    /// follow each other in the set's chain with none left out between them: a gap or an
    /// overlap between two mentioned plans is then always one the chain was made with.
    fn next_to_mentioned(&self, set: usize, pi: usize) -> usize {
        if self.world.plans[pi].accounts > 0 {
            return pi;
        }
        let chain = &self.world.party_sets[set].plans;
        let pos = chain
            .iter()
            .position(|&i| i == pi)
            .expect("the plan is in its set");
        let mentioned = |j: usize| self.world.plans[chain[j]].accounts > 0;
        if let Some(j) = (0..pos).rev().find(|&j| mentioned(j)) {
            chain[j + 1]
        } else if let Some(j) = (pos + 1..chain.len()).find(|&j| mentioned(j)) {
            chain[j - 1]
        } else {
            pi
        }
    }

    /// A `plan` or `agreement` claim of a set of parties, of a plan in force around `p` or
    /// the next one: its period when first told, later its signing, status or start.
    pub(crate) fn plan(&mut self, block: &Block, p: Day) -> Option<String> {
        let set = self.world.party_pop.sample(&mut self.rng);
        // A plan in force around `p`, or the next one being prepared.
        let candidates: Vec<usize> = self.world.party_sets[set]
            .plans
            .iter()
            .copied()
            .filter(|&i| self.world.plans[i].start - 300 <= p && p <= self.world.plans[i].end + 400)
            .collect();
        if candidates.is_empty() {
            return None;
        }
        let pi = *self.rng.pick(&candidates);
        let pi = self.next_to_mentioned(set, pi);
        let origin = block.origin();
        let members = self.world.party_sets[set].members.clone();
        let pos = self.world.party_sets[set]
            .plans
            .iter()
            .position(|&i| i == pi)
            .expect("the plan is in its set");
        let prev = (pos > 0).then(|| self.world.party_sets[set].plans[pos - 1]);
        let next = self.world.party_sets[set].plans.get(pos + 1).copied();
        let pl = &self.world.plans[pi];
        let (label, name, kind, start, end, signed) = (
            pl.label.clone(),
            pl.name.clone(),
            pl.kind,
            pl.start,
            pl.end,
            pl.signed,
        );
        let first = pl.accounts == 0;
        let signed_by = pl.signed_by;
        let mut t = format!("{kind} {label}: \"{name}\" parties {}", members.join(", "));
        // Accounts of the plans around a gap or an overlap planted in the chain take part
        // in it.
        let boundaries = [
            prev.map(|pv| (self.world.plans[pv].end, start)),
            next.map(|nx| (end, self.world.plans[nx].start)),
        ];
        for (before_end, after_start) in boundaries.into_iter().flatten() {
            if after_start > before_end + 1 {
                self.marks.push("gap-between-plans");
            } else if after_start <= before_end {
                self.marks.push("overlapping-plans");
            }
        }
        if first || self.rng.chance(0.03) {
            // The period, as the first account (or a rare repetition) gives it. A year
            // stands for its first or last day only where no plan comes before or after:
            // next to another plan it would leave a possible gap.
            let anchor = block.anchor;
            let r = self.rng.unit();
            let year_aligned = start == year_start(start) && end == year_end(end);
            let from = match prev {
                None if year_aligned => iso_year(start),
                _ => iso(start),
            };
            let planted_borrow = anchor.is_some_and(|a| {
                a.borrowed && a.precise() && year_of(a.lo) == year_of(end) + 1 && next.is_some()
            }) && year_aligned
                && self.rng.chance(0.5);
            if planted_borrow {
                // The origin wrote "until the end of this year" in its own year; read on the
                // relay's date it ends a year late and overlaps the next plan (counted in
                // `planted_json`).
                self.marks.push("overlapping-plans");
                let late = day(year_of(end) + 1, 12, 31);
                self.world.plans[pi].latest_end = self.world.plans[pi].latest_end.max(late);
                let _ = write!(t, " from {from} until end of this year");
            } else if r < 0.15 && year_aligned {
                let to = match next {
                    None => iso_year(end),
                    Some(_) => iso(end),
                };
                let _ = write!(t, " from {from} to {to}");
            } else if r < 0.25
                && year_aligned
                && anchor
                    .is_some_and(|a| year_of(a.lo) == year_of(end) && year_of(a.hi) == year_of(end))
            {
                let _ = write!(t, " from {} until end of this year", iso(start));
            } else if r < 0.3
                && year_aligned
                && anchor.is_some_and(|a| {
                    year_of(a.lo) + 1 == year_of(end) && year_of(a.hi) + 1 == year_of(end)
                })
            {
                let _ = write!(t, " from {} to end of next year", iso(start));
            } else {
                let _ = write!(t, " from {} to {}", iso(start), iso(end));
            }
        } else {
            // Later accounts: the signing, the status, or the start only.
            let r = self.rng.unit();
            let reference = block.anchor.map(|a| a.lo).unwrap_or(p);
            if r < 0.35 {
                if self.rng.chance(0.7) {
                    let _ = write!(t, " signed {}", iso(signed));
                    if signed_by.is_none() {
                        self.world.plans[pi].signed_by = Some(origin);
                    }
                } else {
                    let _ = write!(t, " signed {}", iso_year(signed));
                }
                if reference > signed {
                    t.push_str(" status signed");
                }
            } else if r < 0.55 {
                // Planted: still expected on a date at least two days after another origin
                // gave the exact day of the signing.
                let stale = signed_by.is_some_and(|o| o != origin)
                    && block.anchor.is_some_and(|a| a.lo >= signed + 2)
                    && self.rng.chance(0.08);
                if stale {
                    self.plant("stale-future-status");
                    t.push_str(" status expected");
                } else if reference < signed {
                    t.push_str(" status expected");
                } else if reference <= end {
                    t.push_str(" status in-force");
                } else {
                    t.push_str(" status ended");
                }
            } else if r < 0.7 {
                let _ = write!(t, " from {}", iso(start));
            } else if r < 0.8 {
                let _ = write!(t, " by {}", members[0]);
            }
        }
        if let Some(pv) = prev {
            let pl = &self.world.plans[pv].label;
            if self.labels.contains(pl) && self.rng.chance(0.5) {
                let _ = write!(t, " extends {pl}");
            }
        }
        if self.rng.chance(0.3) {
            let _ = write!(t, " topic \"{}\"", self.rng.pick(&TOPICS));
        }
        self.world.plans[pi].accounts += 1;
        self.world.plans[pi].origins.push(origin);
        self.labels.insert(label);
        Some(t)
    }
}
