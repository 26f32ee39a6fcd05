//! Stories: the real-world events (visits, meetings, events, awards, statements) that
//! several claims give accounts of under one label, the latest of which later reports may
//! retell; where each person is on which days, so that nobody is in two places at once
//! unless planted; and the dates of an account, moved or given a wrong weekday or length
//! when a problem is planted.

use std::collections::VecDeque;

use verify::calendar::Day;

use crate::dates::{when_text, Form, WhenText};
use crate::generator::{Block, Gen};
use crate::world::Where;

/// What a story is: the kind of claim that tells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Visit,
    Meeting,
    Event,
    Award,
    Statement,
}

impl Kind {
    /// Whether the story places its people somewhere (`person-in-two-places` reads these).
    fn places_people(self) -> bool {
        matches!(self, Kind::Visit | Kind::Meeting | Kind::Event)
    }
}

/// Whether an account may still give a story other days than its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dating {
    /// Nothing depends on its days yet.
    Open,
    /// Other claims depend on its days: a part of it (`during`), the story it is part of,
    /// or an arrival day. Moving them would contradict those claims too.
    Tied,
    /// An account gave it other days (planted): nothing new may depend on them.
    Disputed,
}

/// A real-world event that several claims (accounts) can describe under one label.
pub(crate) struct Story {
    pub(crate) kind: Kind,
    pub(crate) label: String,
    pub(crate) start: Day,
    pub(crate) end: Day,
    /// Persons taking part (indexes into `World::persons`): the visitor or participants
    /// first.
    pub(crate) people: Vec<usize>,
    /// Destination of a visit, place of anything else.
    pub(crate) place: Option<Where>,
    pub(crate) coming_from: Option<Where>,
    pub(crate) event: Option<usize>,
    pub(crate) during: Option<String>,
    pub(crate) award: Option<(String, String)>,
    pub(crate) statement: Option<(String, String, String)>,
    pub(crate) topic: Option<&'static str>,
    pub(crate) origins: Vec<usize>,
    /// Origins of the accounts that gave its exact days.
    pub(crate) exact_by: Vec<usize>,
    pub(crate) dating: Dating,
    /// The rule the story itself was made to break, if any: every account of it takes
    /// part in that problem.
    pub(crate) planted: Option<&'static str>,
}

/// Days on which a person is at a place, as one story (or one account of it) has it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Stay {
    pub(crate) first: Day,
    pub(crate) last: Day,
    pub(crate) at: Where,
}

/// No stay is longer than this many days, so stays that may overlap a day are found by
/// their first days alone.
pub(crate) const LONGEST_STAY: i32 = 10;

/// How many of the latest stories later reports may give another account of, or refer to.
const RECENT_STORIES: usize = 400;

/// The stories that may still be told, by story number: the latest [`RECENT_STORIES`].
/// An older story can no longer be told or referred to, so it is counted and dropped,
/// which keeps the generator's memory independent of the corpus size.
#[derive(Default)]
pub(crate) struct Stories {
    /// The number of the oldest story kept.
    first: usize,
    pub(crate) live: VecDeque<Story>,
}

impl Stories {
    /// Adds a story; its number.
    fn push(&mut self, s: Story) -> usize {
        self.live.push_back(s);
        self.first + self.live.len() - 1
    }

    /// Removes the oldest story kept, if more than [`RECENT_STORIES`] are.
    fn retire(&mut self) -> Option<Story> {
        if self.live.len() <= RECENT_STORIES {
            return None;
        }
        self.first += 1;
        self.live.pop_front()
    }

    /// Numbers of the stories kept, latest first.
    fn latest_first(&self) -> impl Iterator<Item = usize> + '_ {
        (self.first..self.first + self.live.len()).rev()
    }
}

impl std::ops::Index<usize> for Stories {
    type Output = Story;
    fn index(&self, i: usize) -> &Story {
        &self.live[i - self.first]
    }
}

impl std::ops::IndexMut<usize> for Stories {
    fn index_mut(&mut self, i: usize) -> &mut Story {
        &mut self.live[i - self.first]
    }
}

/// Whether `origins` (with repetitions) hold one origin only.
pub(crate) fn single_origin(origins: &[usize]) -> bool {
    !origins.is_empty() && origins.iter().all(|&o| o == origins[0])
}

impl Gen {
    /// Whether person `q` can be at `at` on the days `first..=last`: every stay of theirs
    /// on one of those days is at a place nested with `at`.
    pub(crate) fn is_free(&self, q: usize, first: Day, last: Day, at: Where) -> bool {
        let Some(v) = self.stays.get(&q) else {
            return true;
        };
        let end = v.partition_point(|st| st.first <= last);
        v[..end]
            .iter()
            .rev()
            .take_while(|st| st.first > first - LONGEST_STAY)
            .all(|st| st.last < first || self.world.nested(st.at, at))
    }

    pub(crate) fn note_stay(&mut self, q: usize, stay: Stay) {
        debug_assert!(stay.last - stay.first < LONGEST_STAY);
        let v = self.stays.entry(q).or_default();
        let i = v.partition_point(|st| st.first <= stay.first);
        v.insert(i, stay);
    }

    /// Someone other than `taken` who can be at `at` on `first..=last`: by popularity, or
    /// anyone when the popular people are all elsewhere.
    pub(crate) fn free_person(
        &mut self,
        first: Day,
        last: Day,
        at: Where,
        taken: &[usize],
    ) -> Option<usize> {
        let free = |g: &Gen, q: usize| !taken.contains(&q) && g.is_free(q, first, last, at);
        for _ in 0..16 {
            let q = self.world.person(&mut self.rng);
            if free(self, q) {
                return Some(q);
            }
        }
        let n = self.world.persons.len();
        let from = self.rng.below(n);
        (0..n).map(|i| (from + i) % n).find(|&q| free(self, q))
    }

    /// The story to tell and whether this is its first account: with probability `retell`
    /// a recent story of `kind`, else (or when there is none) a new one made by `new`.
    pub(crate) fn pick_story(
        &mut self,
        kind: Kind,
        retell: f64,
        new: impl FnOnce(&mut Self) -> Option<usize>,
    ) -> Option<(usize, bool)> {
        if self.rng.chance(retell) {
            if let Some(s) = self.recent_story(kind) {
                return Some((s, false));
            }
        }
        Some((new(self)?, true))
    }

    /// A story to give another account of, of kind `kind`, if a recent one exists.
    pub(crate) fn recent_story(&mut self, kind: Kind) -> Option<usize> {
        let candidates: Vec<usize> = self
            .stories
            .latest_first()
            .filter(|&s| self.stories[s].kind == kind)
            .take(40)
            .collect();
        if candidates.is_empty() {
            return None;
        }
        // Recent stories are retold more often.
        let i = (self.rng.unit().powi(2) * candidates.len() as f64) as usize;
        Some(candidates[i.min(candidates.len() - 1)])
    }

    /// Notes an account of story `si` by `origin`: an account of a planted story takes
    /// part in its problem.
    pub(crate) fn told(&mut self, si: usize, origin: usize) {
        self.stories[si].origins.push(origin);
        self.marks.extend(self.stories[si].planted);
    }

    /// Adds a new story; its number. The oldest story kept is counted and dropped once
    /// it may no longer be told.
    pub(crate) fn add_story(&mut self, st: Story) -> usize {
        let si = self.stories.push(st);
        if let Some(old) = self.stories.retire() {
            self.single_origin_stories += usize::from(single_origin(&old.origins));
        }
        si
    }

    /// Dates of a new story at `at` that ends by `p`: `len` days, moved earlier while one
    /// of `people` is elsewhere then; whoever still is gives their part to someone free.
    /// Notes everyone's stay. `None` when nobody is free.
    pub(crate) fn story_days(
        &mut self,
        p: Day,
        len: i32,
        people: &mut [usize],
        at: Option<Where>,
    ) -> Option<(Day, Day)> {
        let mut end = p - self.rng.range(0, 25);
        let Some(at) = at else {
            return Some((end - len + 1, end));
        };
        for _ in 0..5 {
            if people
                .iter()
                .all(|&q| self.is_free(q, end - len + 1, end, at))
            {
                break;
            }
            end -= len + self.rng.range(1, 9);
        }
        let first = end - len + 1;
        for i in 0..people.len() {
            if !self.is_free(people[i], first, end, at) {
                people[i] = self.free_person(first, end, at, people)?;
            }
        }
        for &q in people.iter() {
            self.note_stay(
                q,
                Stay {
                    first,
                    last: end,
                    at,
                },
            );
        }
        Some((first, end))
    }

    /// The `when` of an account of story `si` by `block`: possibly with a wrong weekday
    /// (planted), or moved off the story's days (planted) when another origin gave them
    /// exactly and nothing else depends on them. The first account of a planted story
    /// gives exact days, so that its problem shows.
    pub(crate) fn account_when(&mut self, si: usize, block: &Block, first: bool) -> WhenText {
        let origin = block.origin();
        let st = &self.stories[si];
        let (s, e, kind) = (st.start, st.end, st.kind);
        let disputable = !first
            && kind != Kind::Statement
            && st.dating == Dating::Open
            && st.exact_by.iter().any(|&o| o != origin);
        let shift = if disputable && self.rng.chance(0.03) {
            self.moved_days(si)
        } else {
            None
        };
        if shift.is_some() {
            self.stories[si].dating = Dating::Disputed;
            self.plant("date-disagreement");
        }
        let (s2, e2) = match shift {
            Some(by) => (s + by, e + by),
            None => (s, e),
        };
        let form = if kind == Kind::Award {
            Form::Day
        } else if shift.is_some() || (first && self.stories[si].planted.is_some()) {
            Form::Exact
        } else {
            Form::Any
        };
        let allow_none = shift.is_none() && (!first || kind == Kind::Statement);
        let w = when_text(
            &mut self.rng,
            s2,
            e2,
            block.anchor.as_ref(),
            allow_none,
            form,
        );
        if w.wrong_weekday {
            self.plant("weekday-mismatch");
        }
        if w.exact && shift.is_none() {
            self.stories[si].exact_by.push(origin);
        }
        w
    }

    /// A shift of story `si`'s days by more than it lasts, onto days on which its people
    /// can be at its place (noted as their stays), if one of a few tries finds one.
    fn moved_days(&mut self, si: usize) -> Option<i32> {
        let st = &self.stories[si];
        let (s, e) = (st.start, st.end);
        let at = st.place.filter(|_| st.kind.places_people());
        let people = st.people.clone();
        let len = e - s + 1;
        for _ in 0..4 {
            let by = (len + self.rng.range(2, 20)) * if self.rng.chance(0.5) { 1 } else { -1 };
            let Some(at) = at else {
                return Some(by);
            };
            let (first, last) = (s + by, e + by);
            if people.iter().all(|&q| self.is_free(q, first, last, at)) {
                for &q in &people {
                    self.note_stay(q, Stay { first, last, at });
                }
                return Some(by);
            }
        }
        None
    }

    /// ` lasting N days` for a run of `s..=e` days, sometimes; planted wrong rarely, next
    /// to exact days only (coarser ones could last that long).
    pub(crate) fn lasting(&mut self, s: Day, e: Day, exact: bool) -> String {
        if !self.rng.chance(0.25) {
            return String::new();
        }
        let len = e - s + 1;
        if exact && self.rng.chance(0.06) {
            self.plant("duration-mismatch");
            let wrong = len + self.rng.range(1, 4);
            return format!(" lasting {wrong} days");
        }
        if len % 7 == 0 && self.rng.chance(0.5) {
            let n = len / 7;
            return format!(" lasting {n} {}", if n == 1 { "week" } else { "weeks" });
        }
        format!(" lasting {len} {}", if len == 1 { "day" } else { "days" })
    }
}
