//! The trend report: one self-contained HTML page (inline CSS and SVG, no
//! script, no network, prints on A4) over one person's sessions: backward
//! walking per ISO week, forward vs backward cadence, step length and speed
//! over time, 3-metre backward walk times, and a table of the sessions.
//! Every string that comes from the input (folder names, paths, messages) is escaped.

use crate::report::style::{css, BACKWARD_COLOUR};
use crate::report::trend_plots::{day_range, time_series_svg, weekly_bars_svg, Marker, Series};
use crate::trend::{
    day_number, weekly, DateSource, DirectionFigures, TrendInput, TrendSession, Week,
    THREE_METRE_TIME_FIELDS,
};
use std::fmt::Write as _;
use std::path::PathBuf;

use crate::report::html::escape;

/// An inline SVG without its `xmlns` attribute (HTML needs none), so the page
/// holds no URI at all.
fn inline_svg(svg: &str) -> String {
    svg.replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1)
}

fn number(value: Option<f64>, decimals: usize) -> String {
    match value {
        Some(v) if v.is_finite() => format!("{v:.decimals$}"),
        _ => "–".into(),
    }
}

fn count(value: Option<u64>) -> String {
    value.map_or_else(|| "–".into(), |v| v.to_string())
}

/// A duration as `m:ss` (or `h:mm:ss`), `–` when unknown.
fn clock(seconds: Option<f64>) -> String {
    match seconds {
        Some(s) if s.is_finite() && s >= 0.0 => {
            let total = s.round() as u64;
            let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
            if h > 0 {
                format!("{h}:{m:02}:{s:02}")
            } else {
                format!("{m}:{s:02}")
            }
        }
        _ => "–".into(),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

fn session_date_text(session: &TrendSession) -> String {
    session.date.local.strftime("%Y-%m-%d %H:%M").to_string()
}

/// Date on one line, time and its source on the next (a narrow table cell).
fn session_date_cell(session: &TrendSession) -> String {
    format!(
        "{}<br><span class=\"note\">{} {}</span>",
        session.date.local.strftime("%Y-%m-%d"),
        session.date.local.strftime("%H:%M"),
        session.date.source.short()
    )
}

/// The whole page.
pub fn trend_html(input: &TrendInput, dirs: &[PathBuf]) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let weeks = weekly(&input.sessions);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    out.push_str("<title>Walking trends</title><style>");
    out.push_str(&css());
    out.push_str("</style></head><body>\n");
    header(&mut out, input, dirs, &weeks);
    date_sources(&mut out, input);
    weekly_section(&mut out, &weeks);
    direction_section(&mut out, input);
    three_metre_section(&mut out, input);
    sessions_section(&mut out, input);
    skipped_section(&mut out, input);
    let _ = write!(
        out,
        "<footer>retrogait {} · trend of {} · self-contained page (inline SVG plots, no scripts, no network).</footer>\n</body></html>\n",
        env!("CARGO_PKG_VERSION"),
        plural(input.sessions.len(), "session", "sessions")
    );
    out
}

fn header(out: &mut String, input: &TrendInput, dirs: &[PathBuf], weeks: &[Week]) {
    let sessions = &input.sessions;
    let range = match (sessions.first(), sessions.last()) {
        (Some(first), Some(last)) => format!("{} to {}", first.date.date(), last.date.date()),
        _ => String::new(),
    };
    let _ = write!(
        out,
        "<header id=\"header\"><h1>Walking trends</h1><p class=\"lead\">{} from {} ({} with sessions)</p><dl class=\"meta\">",
        plural(sessions.len(), "session", "sessions"),
        escape(&range),
        plural(weeks.len(), "ISO week", "ISO weeks")
    );
    let folders: Vec<String> = dirs
        .iter()
        .map(|d| escape(&d.display().to_string()))
        .collect();
    let _ = write!(out, "<dt>read from</dt><dd>{}</dd>", folders.join("<br>"));
    let _ = write!(
        out,
        "<dt>sessions</dt><dd data-sessions=\"{}\">{}</dd>",
        sessions.len(),
        sessions.len()
    );
    let skipped = if input.skipped.is_empty() {
        "none".to_string()
    } else {
        format!(
            "<span class=\"warn\">{} without a usable summary.json (<a href=\"#skipped\">list below</a>)</span>",
            plural(input.skipped.len(), "folder", "folders")
        )
    };
    let _ = write!(
        out,
        "<dt>skipped</dt><dd data-skipped=\"{}\">{skipped}</dd>",
        input.skipped.len()
    );
    out.push_str("</dl></header>\n");
}

fn date_sources(out: &mut String, input: &TrendInput) {
    out.push_str("<section id=\"date-sources\"><h2>Session dates</h2><ul class=\"notes\">");
    for source in [
        DateSource::StartTime,
        DateSource::InputFileTime,
        DateSource::SummaryFileTime,
    ] {
        let n = input
            .sessions
            .iter()
            .filter(|s| s.date.source == source)
            .count();
        if n > 0 {
            let _ = write!(
                out,
                "<li data-date-source=\"{}\" data-count=\"{n}\">{} dated by {}.</li>",
                source.short(),
                plural(n, "session", "sessions"),
                source.description()
            );
        }
    }
    out.push_str("</ul>");
    if input
        .sessions
        .iter()
        .any(|s| s.date.source != DateSource::StartTime)
    {
        let zone = jiff::tz::TimeZone::system();
        let _ = write!(
            out,
            "<p class=\"warn\">File times are only a fallback: copying or editing a file changes them. \
             They are shown in this computer's time zone ({}). The sessions table says which source dated each session.</p>",
            escape(zone.iana_name().unwrap_or("local time"))
        );
    }
    out.push_str(
        "<p class=\"note\">Weeks are ISO weeks (Monday to Sunday) of the sessions' local dates.</p></section>\n",
    );
}

fn weekly_section(out: &mut String, weeks: &[Week]) {
    out.push_str("<section id=\"weekly\"><h2>Backward walking per week</h2>");
    let first = weeks.first().map(|w| w.monday);
    let index = |week: &Week| -> usize {
        first
            .and_then(|f| {
                let days = day_number(week.monday.to_datetime(jiff::civil::Time::midnight()))
                    - day_number(f.to_datetime(jiff::civil::Time::midnight()));
                (days >= 0.0).then(|| (days / 7.0).round() as usize)
            })
            .unwrap_or(0)
    };
    let span = weeks.last().map_or(0, |w| index(w) + 1);
    // Every week of the span is labelled, those without sessions too.
    let labels: Vec<String> = (0..span)
        .map(|i| {
            first
                .and_then(|f| f.checked_add(jiff::Span::new().weeks(i as i64)).ok())
                .map(|monday| {
                    let iso = monday.iso_week_date();
                    format!("{}-W{:02}", iso.year(), iso.week())
                })
                .unwrap_or_default()
        })
        .collect();
    let minutes: Vec<(usize, f64)> = weeks
        .iter()
        .map(|w| (index(w), w.backward_minutes))
        .collect();
    let steps: Vec<(usize, f64)> = weeks
        .iter()
        .map(|w| (index(w), w.backward_steps as f64))
        .collect();
    out.push_str("<div class=\"pair\">");
    for (svg, caption) in [
        (
            weekly_bars_svg(
                "Backward walking time per week",
                "backward walking (min)",
                &labels,
                &minutes,
                BACKWARD_COLOUR,
                1,
            ),
            "Sum of the sessions' backward walking time (backward.time_s / 60) in each ISO week.",
        ),
        (
            weekly_bars_svg(
                "Backward steps per week",
                "backward steps (count)",
                &labels,
                &steps,
                BACKWARD_COLOUR,
                0,
            ),
            "Sum of the sessions' backward steps (backward.steps) in each ISO week.",
        ),
    ] {
        if let Some(svg) = svg {
            let _ = write!(
                out,
                "<figure>{}<figcaption>{caption} Weeks without sessions have no bar.</figcaption></figure>",
                inline_svg(&svg)
            );
        }
    }
    out.push_str("</div>");
    let any_unknown = weeks.iter().any(|w| w.unknown_minutes > 0.0);
    out.push_str("<table id=\"weeks\" class=\"narrow\"><thead><tr><th>ISO week</th><th>Monday</th><th>sessions</th>");
    out.push_str("<th class=\"col-backward\">backward (min)</th><th class=\"col-backward\">backward steps</th>");
    out.push_str(
        "<th class=\"col-forward\">forward (min)</th><th class=\"col-forward\">forward steps</th>",
    );
    if any_unknown {
        out.push_str("<th class=\"col-unknown\">unknown direction (min)</th>");
    }
    out.push_str("</tr></thead><tbody>");
    for week in weeks {
        let _ = write!(
            out,
            "<tr data-week=\"{}\" data-backward-minutes=\"{}\" data-backward-steps=\"{}\" data-sessions=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{:.1}</td><td>{}</td><td>{:.1}</td><td>{}</td>",
            week.label(),
            week.backward_minutes,
            week.backward_steps,
            week.sessions,
            week.label(),
            week.monday,
            week.sessions,
            week.backward_minutes,
            week.backward_steps,
            week.forward_minutes,
            week.forward_steps
        );
        if any_unknown {
            let _ = write!(out, "<td>{:.1}</td>", week.unknown_minutes);
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    let backward: f64 = weeks.iter().map(|w| w.backward_minutes).sum();
    let unknown: f64 = weeks.iter().map(|w| w.unknown_minutes).sum();
    if unknown > 0.0 {
        let _ = write!(
            out,
            "<p class=\"note\">{unknown:.1} min of walking {} of unknown direction (the analysis could not tell forward from backward, \
             e.g. a trunk sensor whose forward axis was not given); it is counted neither as forward nor as backward.{}</p>",
            if (unknown - 1.0).abs() < 1e-9 { "is" } else { "are" },
            if backward == 0.0 {
                " No walking in these sessions was classed backward."
            } else {
                ""
            }
        );
    }
    out.push_str("</section>\n");
}

type Figure = fn(&DirectionFigures) -> Option<f64>;

fn direction_section(out: &mut String, input: &TrendInput) {
    out.push_str("<section id=\"directions\"><h2>Forward vs backward over time</h2>");
    let sessions = &input.sessions;
    let x_range = day_range(sessions.iter().map(|s| s.date.day_number()));
    let figures: [(&str, &str, &str, Figure); 3] = [
        ("Cadence", "cadence (steps/min)", "cadence", |d| {
            d.cadence_spm
        }),
        ("Step length", "step length (m)", "step-length", |d| {
            d.step_length_m
        }),
        ("Walking speed", "speed (m/s)", "speed", |d| d.speed_mps),
    ];
    for (title, y_desc, id, figure) in figures {
        let points = |block: fn(&TrendSession) -> &DirectionFigures| -> Vec<(f64, f64)> {
            sessions
                .iter()
                .filter_map(|s| figure(block(s)).map(|v| (s.date.day_number(), v)))
                .collect()
        };
        let forward = points(|s| &s.forward);
        let backward = points(|s| &s.backward);
        let (n_forward, n_backward) = (forward.len(), backward.len());
        let series = [Series::forward(forward), Series::backward(backward)];
        let svg = x_range.and_then(|r| time_series_svg(title, y_desc, &series, r, false));
        match svg {
            Some(svg) => {
                let _ = write!(
                    out,
                    "<figure id=\"{id}\" data-forward-points=\"{n_forward}\" data-backward-points=\"{n_backward}\">{}<figcaption>{title}: one point per session \
                     ({} with a forward value, {} with a backward value); a session without the value has no point.</figcaption></figure>",
                    inline_svg(&svg),
                    plural(n_forward, "session", "sessions"),
                    n_backward
                );
            }
            None => {
                let _ = write!(
                    out,
                    "<p id=\"{id}\" class=\"note\">{title}: no session has a forward or backward value.</p>"
                );
            }
        }
    }
    out.push_str("</section>\n");
}

fn three_metre_section(out: &mut String, input: &TrendInput) {
    out.push_str("<section id=\"three-metre\"><h2>3-metre backward walk</h2>");
    let tests: Vec<&TrendSession> = input
        .sessions
        .iter()
        .filter(|s| !s.three_metre_s.is_empty())
        .collect();
    if tests.is_empty() {
        out.push_str("<p>No 3-metre backward walk tests in these sessions.</p>");
    } else {
        let trials: Vec<(f64, f64)> = tests
            .iter()
            .flat_map(|s| s.three_metre_s.iter().map(|t| (s.date.day_number(), *t)))
            .collect();
        let means: Vec<(f64, f64)> = tests
            .iter()
            .filter_map(|s| mean(&s.three_metre_s).map(|m| (s.date.day_number(), m)))
            .collect();
        let series = [
            Series {
                name: "trial".into(),
                colour: BACKWARD_COLOUR,
                marker: Marker::Ring,
                line: false,
                points: trials,
            },
            Series {
                name: "session mean".into(),
                colour: BACKWARD_COLOUR,
                marker: Marker::Triangle,
                line: true,
                points: means,
            },
        ];
        let x_range = day_range(input.sessions.iter().map(|s| s.date.day_number()));
        if let Some(svg) = x_range.and_then(|r| {
            time_series_svg(
                "3-metre backward walk time",
                "test time (s)",
                &series,
                r,
                true,
            )
        }) {
            let _ = write!(
                out,
                "<figure>{}<figcaption>Each trial's time, and the mean of each session's trials. Lower is faster.</figcaption></figure>",
                inline_svg(&svg)
            );
        }
        out.push_str("<table id=\"three-metre-tests\" class=\"narrow\"><thead><tr><th>date</th><th class=\"left\">session</th><th>trials (s)</th><th>mean (s)</th><th>fastest (s)</th></tr></thead><tbody>");
        for s in &tests {
            let times: Vec<String> = s.three_metre_s.iter().map(|t| format!("{t:.2}")).collect();
            let fastest = s
                .three_metre_s
                .iter()
                .copied()
                .fold(f64::INFINITY, f64::min);
            let _ = write!(
                out,
                "<tr><td>{}</td><td class=\"left\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                session_date_text(s),
                escape(&s.id),
                times.join(", "),
                number(mean(&s.three_metre_s), 2),
                number(Some(fastest), 2)
            );
        }
        out.push_str("</tbody></table>");
    }
    let _ = writeln!(
        out,
        "<p class=\"note\">Read from each summary's <code>tests.three_metre_backward_walk</code> (written by <code>analyze --test 3mbw</code>): \
         its <code>trials</code>, each trial's first of {}.</p></section>",
        THREE_METRE_TIME_FIELDS
            .iter()
            .map(|f| format!("<code>{f}</code>"))
            .collect::<Vec<_>>()
            .join(", ")
    );
}

fn direction_cells(out: &mut String, d: &DirectionFigures) {
    let _ = write!(
        out,
        "<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>",
        clock(d.time_s),
        count(d.steps),
        number(d.cadence_spm, 1),
        number(d.step_length_m, 2),
        number(d.speed_mps, 2),
        number(d.distance_m, 1)
    );
}

fn sessions_section(out: &mut String, input: &TrendInput) {
    out.push_str("<section id=\"sessions\" class=\"wide\"><h2>Sessions</h2><div class=\"scroll\">");
    out.push_str("<table id=\"session-table\" class=\"compact\"><thead><tr><th rowspan=\"3\">date<br>(from)</th><th rowspan=\"3\" class=\"left\">session</th>");
    out.push_str("<th rowspan=\"2\">dura-<br>tion</th><th rowspan=\"2\">walk-<br>ing</th>");
    out.push_str("<th colspan=\"6\" class=\"group col-forward\">forward</th><th colspan=\"6\" class=\"group col-backward\">backward</th>");
    out.push_str(
        "<th rowspan=\"2\">3MBW<br>mean</th><th rowspan=\"3\">warn-<br>ings</th></tr><tr>",
    );
    let names = [
        "time",
        "steps",
        "cadence",
        "step<br>length",
        "speed",
        "dis-<br>tance",
    ];
    for class in ["col-forward", "col-backward"] {
        for name in names {
            let _ = write!(out, "<th class=\"{class}\">{name}</th>");
        }
    }
    out.push_str("</tr><tr class=\"units\"><th>m:s</th><th>m:s</th>");
    for _ in 0..2 {
        for unit in ["m:s", "", "steps/min", "m", "m/s", "m"] {
            let _ = write!(out, "<th>{unit}</th>");
        }
    }
    out.push_str("<th>s</th>");
    out.push_str("</tr></thead><tbody>");
    for s in &input.sessions {
        let input_name = s
            .input
            .as_deref()
            .map(|p| {
                std::path::Path::new(p)
                    .file_name()
                    .map_or(p.to_string(), |n| n.to_string_lossy().into_owned())
            })
            .unwrap_or_default();
        let _ = write!(
            out,
            "<tr data-session=\"{}\" data-date-source=\"{}\"><td title=\"{}\">{}</td><td class=\"left\" title=\"{}\">{}{}</td><td>{}</td><td>{}</td>",
            escape(&s.id),
            s.date.source.short(),
            escape(&s.date.detail),
            session_date_cell(s),
            escape(&s.folder.display().to_string()),
            escape(&s.id),
            if input_name.is_empty() || input_name == s.id {
                String::new()
            } else {
                format!("<br><span class=\"note\">{}</span>", escape(&input_name))
            },
            clock(s.duration_s),
            clock(s.walking_time_s)
        );
        direction_cells(out, &s.forward);
        direction_cells(out, &s.backward);
        let _ = write!(
            out,
            "<td>{}</td><td>{}</td></tr>",
            number(mean(&s.three_metre_s), 2),
            s.warnings
        );
    }
    out.push_str("</tbody></table></div>");
    out.push_str("<p class=\"note\">Dates are local times; below each date, where it came from (see Session dates); below each session, its input file. \
                  Times are minutes:seconds; – is an unknown value. Walking of unknown direction is in “walking” but in neither direction.</p></section>\n");
}

fn skipped_section(out: &mut String, input: &TrendInput) {
    if input.skipped.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "<section id=\"skipped\"><h2>Skipped folders</h2><p>{} not used:</p><ul class=\"notes\">",
        plural(input.skipped.len(), "folder was", "folders were")
    );
    for skipped in &input.skipped {
        let _ = write!(
            out,
            "<li><code>{}</code>: {}</li>",
            escape(&skipped.path.display().to_string()),
            escape(&skipped.reason)
        );
    }
    out.push_str("</ul></section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trend::{SessionDate, SkippedFolder};

    fn session(id: &str, day: i8, backward_s: Option<f64>) -> TrendSession {
        TrendSession {
            id: id.into(),
            folder: PathBuf::from("/out").join(id),
            input: Some(format!("/in/{id}.csv")),
            date: SessionDate {
                local: jiff::civil::datetime(2026, 3, day, 10, 0, 0, 0),
                source: DateSource::StartTime,
                detail: "2026-03-02T10:00:00Z".into(),
            },
            duration_s: Some(100.0),
            walking_time_s: Some(80.0),
            walking_steps: Some(140),
            forward: DirectionFigures {
                time_s: Some(50.0),
                steps: Some(100),
                cadence_spm: Some(110.0),
                ..Default::default()
            },
            backward: DirectionFigures {
                time_s: backward_s,
                steps: backward_s.map(|t| t as u64),
                cadence_spm: backward_s.map(|_| 90.0),
                ..Default::default()
            },
            unknown_direction: DirectionFigures::default(),
            warnings: 0,
            three_metre_s: Vec::new(),
        }
    }

    #[test]
    fn every_section_is_there_and_input_text_is_escaped() {
        let input = TrendInput {
            sessions: vec![session("<b>a</b>", 2, Some(60.0)), session("b", 10, None)],
            skipped: vec![SkippedFolder {
                path: "/out/x&y".into(),
                reason: "no <summary>".into(),
            }],
        };
        let html = trend_html(&input, &[PathBuf::from("/out")]);
        for id in [
            "header",
            "date-sources",
            "weekly",
            "directions",
            "three-metre",
            "sessions",
            "skipped",
        ] {
            assert!(html.contains(&format!("id=\"{id}\"")), "section {id}");
        }
        assert!(!html.contains("<b>a</b>") && html.contains("&lt;b&gt;a&lt;/b&gt;"));
        assert!(html.contains("/out/x&amp;y") && html.contains("no &lt;summary&gt;"));
        assert!(html.contains("No 3-metre backward walk tests in these sessions."));
        assert!(!html.contains("http://") && !html.contains("https://"));
        assert!(html.contains("data-week=\"2026-W10\" data-backward-minutes=\"1\""));
        assert!(html.contains("data-week=\"2026-W11\" data-backward-minutes=\"0\""));
    }

    #[test]
    fn three_metre_tests_are_plotted_and_listed() {
        let mut with_test = session("t", 3, Some(10.0));
        with_test.three_metre_s = vec![5.5, 6.5];
        let input = TrendInput {
            sessions: vec![with_test],
            skipped: Vec::new(),
        };
        let html = trend_html(&input, &[PathBuf::from("/out")]);
        assert!(html.contains("3-metre backward walk time"));
        assert!(html.contains("5.50, 6.50") && html.contains("<td>6.00</td>"));
        assert!(!html.contains("id=\"skipped\""));
    }

    #[test]
    fn clocks_and_numbers_read_naturally() {
        assert_eq!(clock(Some(65.4)), "1:05");
        assert_eq!(clock(Some(3725.0)), "1:02:05");
        assert_eq!(clock(None), "–");
        assert_eq!(number(Some(f64::NAN), 1), "–");
    }
}
