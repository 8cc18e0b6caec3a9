//! A workspace two coders coded, agreeing on some units and not on others,
//! for the Reliability tab's tests and snapshot.

use stance_tracker::model::{
    Actor, ActorId, ActorKind, Article, ArticleId, Command, Date, Document, Position, Workspace, coders, ops,
};

pub const ACTORS: [&str; 3] = ["Marco Rubio", "Sergey Lavrov", "Volodymyr Zelensky"];
pub const TITLES: [&str; 4] = [
    "Talks open in Riyadh",
    "Sanctions relief on the table",
    "Kyiv wary of a deal made without it",
    "Europe asks for a seat",
];

pub fn sentence(actor: &str) -> String {
    format!("{actor} spoke about the talks today. ")
}

/// Where `actor`'s sentence is in article `i`.
fn span(i: usize, actor: &str) -> (usize, usize) {
    let prefix = format!("{}. ", TITLES[i]).chars().count();
    let before: usize = ACTORS
        .iter()
        .take_while(|a| **a != actor)
        .map(|a| sentence(a).chars().count())
        .sum();
    let start = prefix + before;
    (start, start + sentence(actor).trim_end().chars().count())
}

/// (coder, article, actor, issue key, position)
type Coding = (&'static str, usize, &'static str, &'static str, Position);

/// Coders A and B on four articles; both marked 0–2 done, only A marked 3.
/// They differ on four units: article 0 Lavrov/sanctions (oppose vs
/// support), article 1 Rubio/sanctions (neutral vs nothing) and
/// Lavrov/participation (nothing vs oppose), article 2 Lavrov/concessions
/// (support vs mixed).
pub fn two_coders(done_b: &[usize]) -> Workspace {
    use Position::*;
    let codings: &[Coding] = &[
        ("A", 0, "Marco Rubio", "participation", Support),
        ("B", 0, "Marco Rubio", "participation", Support),
        ("A", 0, "Sergey Lavrov", "sanctions", Oppose),
        ("B", 0, "Sergey Lavrov", "sanctions", Support),
        ("A", 1, "Volodymyr Zelensky", "concessions", Support),
        ("B", 1, "Volodymyr Zelensky", "concessions", Support),
        ("A", 1, "Marco Rubio", "sanctions", Neutral),
        ("B", 1, "Sergey Lavrov", "participation", Oppose),
        ("A", 2, "Marco Rubio", "participation", Oppose),
        ("B", 2, "Marco Rubio", "participation", Oppose),
        ("A", 2, "Sergey Lavrov", "concessions", Support),
        ("B", 2, "Sergey Lavrov", "concessions", Support),
        ("B", 2, "Sergey Lavrov", "concessions", Oppose),
        ("A", 3, "Marco Rubio", "sanctions", Support),
    ];
    let mut doc = Document::new(Workspace::new());
    let text: String = ACTORS.iter().map(|a| sentence(a)).collect();
    let mut articles = Vec::new();
    for (day, title) in (18..).zip(TITLES) {
        let id = ArticleId(doc.alloc_id());
        let body = format!("{title}. {text}");
        let date = Date::new(2025, 2, day);
        let article = Article::new(id, title.to_owned(), date, "test".into(), body);
        doc.execute(Command::AddArticle(Box::new(article))).unwrap();
        articles.push(id);
    }
    for name in ACTORS {
        let id = ActorId(doc.alloc_id());
        doc.execute(Command::AddActor(Actor::new(id, name, ActorKind::State)))
            .unwrap();
    }
    for coder in ["A", "B"] {
        doc.set_coder(Some(coder.to_owned()));
        for &(_, i, actor, issue, position) in codings.iter().filter(|c| c.0 == coder) {
            let mut ws = doc.workspace().clone();
            let actor = ws.actor_by_name(actor).unwrap().id;
            let issue = ws.issue_by_key(issue).unwrap().id;
            let (start, end) = span(i, ws.actor(actor).unwrap().name.as_str());
            let cmd = ops::new_manual_stance(&mut ws, articles[i], actor, issue, position, start, end, String::new())
                .unwrap();
            doc.execute(cmd).unwrap();
        }
        let id = doc.coder_id().unwrap();
        let done: Vec<ArticleId> = match coder {
            "A" => articles.clone(),
            _ => done_b.iter().map(|&i| articles[i]).collect(),
        };
        if let Some(cmd) = coders::set_done(doc.workspace(), id, &done, true) {
            doc.execute(cmd).unwrap();
        }
    }
    doc.workspace().clone()
}
