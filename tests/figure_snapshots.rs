//! Every exported figure on the 171-article Wikinews corpus with its
//! suggestions reviewed (`tests/fixtures/workspaces/wikinews-reviewed.stance.json`,
//! a fixed file, so that a change of the analysis does not move these
//! pictures): each passes README's figure checklist as far as a program can
//! check it, and its PNG and SVG equal the checked-in snapshots in
//! `tests/snapshots/figures/`. After a deliberate change, rewrite them with
//! `UPDATE_SNAPSHOTS=1 cargo test --test figure_snapshots` and look at the PNGs.

use stance_tracker::model::{Date, Workspace};
use stance_tracker::report::Filter;
use stance_tracker::report::figure::{
    self, AgreementOptions, CompareOptions, Figure, Mark, OverTimeOptions, Provenance, network::NodeColour, palette,
};
use stance_tracker::report::network::{NetworkOptions, Normalize};
use std::path::{Path, PathBuf};

fn fixture() -> Workspace {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/workspaces/wikinews-reviewed.stance.json");
    stance_tracker::storage::open_workspace(&path).expect("the reviewed corpus opens")
}

fn provenance() -> Provenance {
    Provenance {
        file_name: "wikinews-reviewed.stance.json".to_owned(),
        date: Date::new(2026, 12, 1).unwrap(),
    }
}

fn layer_a(ws: &Workspace) -> Filter {
    Filter {
        layer: Some(ws.coder_by_name("A").expect("coder A reviewed the corpus").id),
        ..Filter::default()
    }
}

/// Every figure the app and the CLI export, by snapshot name, with the
/// axis or scale labels it must carry.
fn figures(ws: &Workspace) -> Vec<(&'static str, Figure, &'static [&'static str])> {
    let filter = layer_a(ws);
    let (w, h) = figure::DEFAULT_SIZE;
    let p = provenance();
    let sanctions = ws.issue_by_key("sanctions").unwrap().id;
    vec![
        (
            "compare",
            figure::compare::compare(ws, &filter, &CompareOptions::default(), w, h, &p),
            &["stances", "net position", "\u{2212}1 to +1"],
        ),
        (
            "over-time",
            figure::over_time::over_time(ws, &filter, &OverTimeOptions::new(sanctions), w, h, &p),
            &["mean position (\u{2212}1 oppose to +1 support)", "stances per month"],
        ),
        (
            "agreement",
            figure::agreement::agreement(ws, &filter, &AgreementOptions::default(), w, h, &p),
            &["+1 congruence: always the same side"],
        ),
        (
            "issues",
            figure::issues::issues(ws, &filter, w, h, &p),
            &["actors", "\u{2190} oppose   support \u{2192}"],
        ),
        (
            "network",
            figure::network::network(ws, &filter, &NetworkOptions::default(), NodeColour::Community, w, h, &p),
            &["Size: stances", "Tie width: weight"],
        ),
        (
            "network-jaccard-kind",
            figure::network::network(
                ws,
                &filter,
                &NetworkOptions {
                    normalize: Normalize::Jaccard,
                    threshold: 0.2,
                    ..NetworkOptions::default()
                },
                NodeColour::Kind,
                w,
                h,
                &p,
            ),
            &["Colour: actor kind", "Tie width: weight"],
        ),
    ]
}

fn texts(fig: &Figure) -> Vec<&str> {
    fig.marks
        .iter()
        .filter_map(|m| match m {
            Mark::Text(t) => Some(t.text.as_str()),
            _ => None,
        })
        .collect()
}

/// The Okabe–Ito colours, the support blue darkened, and the figures' greys.
fn colour_blind_safe(c: figure::Color) -> bool {
    let okabe_ito = [
        0xE69F00, 0x56B4E9, 0x009E73, 0xF0E442, 0x0072B2, 0xD55E00, 0xCC79A7, 0x000000, 0x00508A,
    ];
    let grey = c.r == c.g && c.g == c.b;
    grey || okabe_ito.contains(&((c.r as u32) << 16 | (c.g as u32) << 8 | c.b as u32))
}

#[test]
fn every_figure_passes_the_checklist() {
    let ws = fixture();
    let n_accepted = ws
        .stances()
        .filter(|s| s.status == stance_tracker::model::Status::Accepted)
        .count();
    assert!(n_accepted >= 25, "the fixture has {n_accepted} accepted stances");
    for (name, fig, axis_labels) in figures(&ws) {
        let t = texts(&fig);
        // Title, subtitle with layer, filter and n, source line.
        assert!(
            !fig.title.is_empty() && t.contains(&fig.title.as_str()),
            "{name}: title"
        );
        let subtitle = fig.subtitle.join(" ");
        assert!(subtitle.contains("layer: A"), "{name}: the layer in {subtitle:?}");
        assert!(
            subtitle.contains("accepted stances"),
            "{name}: the filter in {subtitle:?}"
        );
        assert!(subtitle.contains("n = "), "{name}: n in {subtitle:?}");
        assert!(subtitle.contains("2019-"), "{name}: the date range in {subtitle:?}");
        assert!(
            fig.source.starts_with("Source: Stance Tracker") && fig.source.contains("wikinews-reviewed.stance.json"),
            "{name}: source"
        );
        // Axis and scale labels.
        for label in axis_labels {
            assert!(t.contains(label), "{name}: no {label:?} among {t:?}");
        }
        // The legend is outside every data area.
        let legend = fig.legend_rect.unwrap_or_else(|| panic!("{name}: no legend"));
        assert!(!fig.legend.is_empty(), "{name}: legend entries");
        for plot in &fig.plots {
            assert!(
                !legend.intersects(plot),
                "{name}: the legend {legend:?} covers the data {plot:?}"
            );
        }
        // The legend's colours are colour-blind safe.
        for e in &fig.legend {
            let c = match &e.swatch {
                figure::Swatch::Box(c) | figure::Swatch::Interval(c) => *c,
                figure::Swatch::Line { color, .. } | figure::Swatch::Dot { color, .. } => *color,
            };
            assert!(colour_blind_safe(c), "{name}: {} is {}", e.label, c.to_hex());
        }
        // Everything is drawn inside the figure.
        for m in &fig.marks {
            if let Mark::Text(x) = m {
                assert!(
                    (0.0..=fig.width).contains(&x.x) && (0.0..=fig.height).contains(&x.y),
                    "{name}: {:?} outside",
                    x.text
                );
            }
        }
    }
}

/// Every actor of the data is named in full (on the network, the ones
/// left unnamed for room are counted in the legend).
#[test]
fn every_actor_is_named() {
    let ws = fixture();
    let filter = layer_a(&ws);
    let figs = figures(&ws);
    let of = |name: &str| &figs.iter().find(|f| f.0 == name).unwrap().1;
    let data = figure::compare::compare_data(&ws, &filter, &CompareOptions::default());
    assert!(data.rows.len() >= 10);
    let t = texts(of("compare"));
    for row in &data.rows {
        assert!(t.contains(&row.name.as_str()), "compare: {} not named", row.name);
    }
    let data = figure::agreement::agreement_data(&ws, &filter, &AgreementOptions::default());
    let t = texts(of("agreement"));
    for name in &data.names {
        assert_eq!(
            t.iter().filter(|x| **x == name).count(),
            2,
            "agreement: {name} on both axes"
        );
    }
    let view = stance_tracker::report::netview::compute(
        &ws,
        &filter,
        &NetworkOptions::default(),
        stance_tracker::report::netview::SEED,
    );
    let t = texts(of("network"));
    let named = view
        .network
        .actors
        .iter()
        .filter(|&&a| t.contains(&ws.actor(a).unwrap().name.as_str()))
        .count();
    let n = view.network.actors.len();
    assert!(named * 10 >= n * 9, "network: {named} of {n} named");
    if named < n {
        assert!(t.contains(&format!("{named} of {n} actors named").as_str()));
    }
}

fn snapshot_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/figures")
}

/// Pixels whose channels differ by more than a rounding step.
fn differing_pixels(a: &image::RgbaImage, b: &image::RgbaImage) -> usize {
    a.pixels()
        .zip(b.pixels())
        .filter(|(x, y)| x.0.iter().zip(y.0.iter()).any(|(p, q)| p.abs_diff(*q) > 24))
        .count()
}

#[test]
fn exported_png_and_svg_equal_the_snapshots() {
    let ws = fixture();
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let dir = snapshot_dir();
    std::fs::create_dir_all(&dir).unwrap();
    let mut failures = Vec::new();
    for (name, fig, _) in figures(&ws) {
        let svg = figure::svg::svg(&fig, 1.0);
        let png = figure::png::png(&fig, 1.0).unwrap();
        let (svg_path, png_path) = (dir.join(format!("{name}.svg")), dir.join(format!("{name}.png")));
        if update || !svg_path.exists() || !png_path.exists() {
            std::fs::write(&svg_path, &svg).unwrap();
            std::fs::write(&png_path, &png).unwrap();
            continue;
        }
        if std::fs::read_to_string(&svg_path).unwrap() != svg {
            std::fs::write(dir.join(format!("{name}.new.svg")), &svg).unwrap();
            failures.push(format!("{name}.svg differs (see {name}.new.svg)"));
        }
        let want = image::load_from_memory(&std::fs::read(&png_path).unwrap())
            .unwrap()
            .to_rgba8();
        let got = image::load_from_memory(&png).unwrap().to_rgba8();
        if want.dimensions() != got.dimensions() {
            failures.push(format!(
                "{name}.png: {:?}, not {:?}",
                got.dimensions(),
                want.dimensions()
            ));
            continue;
        }
        // Anti-aliasing may round differently on another CPU; layout may not move.
        let diff = differing_pixels(&want, &got);
        if diff > 200 {
            std::fs::write(dir.join(format!("{name}.new.png")), &png).unwrap();
            failures.push(format!("{name}.png: {diff} pixels differ (see {name}.new.png)"));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\nIf the change is deliberate: UPDATE_SNAPSHOTS=1 cargo test --test figure_snapshots",
        failures.join("\n")
    );
}

/// The PNG is what the SVG says: the same title pixels are dark where the
/// SVG puts its title, and the positions' colours are there.
#[test]
fn the_png_draws_the_position_colours_of_the_legend() {
    let ws = fixture();
    let filter = layer_a(&ws);
    let (w, h) = figure::DEFAULT_SIZE;
    let fig = figure::issues::issues(&ws, &filter, w, h, &provenance());
    let img = image::load_from_memory(&figure::png::png(&fig, 1.0).unwrap())
        .unwrap()
        .to_rgba8();
    let has = |c: figure::Color| img.pixels().any(|p| p.0[..3] == [c.r, c.g, c.b]);
    assert!(has(palette::SUPPORT) && has(palette::OPPOSE));
}
