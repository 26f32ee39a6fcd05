//! The world a corpus tells about, declared once in `entities.claims`: the fixed vocabulary
//! (countries, given names, outlet kinds, topics, predicates, awards), the outlets, cities,
//! places, organisations, offices with their successive terms, people, named events, and
//! sets of parties with their chains of plans, each pool in blocks that grow with the
//! corpus. Every id and every name's transliteration skeleton is unique, so that
//! `duplicate-entities` stays silent.

use std::collections::HashSet;
use std::fmt::Write as _;

use verify::calendar::Day;

use crate::dates::{day, year_of, year_start};
use crate::random::{block_size, blocks_for, Popularity, Rng};

const COUNTRIES: [(&str, &str); 40] = [
    ("MA", "Morocco"),
    ("BE", "Belgium"),
    ("FR", "France"),
    ("DE", "Germany"),
    ("ES", "Spain"),
    ("IT", "Italy"),
    ("NL", "Netherlands"),
    ("PT", "Portugal"),
    ("DZ", "Algeria"),
    ("TN", "Tunisia"),
    ("EG", "Egypt"),
    ("SN", "Senegal"),
    ("ML", "Mali"),
    ("NE", "Niger"),
    ("NG", "Nigeria"),
    ("GB", "United Kingdom"),
    ("US", "United States"),
    ("CA", "Canada"),
    ("BR", "Brazil"),
    ("AR", "Argentina"),
    ("TR", "Turkey"),
    ("SA", "Saudi Arabia"),
    ("AE", "United Arab Emirates"),
    ("QA", "Qatar"),
    ("JO", "Jordan"),
    ("LB", "Lebanon"),
    ("IQ", "Iraq"),
    ("CN", "China"),
    ("JP", "Japan"),
    ("KR", "South Korea"),
    ("RU", "Russia"),
    ("UA", "Ukraine"),
    ("PL", "Poland"),
    ("SE", "Sweden"),
    ("AT", "Austria"),
    ("CH", "Switzerland"),
    ("GR", "Greece"),
    ("MR", "Mauritania"),
    ("KE", "Kenya"),
    ("ZA", "South Africa"),
];

const SYLLABLES: [&str; 48] = [
    "ka", "ra", "mo", "li", "sa", "ben", "tor", "da", "mi", "no", "ha", "zu", "el", "an", "bo",
    "vi", "ter", "lan", "do", "ma", "ri", "sen", "ko", "fa", "lu", "mer", "gi", "ta", "ne", "bar",
    "qa", "sil", "pe", "ro", "dun", "val", "che", "ti", "ou", "ya", "za", "ber", "kas", "mon",
    "dri", "vel", "ash", "nor",
];

const GIVEN: [&str; 40] = [
    "Amina", "Youssef", "Karim", "Leila", "Omar", "Sofia", "Marc", "Julie", "Hassan", "Nadia",
    "Pierre", "Claire", "Ahmed", "Fatima", "Jan", "Els", "Luc", "Sara", "Mehdi", "Ines", "Tarik",
    "Hanane", "Bruno", "Anne", "Rachid", "Salma", "Thomas", "Marie", "Driss", "Zineb", "Paolo",
    "Elena", "Ivan", "Olga", "Kenji", "Mei", "Ali", "Noura", "Samir", "Lina",
];

const OUTLET_KINDS: [&str; 7] = [
    "daily",
    "weekly",
    "magazine",
    "site",
    "agency",
    "broadcaster",
    "official",
];

pub(crate) const LANGS: [&str; 6] = ["ar", "fr", "nl", "en", "es", "de"];

pub(crate) const TOPICS: [&str; 10] = [
    "counter-terrorism",
    "organised crime",
    "drug trafficking",
    "migration",
    "cyber security",
    "border control",
    "information exchange",
    "training",
    "extradition",
    "police cooperation",
];

pub(crate) const PREDICATES: [&str; 8] = [
    "relies on",
    "cooperates with",
    "warned",
    "praised",
    "criticised",
    "signed a deal with",
    "is",
    "expects",
];

pub(crate) const AWARDS: [&str; 6] = [
    "Gold medal of honour",
    "Order of Merit",
    "Medal of Police Merit",
    "Grand Cross",
    "Commander of the Order",
    "Silver medal",
];

/// Where something happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Where {
    Country(usize),
    City(usize),
    Place(usize),
}

pub(crate) struct City {
    pub(crate) id: String,
    pub(crate) country: usize,
}

pub(crate) struct PlaceDecl {
    pub(crate) id: String,
    pub(crate) city: usize,
}

pub(crate) struct Org {
    pub(crate) id: String,
    pub(crate) country: usize,
}

pub(crate) struct Office {
    pub(crate) id: String,
    pub(crate) sole: bool,
    /// Successive terms `(first day, last day, person)`; the first starts with an open
    /// start in mind, the last never ends.
    pub(crate) terms: Vec<(Day, Day, usize)>,
}

pub(crate) struct NamedEvent {
    pub(crate) id: String,
    pub(crate) city: usize,
}

pub(crate) struct OutletDecl {
    pub(crate) id: String,
}

pub(crate) struct Plan {
    pub(crate) label: String,
    pub(crate) name: String,
    pub(crate) kind: &'static str,
    pub(crate) start: Day,
    pub(crate) end: Day,
    pub(crate) signed: Day,
    /// The latest end an account gave it: `end`, or a year later when a relative end was
    /// read on a later year's date (planted).
    pub(crate) latest_end: Day,
    /// Number of accounts written so far.
    pub(crate) accounts: u32,
    /// Origin of an account that gave the exact day of the signing, if any.
    pub(crate) signed_by: Option<usize>,
    /// Origins of the accounts written so far.
    pub(crate) origins: Vec<usize>,
}

pub(crate) struct PartySet {
    pub(crate) members: Vec<String>,
    pub(crate) plans: Vec<usize>,
}

/// The declared entities with the popularity of each pool a claim draws from, and the
/// plans of each set of parties with what has been told of them so far.
pub(crate) struct World {
    pub(crate) countries: Vec<(String, String)>,
    pub(crate) cities: Vec<City>,
    /// The cities of each country.
    pub(crate) cities_of: Vec<Vec<usize>>,
    pub(crate) places: Vec<PlaceDecl>,
    /// The places of each city.
    pub(crate) places_of: Vec<Vec<usize>>,
    pub(crate) orgs: Vec<Org>,
    pub(crate) offices: Vec<Office>,
    pub(crate) persons: Vec<String>,
    /// People declared twice (planted, never in a claim): under a spelling variant of
    /// their name (`name-variants`), and under their name in capitals
    /// (`duplicate-entities`).
    pub(crate) spelled_twice: usize,
    pub(crate) declared_twice: usize,
    pub(crate) events: Vec<NamedEvent>,
    pub(crate) outlets: Vec<OutletDecl>,
    pub(crate) plans: Vec<Plan>,
    pub(crate) party_sets: Vec<PartySet>,
    pub(crate) person_pop: Popularity,
    pub(crate) outlet_pop: Popularity,
    pub(crate) office_pop: Popularity,
    pub(crate) city_pop: Popularity,
    pub(crate) party_pop: Popularity,
}

impl World {
    /// Declares the world. Every pool of entities a claim draws by popularity (outlets,
    /// people, offices, cities, party sets) comes in [`blocks_for`] blocks of equal size,
    /// each with the popularity profile of the reference corpus, and the pools drawn from
    /// uniformly (organisations, named events) grow with the corpus too, so that a larger
    /// corpus tells about more things rather than more often about the same ones.
    /// Returns the world and its declarations, as `entities.claims` holds them.
    pub(crate) fn build(rng: &mut Rng, n: usize) -> (World, String) {
        let blocks = blocks_for(n);
        let mut world = World {
            countries: Vec::new(),
            cities: Vec::new(),
            cities_of: Vec::new(),
            places: Vec::new(),
            places_of: Vec::new(),
            orgs: Vec::new(),
            offices: Vec::new(),
            persons: Vec::new(),
            spelled_twice: 0,
            declared_twice: 0,
            events: Vec::new(),
            outlets: Vec::new(),
            plans: Vec::new(),
            party_sets: Vec::new(),
            person_pop: Popularity::new(1, 1, 1.0, 1.0),
            outlet_pop: Popularity::new(1, 1, 1.0, 1.0),
            office_pop: Popularity::new(1, 1, 1.0, 1.0),
            city_pop: Popularity::new(1, 1, 1.0, 1.0),
            party_pop: Popularity::new(1, 1, 1.0, 1.0),
        };
        let mut names = Names::default();
        let mut out = String::new();
        out.push_str("# Synthetic corpus written by gen-corpus: declarations.\n\n# Outlets\n");

        let outlets_per_block = block_size(n, 300, 15);
        while world.outlets.len() < blocks * outlets_per_block {
            let w = names.word(rng, 2);
            let kind = *rng.pick(&OUTLET_KINDS);
            let name = match kind {
                "daily" => format!("{} Daily", capitalised(&w)),
                "weekly" => format!("{} Weekly", capitalised(&w)),
                "magazine" => format!("{} Magazine", capitalised(&w)),
                "site" => format!("{}24", capitalised(&w)),
                "agency" => format!("{} Press Agency", capitalised(&w)),
                "broadcaster" => format!("Radio {}", capitalised(&w)),
                _ => format!("{} communique", capitalised(&w)),
            };
            let id = format!("{w}{}", world.outlets.len());
            if !names.claim(&id, &name) {
                continue;
            }
            let country = rng.pick(&COUNTRIES).0;
            let lang = *rng.pick(&LANGS);
            let _ = writeln!(
                out,
                "outlet {id} \"{name}\" country {country} lang {lang} kind {kind}"
            );
            world.outlets.push(OutletDecl { id });
        }

        out.push_str("\n# Countries, cities and places\n");
        for (code, name) in COUNTRIES {
            assert!(names.claim(code, name));
            let _ = writeln!(out, "country {code} \"{name}\"");
            world.countries.push((code.to_owned(), name.to_owned()));
        }
        // Every block has the same number of cities in each country, in country order.
        let per_country: Vec<usize> = COUNTRIES.iter().map(|_| 3 + rng.below(4)).collect();
        let cities_per_block: usize = per_country.iter().sum();
        world.cities_of = vec![Vec::new(); world.countries.len()];
        for _ in 0..blocks {
            for (c, &k) in per_country.iter().enumerate() {
                let mut made = 0;
                while made < k {
                    let w = names.word(rng, 2);
                    let name = capitalised(&w);
                    let id = format!("{w}-{}", world.cities.len());
                    if !names.claim(&id, &name) {
                        continue;
                    }
                    let _ = writeln!(out, "city {id} \"{name}\" in {}", world.countries[c].0);
                    world.cities_of[c].push(world.cities.len());
                    world.cities.push(City { id, country: c });
                    made += 1;
                }
            }
        }
        world.places_of = vec![Vec::new(); world.cities.len()];
        for city in 0..world.cities.len() {
            if !rng.chance(0.6) {
                continue;
            }
            let base = world.cities[city]
                .id
                .split('-')
                .next()
                .unwrap_or("x")
                .to_owned();
            let what = *rng.pick(&["airport", "palace", "ministry", "stadium", "port"]);
            let id = format!("{base}-{what}-{}", world.places.len());
            let name = format!("{} {what}", capitalised(&base));
            if !names.claim(&id, &name) {
                continue;
            }
            let _ = writeln!(out, "place {id} \"{name}\" in {}", world.cities[city].id);
            world.places_of[city].push(world.places.len());
            world.places.push(PlaceDecl { id, city });
        }

        // The first block has each country's police, security service, interior ministry
        // and sometimes customs; every further block as many agencies per country.
        out.push_str("\n# Organisations and offices\n");
        let mut per_country = vec![0; world.countries.len()];
        for (c, made) in per_country.iter_mut().enumerate() {
            for what in ["police", "security", "interior", "customs"] {
                if what == "customs" && rng.chance(0.5) {
                    continue;
                }
                let code = world.countries[c].0.to_lowercase();
                let id = format!("{code}-{what}");
                let name = format!("{} {}", world.countries[c].1, capitalised(what));
                assert!(names.claim(&id, &name), "{id}");
                let _ = writeln!(out, "org {id} \"{name}\" in {}", world.countries[c].0);
                world.orgs.push(Org { id, country: c });
                *made += 1;
            }
        }
        for _ in 1..blocks {
            for (c, &k) in per_country.iter().enumerate() {
                let mut made = 0;
                while made < k {
                    let w = names.word(rng, 2);
                    let what = *rng.pick(&["Agency", "Directorate", "Service", "Bureau"]);
                    let code = world.countries[c].0.to_lowercase();
                    let id = format!("{code}-{w}");
                    let name = format!("{} {} {what}", world.countries[c].1, capitalised(&w));
                    if !names.claim(&id, &name) {
                        continue;
                    }
                    let _ = writeln!(out, "org {id} \"{name}\" in {}", world.countries[c].0);
                    world.orgs.push(Org { id, country: c });
                    made += 1;
                }
            }
        }

        out.push_str("\n# People\n");
        let persons_per_block = block_size(n, 12, 60);
        while world.persons.len() < blocks * persons_per_block {
            let given = *rng.pick(&GIVEN);
            let sur = capitalised(&names.word(rng, 2));
            let name = format!("{given} {sur}");
            let id = format!("{}{}", sur.to_lowercase(), world.persons.len());
            if !names.claim(&id, &name) {
                continue;
            }
            let _ = writeln!(out, "person {id} \"{name}\"");
            // Every 50th person is declared a second time, one time in two under a
            // spelling of the surname with a doubled consonant (Dekker, Dekkker meet by
            // their skeleton), else in capitals (one name once case is ignored). No
            // random draw: the rest of the corpus stays what it was.
            if (world.persons.len() + 1) % TWICE_EVERY == 0 {
                let twice = format!("{id}-b");
                // A surname with no consonant to double (Kaya) is written in capitals.
                let variant = doubled(&sur);
                let (other, spelled) =
                    if (world.spelled_twice + world.declared_twice) % 2 == 0 && variant != sur {
                        (format!("{given} {variant}"), true)
                    } else {
                        (name.to_uppercase(), false)
                    };
                let meet = verify::model::names::why_alike(&name, &other);
                let fits = match (&meet, spelled) {
                    (Some(steps), true) => !steps.is_empty(),
                    (Some(steps), false) => steps.is_empty(),
                    (None, _) => false,
                };
                if fits && names.claim_id(&twice) {
                    let _ = writeln!(out, "person {twice} \"{other}\"");
                    if spelled {
                        world.spelled_twice += 1;
                    } else {
                        world.declared_twice += 1;
                    }
                }
            }
            world.persons.push(id);
        }
        world.person_pop = Popularity::new(blocks, persons_per_block, 1.0, 5.0);
        // Office holders come from the less famous part of a block of people (its last
        // two thirds by popularity), so that their terms rarely collide with their travels.
        let offices_per_block = block_size(n, 300, 10);
        let first_term = day(2008, 1, 1);
        let end_terms = day(2028, 1, 1);
        while world.offices.len() < blocks * offices_per_block {
            let org = rng.below(world.orgs.len());
            let sole = rng.chance(0.8);
            let (title, short) = if sole {
                *rng.pick(&[
                    ("Director General", "dg"),
                    ("Commissioner General", "cg"),
                    ("Chief", "chief"),
                    ("Minister", "min"),
                ])
            } else {
                *rng.pick(&[
                    ("Adviser", "adv"),
                    ("Board member", "board"),
                    ("Deputy", "dep"),
                ])
            };
            let id = format!("{}-{short}-{}", world.orgs[org].id, world.offices.len());
            let name = format!("{title} {} of {}", world.offices.len(), world.orgs[org].id);
            if !names.claim(&id, &name) {
                continue;
            }
            let _ = writeln!(
                out,
                "office {id} \"{name}\" of {}{}",
                world.orgs[org].id,
                if sole { " sole" } else { "" }
            );
            let mut terms = Vec::new();
            let mut s = first_term + rng.range(0, 900);
            let famous = persons_per_block / 3;
            while s < end_terms {
                let len = rng.range(300, 2200);
                let e = (s + len).min(end_terms + 4000);
                let holder =
                    world.person_pop.block(rng) + famous + rng.below(persons_per_block - famous);
                terms.push((s, e, holder));
                s = e + 1;
            }
            world.offices.push(Office { id, sole, terms });
        }

        out.push_str("\n# Named events\n");
        let n_events = (n / 400).max(10);
        while world.events.len() < n_events {
            let w = names.word(rng, 2);
            let what = *rng.pick(&["Summit", "Forum", "Games", "Conference", "Expo"]);
            let name = format!("{} {what} {}", capitalised(&w), world.events.len());
            let id = format!("{w}-{}-{}", what.to_lowercase(), world.events.len());
            if !names.claim(&id, &name) {
                continue;
            }
            let city = rng.below(world.cities.len());
            let _ = writeln!(out, "event {id} \"{name}\" in {}", world.cities[city].id);
            world.events.push(NamedEvent { id, city });
        }

        // Party sets: pairs (sometimes triples) of countries and organisations, each with a
        // chain of successive plans.
        let sets_per_block = block_size(n, 250, 6);
        let mut seen_sets: HashSet<Vec<String>> = HashSet::new();
        while world.party_sets.len() < blocks * sets_per_block {
            let mut members: Vec<String> = Vec::new();
            let size = if rng.chance(0.15) { 3 } else { 2 };
            while members.len() < size {
                let m = if rng.chance(0.8) {
                    world.countries[rng.below(world.countries.len())].0.clone()
                } else {
                    world.orgs[rng.below(world.orgs.len())].id.clone()
                };
                if !members.contains(&m) {
                    members.push(m);
                }
            }
            let mut key = members.clone();
            key.sort();
            if !seen_sets.insert(key) {
                continue;
            }
            let set = world.party_sets.len();
            let mut plans = Vec::new();
            let mut start = day(2010 + rng.range(0, 3), 1, 1);
            let mut k = 0;
            while start < day(2027, 1, 1) {
                let aligned = start == year_start(start) && rng.chance(0.8);
                let end = if aligned {
                    day(year_of(start) + rng.range(0, 3), 12, 31)
                } else {
                    start + rng.range(200, 1400)
                };
                let label = format!("ap-{set}-{k}");
                let kind = if rng.chance(0.7) { "plan" } else { "agreement" };
                let name = if kind == "plan" {
                    format!("Action plan {}-{}", year_of(start), year_of(end))
                } else {
                    format!("Agreement {k} of set {set}")
                };
                let signed = start - rng.range(0, 90);
                plans.push(world.plans.len());
                world.plans.push(Plan {
                    label,
                    name,
                    kind,
                    start,
                    end,
                    signed,
                    latest_end: end,
                    accounts: 0,
                    signed_by: None,
                    origins: Vec::new(),
                });
                // The next plan: usually the day after, sometimes after a gap or before
                // this one ends, though never before it starts (planted when accounts of
                // both are written).
                let r = rng.unit();
                start = if r < 0.08 {
                    end + 1 + rng.range(30, 400)
                } else if r < 0.16 {
                    end + 1 - rng.range(30, 300.min((end - start) / 2))
                } else {
                    end + 1
                };
                k += 1;
            }
            world.party_sets.push(PartySet { members, plans });
        }

        world.outlet_pop = Popularity::new(blocks, outlets_per_block, 1.1, 2.0);
        world.office_pop = Popularity::new(blocks, offices_per_block, 1.0, 3.0);
        world.city_pop = Popularity::new(blocks, cities_per_block, 0.9, 3.0);
        world.party_pop = Popularity::new(blocks, sets_per_block, 1.0, 2.0);
        (world, out)
    }

    pub(crate) fn where_id(&self, w: Where) -> &str {
        match w {
            Where::Country(c) => &self.countries[c].0,
            Where::City(c) => &self.cities[c].id,
            Where::Place(p) => &self.places[p].id,
        }
    }

    pub(crate) fn country_of(&self, w: Where) -> usize {
        match w {
            Where::Country(c) => c,
            Where::City(c) => self.cities[c].country,
            Where::Place(p) => self.cities[self.places[p].city].country,
        }
    }

    /// A city, by popularity.
    pub(crate) fn some_city(&self, rng: &mut Rng) -> Where {
        let c = self.city_pop.sample(rng);
        Where::City(c)
    }

    /// A place inside `w` (or `w` itself): what a vaguer or a more precise account names.
    pub(crate) fn inside(&self, rng: &mut Rng, w: Where) -> Where {
        match w {
            Where::Country(c) => Where::City(*rng.pick(&self.cities_of[c])),
            Where::City(c) => {
                if self.places_of[c].is_empty() || rng.chance(0.5) {
                    w
                } else {
                    Where::Place(*rng.pick(&self.places_of[c]))
                }
            }
            Where::Place(_) => w,
        }
    }

    /// A vaguer name for `w`: its country, or `w` itself.
    pub(crate) fn vaguer(&self, rng: &mut Rng, w: Where) -> Where {
        if rng.chance(0.5) {
            Where::Country(self.country_of(w))
        } else {
            w
        }
    }

    pub(crate) fn person(&self, rng: &mut Rng) -> usize {
        self.person_pop.sample(rng)
    }

    /// The ids of `people`, as a claim lists them.
    pub(crate) fn names(&self, people: &[usize]) -> String {
        let ids: Vec<&str> = people.iter().map(|&q| self.persons[q].as_str()).collect();
        ids.join(", ")
    }

    /// Whether `a` lies in `b` (or is `b`).
    fn lies_in(&self, a: Where, b: Where) -> bool {
        a == b
            || match (a, b) {
                (_, Where::Country(c)) => self.country_of(a) == c,
                (Where::Place(p), Where::City(c)) => self.places[p].city == c,
                _ => false,
            }
    }

    /// Whether one person can be at `a` and at `b` on the same day: one lies in the other.
    /// Accounts name a place or its country, and these lie in each other then too.
    pub(crate) fn nested(&self, a: Where, b: Where) -> bool {
        self.lies_in(a, b) || self.lies_in(b, a)
    }
}

/// Declared names, for keeping every entity's transliteration skeleton unique (so that
/// `duplicate-entities` stays silent) and every id unique.
#[derive(Default)]
struct Names {
    ids: HashSet<String>,
    skeletons: HashSet<String>,
    /// Syllables added to made-up words, once short ones are mostly taken.
    longer: usize,
    /// Names refused in a row.
    refused: usize,
}

impl Names {
    /// Whether `id` is free; if so, claims it (for a second declaration of a name).
    fn claim_id(&mut self, id: &str) -> bool {
        self.ids.insert(verify::model::names::fold(id))
    }

    /// Whether `id` and `name` are free; if so, claims them.
    fn claim(&mut self, id: &str, name: &str) -> bool {
        let fid = verify::model::names::fold(id);
        let sk = verify::model::names::skeleton(name);
        let sk_id = verify::model::names::skeleton(id);
        if self.ids.contains(&fid)
            || self.skeletons.contains(&sk)
            || self.skeletons.contains(&sk_id)
        {
            // Made-up words of a given length run out in a large corpus: make them longer.
            self.refused += 1;
            if self.refused == 64 {
                self.longer += 1;
                self.refused = 0;
            }
            return false;
        }
        self.refused = 0;
        self.ids.insert(fid);
        self.skeletons.insert(sk);
        self.skeletons.insert(sk_id);
        true
    }
}

impl Names {
    /// A made-up word of `syllables` syllables or one more, longer once short words run
    /// out.
    fn word(&self, rng: &mut Rng, syllables: usize) -> String {
        word(rng, syllables + self.longer)
    }
}

/// A made-up word of two or three syllables (`syllables` or one more).
fn word(rng: &mut Rng, syllables: usize) -> String {
    let n = syllables + rng.below(2);
    let mut w = String::new();
    for _ in 0..n {
        w.push_str(SYLLABLES[rng.below(SYLLABLES.len())]);
    }
    w
}

/// One person in this many is declared twice (see `World::spelled_twice`).
const TWICE_EVERY: usize = 50;

/// `w` with its first consonant that no transliteration step reads with its neighbours
/// doubled: a spelling `name-variants` reduces to the same skeleton by "doubled
/// consonants" alone.
fn doubled(w: &str) -> String {
    let mut out = String::with_capacity(w.len() + 1);
    let mut done = false;
    for c in w.chars() {
        out.push(c);
        if !done && "bdfglmnrstvz".contains(c) {
            out.push(c);
            done = true;
        }
    }
    out
}

fn capitalised(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The declarations load without any diagnostic (no duplicate ids among them)
    /// and declare what the world holds, in as many blocks as the corpus size asks for.
    #[test]
    fn the_declarations_load_cleanly_and_declare_the_world() {
        for n in [1_000, 250_000] {
            let (world, text) = World::build(&mut Rng::new(n as u64), n);
            let loaded = verify::pipeline::load_texts([("entities.claims", text)]);
            assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
            let corpus = &loaded.corpus;
            assert_eq!(corpus.outlets.len(), world.outlets.len());
            let declared = world.countries.len()
                + world.cities.len()
                + world.places.len()
                + world.orgs.len()
                + world.offices.len()
                + world.persons.len()
                + world.spelled_twice
                + world.declared_twice
                + world.events.len();
            assert_eq!(corpus.entities.len(), declared);
            // One person in 50 declared twice, the two ways in turn (capitals where a
            // surname has no consonant to double).
            let twice = world.spelled_twice + world.declared_twice;
            assert_eq!(twice, world.persons.len() / TWICE_EVERY);
            if twice >= 10 {
                let (s, d) = (world.spelled_twice, world.declared_twice);
                assert!(s * 3 > twice && d * 3 > twice, "{s} and {d} of {twice}");
            }
            let blocks = blocks_for(n);
            assert_eq!(world.persons.len(), blocks * block_size(n, 12, 60));
            assert_eq!(world.cities.len() % blocks, 0);
        }
    }

    /// Each set's plans follow each other in time, and every place lies in its city and
    /// country.
    #[test]
    fn plans_follow_each_other_and_places_lie_in_their_cities() {
        let (world, _) = World::build(&mut Rng::new(4), 20_000);
        for set in &world.party_sets {
            for pair in set.plans.windows(2) {
                let (a, b) = (&world.plans[pair[0]], &world.plans[pair[1]]);
                assert!(
                    a.start <= a.end && a.start < b.start,
                    "{} {}",
                    a.label,
                    b.label
                );
            }
        }
        for (p, place) in world.places.iter().enumerate() {
            let (at, city) = (Where::Place(p), Where::City(place.city));
            let country = Where::Country(world.country_of(city));
            assert!(world.nested(at, city) && world.nested(at, country));
            assert!(!world.nested(
                at,
                Where::Country((world.country_of(at) + 1) % world.countries.len())
            ));
        }
    }
}
