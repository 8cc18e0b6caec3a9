//! What the reader paints over the text: actor mentions, stance evidence,
//! find matches. Computed for the page on screen, once per article, page and
//! revision, not every frame.

use super::palette;
use super::team::Seen;
use crate::analysis::gazetteer::Gazetteer;
use crate::model::{ActorId, ArticleId, Position, StanceId, Workspace};
use eframe::egui::{Color32, Stroke};
use std::ops::Range;

#[derive(Clone, Debug, PartialEq)]
pub struct Segment {
    pub bytes: Range<usize>,
    pub background: Color32,
    pub underline: Stroke,
    /// What a click here selects.
    pub stance: Option<StanceId>,
    pub actor: Option<ActorId>,
}

#[derive(Clone, PartialEq)]
struct Key {
    article: ArticleId,
    page: Range<usize>,
    revision: u64,
    find: String,
    selected: Option<StanceId>,
    dark: bool,
    seen: Seen,
}

#[derive(Default)]
pub struct HighlightCache {
    key: Option<Key>,
    segments: Vec<Segment>,
    /// Workspace actors as a matcher, rebuilt when the workspace changes.
    matcher: Option<(u64, Gazetteer, Vec<ActorId>)>,
    /// The reader's pages of one article (its text never changes).
    pages: Option<(ArticleId, Vec<super::pages::Page>)>,
}

impl HighlightCache {
    pub fn pages(&mut self, ws: &Workspace, article: ArticleId) -> &[super::pages::Page] {
        if self.pages.as_ref().is_none_or(|(a, _)| *a != article) {
            let text = ws.article(article).map_or("", |a| &a.text);
            self.pages = Some((article, super::pages::split(text, super::pages::PAGE_BYTES)));
        }
        &self.pages.as_ref().expect("just built").1
    }

    /// Segments of the byte range `page` of the article, in article byte offsets.
    #[allow(clippy::too_many_arguments)]
    pub fn segments(
        &mut self,
        ws: &Workspace,
        revision: u64,
        article: ArticleId,
        page: Range<usize>,
        find: &str,
        selected: Option<StanceId>,
        dark: bool,
        seen: Seen,
    ) -> &[Segment] {
        let key = Key {
            article,
            page: page.clone(),
            revision,
            find: find.to_owned(),
            selected,
            dark,
            seen,
        };
        if self.key.as_ref() != Some(&key) {
            if self.matcher.as_ref().is_none_or(|(r, _, _)| *r != revision) {
                self.matcher = Some(actor_matcher(ws, revision));
            }
            let (_, matcher, ids) = self.matcher.as_ref().expect("just built");
            let shown = Shown { selected, dark, seen };
            self.segments = build(ws, article, page, find, shown, matcher, ids);
            self.key = Some(key);
        }
        &self.segments
    }
}

/// The workspace's actors by the same names the analysis finds them by,
/// the bundled gazetteer's aliases of each included.
fn actor_matcher(ws: &Workspace, revision: u64) -> (u64, Gazetteer, Vec<ActorId>) {
    (
        revision,
        Gazetteer::from_entries(crate::analysis::workspace_entries(ws), ""),
        ws.actors().map(|a| a.id).collect(),
    )
}

#[derive(Clone, Copy)]
enum Layer {
    Actor(ActorId, Color32),
    Stance(StanceId, Position, bool),
    Find,
}

/// How the stances are shown: the selected one, the theme, whose.
struct Shown {
    selected: Option<StanceId>,
    dark: bool,
    seen: Seen,
}

fn build(
    ws: &Workspace,
    article: ArticleId,
    page: Range<usize>,
    find: &str,
    shown: Shown,
    matcher: &Gazetteer,
    ids: &[ActorId],
) -> Vec<Segment> {
    let Shown { selected, dark, seen } = shown;
    let Some(a) = ws.article(article) else {
        return Vec::new();
    };
    let Some(text) = a.text.get(page.clone()) else {
        return Vec::new();
    };
    let at = page.start;
    let mut ranges: Vec<(usize, usize, Layer)> = Vec::new();
    for hit in matcher.find(text) {
        let id = ids[hit.entry];
        let color = ws.actor(id).map(|x| palette::actor(x.color)).unwrap_or(Color32::GRAY);
        ranges.push((hit.start, hit.end, Layer::Actor(id, color)));
    }
    for s in ws.stances_of(article).filter(|s| seen.shows(ws, s)) {
        if s.status == crate::model::Status::Rejected && selected != Some(s.id) {
            continue;
        }
        let (Some(b0), Some(b1)) = (a.char_to_byte(s.evidence.start), a.char_to_byte(s.evidence.end)) else {
            continue;
        };
        let (b0, b1) = (b0.max(page.start), b1.min(page.end));
        if b0 < b1 {
            ranges.push((
                b0 - at,
                b1 - at,
                Layer::Stance(s.id, s.position, selected == Some(s.id)),
            ));
        }
    }
    let needle = find.trim();
    if needle.chars().count() >= 2 {
        let lower = text.to_lowercase();
        let n = needle.to_lowercase();
        // Lower-casing can change byte lengths outside ASCII; only map back when it did not.
        if lower.len() == text.len() {
            for (i, _) in lower.match_indices(&n) {
                ranges.push((i, i + n.len(), Layer::Find));
            }
        }
    }
    let mut out = segments(text.len(), &ranges, dark);
    for seg in &mut out {
        seg.bytes = seg.bytes.start + at..seg.bytes.end + at;
    }
    out
}

/// Splits the text at every range boundary and styles each piece by the
/// ranges covering it.
fn segments(len: usize, ranges: &[(usize, usize, Layer)], dark: bool) -> Vec<Segment> {
    let mut cuts: Vec<usize> = ranges.iter().flat_map(|r| [r.0, r.1]).chain([0, len]).collect();
    cuts.sort_unstable();
    cuts.dedup();
    let mut sorted: Vec<usize> = (0..ranges.len()).collect();
    sorted.sort_by_key(|&i| ranges[i].0);
    let mut active: Vec<usize> = Vec::new();
    let mut next = 0;
    let mut out = Vec::with_capacity(cuts.len());
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        if a == b {
            continue;
        }
        active.retain(|&i| ranges[i].1 > a);
        while next < sorted.len() && ranges[sorted[next]].0 <= a {
            if ranges[sorted[next]].1 > a {
                active.push(sorted[next]);
            }
            next += 1;
        }
        let mut seg = Segment {
            bytes: a..b,
            background: Color32::TRANSPARENT,
            underline: Stroke::NONE,
            stance: None,
            actor: None,
        };
        let mut find = false;
        let mut strong = None;
        for &i in &active {
            match ranges[i].2 {
                Layer::Actor(id, c) => {
                    seg.actor = Some(id);
                    if seg.background == Color32::TRANSPARENT {
                        seg.background = palette::highlight(c, dark);
                    }
                }
                Layer::Stance(id, p, selected) => {
                    let c = palette::position(p);
                    if selected || seg.stance.is_none() {
                        seg.stance = Some(id);
                        seg.underline = Stroke::new(2.0, c);
                    }
                    if selected {
                        strong = Some(c);
                    }
                }
                Layer::Find => find = true,
            }
        }
        if let Some(c) = strong {
            seg.background = palette::highlight(c, dark).gamma_multiply(1.6);
        }
        if find {
            seg.background = palette::FIND_MATCH;
        }
        out.push(seg);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_layers_split_into_styled_segments() {
        let ranges = vec![
            (0, 5, Layer::Actor(ActorId(1), Color32::RED)),
            (3, 10, Layer::Stance(StanceId(2), Position::Oppose, false)),
            (8, 9, Layer::Find),
        ];
        let segs = segments(12, &ranges, false);
        let bounds: Vec<_> = segs.iter().map(|s| (s.bytes.start, s.bytes.end)).collect();
        assert_eq!(bounds, [(0, 3), (3, 5), (5, 8), (8, 9), (9, 10), (10, 12)]);
        assert_eq!(segs[0].actor, Some(ActorId(1)));
        assert_eq!(segs[0].stance, None);
        assert_eq!(segs[1].actor, Some(ActorId(1)));
        assert_eq!(segs[1].stance, Some(StanceId(2)));
        assert_eq!(segs[1].underline.color, palette::position(Position::Oppose));
        assert_eq!(segs[3].background, palette::FIND_MATCH);
        assert_eq!(segs[5].underline, Stroke::NONE);
    }
}
