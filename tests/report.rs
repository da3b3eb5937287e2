//! The session report: `demo` writes everything; report.html has every
//! section, shows the numbers of summary.json, loads nothing from outside and
//! escapes input text; the plots are valid PNG and SVG.

mod common;

use std::path::Path;

fn retrogait() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("retrogait").expect("binary")
}

/// Runs `retrogait demo --out DIR` and returns its stdout.
fn demo(out: &Path, extra: &[&str]) -> std::process::Output {
    retrogait()
        .arg("demo")
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .expect("run retrogait")
}

const SECTIONS: [&str; 7] = [
    "id=\"header\"",
    "id=\"headline\"",
    "id=\"directions\"",
    "id=\"plots\"",
    "id=\"bouts\"",
    "id=\"energy\"",
    "id=\"quality\"",
];

/// Every `data-field="NAME" data-value="VALUE"` pair of the page.
fn tagged_fields(html: &str) -> Vec<(String, String)> {
    let mut fields = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("data-field=\"") {
        rest = &rest[at + 12..];
        let name_end = rest.find('"').expect("closing quote");
        let name = rest[..name_end].to_string();
        let value_at = rest
            .find("data-value=\"")
            .expect("data-value after data-field")
            + 12;
        let value_end = value_at + rest[value_at..].find('"').expect("closing quote");
        fields.push((name, rest[value_at..value_end].to_string()));
        rest = &rest[value_end..];
    }
    fields
}

/// The value at a dotted path of the summary.
fn lookup<'a>(summary: &'a serde_json::Value, path: &str) -> &'a serde_json::Value {
    path.split('.').fold(summary, |value, key| &value[key])
}

/// Checks the report in `dir` against its summary.json: sections, tagged
/// numbers, bout rows. Returns the number of tagged fields compared.
fn check_report(dir: &Path) -> usize {
    let html = std::fs::read_to_string(dir.join("report.html")).expect("report.html");
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("summary.json")).expect("summary"))
            .expect("summary.json is JSON");
    for section in SECTIONS {
        assert!(html.contains(section), "{}: no {section}", dir.display());
    }
    let fields = tagged_fields(&html);
    for (name, value) in &fields {
        let expected = lookup(&summary, name);
        if value == "null" {
            assert!(
                expected.is_null(),
                "{name}: report null, summary {expected}"
            );
        } else {
            let shown: f64 = value.parse().expect("a number");
            assert_eq!(
                Some(shown),
                expected.as_f64(),
                "{name}: report {value}, summary {expected}"
            );
        }
    }
    for required in [
        "recording.duration_s",
        "walking.time_s",
        "walking.steps",
        "walking.bouts",
        "walking.distance_m",
        "forward.time_s",
        "backward.time_s",
        "forward.steps",
        "backward.cadence_spm",
        "forward.speed_mps",
        "energy.total_kcal",
        "energy.mass_kg",
        "energy.forward.kcal",
    ] {
        assert!(
            fields.iter().any(|(name, _)| name == required),
            "{}: {required} not shown",
            dir.display()
        );
    }
    let bouts = summary["walking"]["bouts"].as_u64().expect("bouts") as usize;
    let rows = html.matches("<span class=\"badge ").count();
    assert_eq!(rows, bouts.min(300), "one table row per bout");
    fields.len()
}

/// Checks a PNG: signature, and it decodes to an image of plausible size.
fn check_png(path: &Path) {
    let bytes = std::fs::read(path).expect("png");
    assert!(
        bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "{}: no PNG signature",
        path.display()
    );
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("PNG header");
    let mut pixels = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut pixels).expect("PNG data");
    assert!(info.width >= 400 && info.height >= 150, "{info:?}");
    // Not blank: the plot draws something besides the white background.
    assert!(pixels.iter().any(|&p| p < 128), "{}: blank", path.display());
}

/// Checks an SVG: one <svg> root, every element closed in order.
fn check_svg(path: &Path) {
    let text = std::fs::read_to_string(path).expect("svg");
    assert!(text.starts_with("<svg"), "{}", path.display());
    assert!(text.trim_end().ends_with("</svg>"), "{}", path.display());
    let mut open: Vec<&str> = Vec::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let end = rest.find('>').expect("tag closes");
        let tag = &rest[..end];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(open.pop(), Some(name.trim()), "{}", path.display());
        } else if !tag.ends_with('/') && !tag.starts_with('?') && !tag.starts_with('!') {
            open.push(tag.split_whitespace().next().expect("tag name"));
        }
        rest = &rest[end + 1..];
    }
    assert!(open.is_empty(), "{}: unclosed {open:?}", path.display());
}

/// Nothing in the page is fetched from elsewhere (no URI at all: the SVGs
/// are inlined without their namespace attribute, which HTML does not need).
fn check_self_contained(html: &str) {
    let lower = html.to_ascii_lowercase();
    for forbidden in [
        "http:", "https:", "://", "src=", "href=", "@import", "url(", "<script", "<link",
    ] {
        assert!(
            !lower.contains(forbidden),
            "report.html contains {forbidden}"
        );
    }
}

#[test]
fn demo_writes_the_report_plots_and_tables() {
    let dir = tempfile::tempdir().expect("temp");
    let out = dir.path().join("demo");
    let output = demo(&out, &[]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("forward") && stdout.contains("backward"),
        "{stdout}"
    );
    assert!(stdout.contains("report.html"), "{stdout}");
    for file in ["steps.csv", "bouts.csv", "summary.json", "report.html"] {
        assert!(out.join(file).is_file(), "{file}");
    }
    let plots: Vec<_> = std::fs::read_dir(out.join("plots"))
        .expect("plots/")
        .map(|e| e.expect("entry").path())
        .collect();
    // Overview, zoom, timeline, cadence, step time, step length, per bout: SVG and PNG each.
    assert_eq!(plots.len(), 14, "{plots:?}");
    for path in &plots {
        match path.extension().and_then(|e| e.to_str()) {
            Some("png") => check_png(path),
            Some("svg") => check_svg(path),
            other => panic!("unexpected plot file {other:?}"),
        }
    }
    let compared = check_report(&out);
    // Cards (7), the per-direction table (8 rows x 2 directions), energy (2).
    assert!(compared >= 25, "only {compared} tagged numbers");
    let html = std::fs::read_to_string(out.join("report.html")).expect("html");
    check_self_contained(&html);
    // The demo is an interval session: both directions found, energy estimated.
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).expect("summary"))
            .expect("json");
    assert!(summary["forward"]["bouts"].as_u64() > Some(0));
    assert!(summary["backward"]["bouts"].as_u64() > Some(0));
    assert!(summary["energy"]["total_kcal"].as_f64() > Some(0.0));
    assert_eq!(summary["subject"]["mass_kg"], 70.0);
    // The same plots are inline in the page.
    assert_eq!(html.matches("<svg").count(), plots.len() / 2);

    // Results are not overwritten without --force.
    let again = demo(&out, &[]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    assert!(demo(&out, &["--force"]).status.success());
}

#[test]
fn input_names_are_escaped_in_the_report() {
    let dir = tempfile::tempdir().expect("temp");
    let input = dir.path().join("walk <b>&\"x\".csv");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo/retro_intervals.csv"),
        &input,
    )
    .expect("copy");
    let out = dir.path().join("out");
    let output = common::analyze(&["--placement", "lower_back"], &out, &input);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let html = std::fs::read_to_string(out.join("report.html")).expect("html");
    assert!(html.contains("walk &lt;b&gt;&amp;&quot;x&quot;.csv"));
    assert!(!html.contains("<b>"));
    check_self_contained(&html);
    check_report(&out);
    // No height: no step length, speed or energy, and the report says so.
    assert!(html.contains("Energy not estimated"));
}

#[test]
fn analyze_prints_a_per_direction_table() {
    let dir = tempfile::tempdir().expect("temp");
    let input = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo/retro_intervals.csv");
    let out = dir.path().join("out");
    let output = common::analyze(
        &[
            "--placement",
            "lower_back",
            "--height",
            "1.75",
            "--forward-axis",
            "-z",
        ],
        &out,
        &input,
    );
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    let header = stdout
        .lines()
        .find(|l| l.contains("forward") && l.contains("backward"))
        .expect("a table header naming the directions");
    assert!(!header.contains("unknown"), "{header}");
    for row in ["cadence (steps/min)", "speed (m/s)", "energy (kcal)"] {
        assert!(stdout.contains(row), "{row} missing:\n{stdout}");
    }
    assert!(stdout.contains(&format!("report: {}", out.join("report.html").display())));
}

#[test]
fn real_recordings_of_each_placement_get_a_consistent_report() {
    let Some(shared) = common::shared() else {
        return;
    };
    let datasets = shared.join("datasets");
    for case in [
        "mobgap_lab/cases/HA_001_TimeMeasure1_Test11_Trial1",
        "ipol/cases/1-1_lb",
        "gaitmap_foot/cases/healthy_2x20m_left_foot",
        "mocap_bandai/cases/bandai_session_foot_right_01",
        "mocap_bandai/cases/bandai_session_thigh_front_pocket_01",
        "mocap_bandai/cases/bandai_session_wrist_01",
        "oxford_phone/cases/Nexus_Jamie_Hard_InHand_1",
    ] {
        let dir = tempfile::tempdir().expect("temp");
        let output = retrogait()
            .arg("analyze")
            .arg("--case")
            .arg(datasets.join(case))
            .arg("--out")
            .arg(dir.path())
            .output()
            .expect("run");
        assert!(
            output.status.success(),
            "{case}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        check_report(dir.path());
        let html = std::fs::read_to_string(dir.path().join("report.html")).expect("html");
        check_self_contained(&html);
        for plot in [
            "overview",
            "zoom",
            "direction_timeline",
            "cadence",
            "step_time",
        ] {
            check_png(&dir.path().join(format!("plots/{plot}.png")));
            check_svg(&dir.path().join(format!("plots/{plot}.svg")));
        }
    }
}
