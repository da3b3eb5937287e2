//! `retrogait batch` and `retrogait aggregate` driven as a user would:
//! parallel = serial = `analyze`, failures isolated, resumability, shards +
//! aggregate = one run, globs and manifests.

mod common;
use std::path::{Path, PathBuf};
use std::process::Output;

fn retrogait(args: &[&str]) -> Output {
    assert_cmd::Command::cargo_bin("retrogait")
        .expect("binary")
        .args(args)
        .output()
        .expect("run retrogait")
}

fn text(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn describe(output: &Output) -> String {
    format!(
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Simulated walks in `root/pNN/walk.csv` (each folder also holds the
/// simulator's case.json and reference/, which batch must skip).
fn simulated(root: &Path, count: usize) -> Vec<PathBuf> {
    let patterns = [
        "S3,F20,S3",
        "S3,F12,B8,S3",
        "S3,B15,S3",
        "S10",
        "S2,F10,S2,F10,S2",
    ];
    (0..count)
        .map(|i| {
            let path = root.join(format!("p{:02}", i + 1)).join("walk.csv");
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            let seed = (i + 1).to_string();
            let output = retrogait(&[
                "simulate",
                "--out",
                path.to_str().unwrap(),
                "--pattern",
                patterns[i % patterns.len()],
                "--seed",
                &seed,
            ]);
            assert!(output.status.success(), "{}", describe(&output));
            path
        })
        .collect()
}

fn batch(inputs: &[&Path], out: &Path, extra: &[&str]) -> Output {
    let mut args: Vec<String> = vec!["batch".into(), "--quiet".into()];
    args.extend(extra.iter().map(|s| s.to_string()));
    args.push("--out".into());
    args.push(out.display().to_string());
    args.extend(inputs.iter().map(|p| p.display().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    retrogait(&args)
}

/// The records of sessions.csv as (id, status, error).
fn rows(sessions: &Path) -> Vec<(String, String, String)> {
    let mut reader = csv::Reader::from_path(sessions).expect("sessions.csv");
    let headers = reader.headers().expect("header").clone();
    let column = |name: &str| headers.iter().position(|h| h == name).expect(name);
    let (id, status, error) = (column("id"), column("status"), column("error"));
    reader
        .records()
        .map(|r| {
            let r = r.expect("record");
            (
                r[id].to_string(),
                r[status].to_string(),
                r[error].to_string(),
            )
        })
        .collect()
}

fn modified(path: &Path) -> std::time::SystemTime {
    std::fs::metadata(path).unwrap().modified().unwrap()
}

#[test]
fn parallel_equals_serial_equals_analyze() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("cohort");
    let files = simulated(&inputs, 5);
    let serial = dir.path().join("serial");
    let parallel = dir.path().join("parallel");
    let one = batch(&[&inputs], &serial, &["-j", "1", "--height", "1.75"]);
    assert!(one.status.success(), "{}", describe(&one));
    let two = batch(&[&inputs], &parallel, &["-j", "2", "--height", "1.75"]);
    assert!(two.status.success(), "{}", describe(&two));
    let sessions = text(&serial.join("sessions.csv"));
    assert_eq!(sessions, text(&parallel.join("sessions.csv")));
    let ids: Vec<String> = rows(&serial.join("sessions.csv"))
        .into_iter()
        .map(|(id, status, _)| {
            assert_eq!(status, "ok");
            id
        })
        .collect();
    assert_eq!(
        ids,
        (1..=5)
            .map(|i| format!("p{i:02}__walk.csv"))
            .collect::<Vec<_>>()
    );
    for id in &ids {
        for file in ["steps.csv", "bouts.csv", "summary.json"] {
            assert_eq!(
                text(&serial.join(id).join(file)),
                text(&parallel.join(id).join(file)),
                "{id}/{file}"
            );
        }
    }
    // The batch's files are analyze's files.
    let single = dir.path().join("single");
    let output = common::analyze(&["--height", "1.75"], &single, &files[1]);
    assert!(output.status.success(), "{}", describe(&output));
    for file in ["steps.csv", "bouts.csv", "summary.json"] {
        assert_eq!(
            text(&single.join(file)),
            text(&serial.join("p02__walk.csv").join(file)),
            "{file}"
        );
    }
    // The table carries each summary's figures (p04 only stands).
    let mut reader = csv::Reader::from_reader(sessions.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let steps = headers.iter().position(|h| h == "steps").unwrap();
    let duration = headers.iter().position(|h| h == "duration_s").unwrap();
    for (record, id) in reader.records().zip(&ids) {
        let record = record.unwrap();
        let summary: serde_json::Value =
            serde_json::from_str(&text(&serial.join(id).join("summary.json"))).unwrap();
        assert_eq!(
            record[steps].parse::<u64>().unwrap(),
            summary["walking"]["steps"].as_u64().unwrap(),
            "{id}"
        );
        let seconds: f64 = record[duration].parse().unwrap();
        assert!((seconds - summary["recording"]["duration_s"].as_f64().unwrap()).abs() < 1e-3);
        if id != "p04__walk.csv" {
            assert!(
                record[steps].parse::<u64>().unwrap() > 5,
                "{id}: {sessions}"
            );
        }
    }
}

#[test]
fn a_bad_file_fails_alone_with_exit_1_and_a_failure_row() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("cohort");
    simulated(&inputs, 2);
    std::fs::write(
        inputs.join("bad.csv"),
        "time_s,acc_x,acc_y,acc_z\n0.00,0.1,0.2,9.8\n0.01,abc,0.2,9.8\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let output = batch(&[&inputs], &out, &[]);
    assert_eq!(output.status.code(), Some(1), "{}", describe(&output));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("recording failed: bad.csv"), "{stderr}");
    let table = rows(&out.join("sessions.csv"));
    assert_eq!(table.len(), 3, "{table:?}");
    let bad = table.iter().find(|r| r.0 == "bad.csv").expect("bad row");
    assert_eq!(bad.1, "failed");
    assert!(
        bad.2.contains("bad.csv:3:2 (acc_x): expected a number"),
        "{bad:?}"
    );
    assert!(out.join("bad.csv/error.json").is_file());
    assert!(!out.join("bad.csv/summary.json").exists());
    for id in ["p01__walk.csv", "p02__walk.csv"] {
        assert!(out.join(id).join("summary.json").is_file(), "{id}");
        assert!(table.iter().any(|r| r.0 == id && r.1 == "ok"), "{table:?}");
    }
    // A rerun retries the failure only; once the file is fixed it succeeds.
    let output = batch(&[&inputs], &out, &[]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("0 analysed, 2 unchanged (skipped), 1 failed"),
        "{}",
        describe(&output)
    );
    let fixed = std::fs::read_to_string(inputs.join("p01/walk.csv")).unwrap();
    std::fs::write(inputs.join("bad.csv"), fixed).unwrap();
    let output = batch(&[&inputs], &out, &[]);
    assert!(output.status.success(), "{}", describe(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("1 analysed, 2 unchanged (skipped), 0 failed"),
        "{stdout}"
    );
    assert!(!out.join("bad.csv/error.json").exists());
    assert!(rows(&out.join("sessions.csv")).iter().all(|r| r.1 == "ok"));

    // A missing file given by name is a failure row too, not the end of the batch.
    let missing = dir.path().join("missing.csv");
    let output = batch(&[&inputs.join("p01/walk.csv"), &missing], &out, &[]);
    assert_eq!(output.status.code(), Some(1), "{}", describe(&output));
    let table = rows(&out.join("sessions.csv"));
    assert_eq!(table.len(), 2, "{table:?}");
    assert!(table
        .iter()
        .any(|r| r.1 == "failed" && r.2.contains("missing.csv")));
}

#[test]
fn a_rerun_skips_unchanged_recordings_and_redoes_changed_ones() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("cohort");
    let files = simulated(&inputs, 3);
    let out = dir.path().join("out");
    let first = batch(&[&inputs], &out, &[]);
    assert!(first.status.success(), "{}", describe(&first));
    assert!(String::from_utf8_lossy(&first.stdout).contains("3 analysed, 0 unchanged"));
    let summary = out.join("p01__walk.csv/summary.json");
    let stamp = modified(&summary);
    let sessions = text(&out.join("sessions.csv"));

    let again = batch(&[&inputs], &out, &[]);
    assert!(again.status.success(), "{}", describe(&again));
    let stdout = String::from_utf8_lossy(&again.stdout);
    assert!(stdout.contains("0 analysed, 3 unchanged"), "{stdout}");
    assert_eq!(modified(&summary), stamp);
    assert_eq!(text(&out.join("sessions.csv")), sessions);

    // A changed input is redone; the others are not.
    let mut changed = text(&files[2]);
    changed.push_str(&changed.lines().last().unwrap().replacen('.', ".9", 1));
    changed.push('\n');
    std::fs::write(&files[2], changed).unwrap();
    let output = batch(&[&inputs], &out, &[]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("1 analysed, 2 unchanged"),
        "{}",
        describe(&output)
    );

    // A changed option redoes everything and is recorded.
    let output = batch(&[&inputs], &out, &["--height", "1.9"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("3 analysed, 0 unchanged"),
        "{}",
        describe(&output)
    );
    assert!(text(&out.join("p01__walk.csv/run.json")).contains("height_m: Some(1.9)"));

    // An interrupted run (outputs written, run.json not yet) is not complete.
    std::fs::remove_file(out.join("p01__walk.csv/run.json")).unwrap();
    let output = batch(&[&inputs], &out, &["--height", "1.9"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("1 analysed, 2 unchanged"),
        "{}",
        describe(&output)
    );

    // Outputs are not flushed one by one: a power cut can leave one empty
    // beside a flushed run.json. Its recorded size no longer matches: redone.
    let steps = out.join("p02__walk.csv/steps.csv");
    assert!(!text(&steps).is_empty());
    std::fs::write(&steps, "").unwrap();
    let output = batch(&[&inputs], &out, &["--height", "1.9"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("1 analysed, 2 unchanged"),
        "{}",
        describe(&output)
    );
    assert!(!text(&steps).is_empty());
}

#[test]
fn shards_and_aggregate_equal_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("cohort");
    simulated(&inputs, 5);
    std::fs::write(inputs.join("bad.csv"), "not a recording at all\n").unwrap();
    let manifest = dir.path().join("manifest.txt");
    std::fs::write(&manifest, "cohort/p*/walk.csv\ncohort/bad.csv\n").unwrap();
    let manifest = manifest.display().to_string();

    let single = dir.path().join("single");
    let output = batch(&[], &single, &["--manifest", &manifest]);
    assert_eq!(output.status.code(), Some(1), "{}", describe(&output));
    let expected = text(&single.join("sessions.csv"));
    assert_eq!(expected.lines().count(), 7, "{expected}");

    // Shards sharing one output folder (a cluster file system), then aggregate.
    let shared = dir.path().join("shared");
    let mut seen = Vec::new();
    for i in 1..=3 {
        let shard = format!("{i}/3");
        let output = batch(&[], &shared, &["--manifest", &manifest, "--shard", &shard]);
        let code = output.status.code();
        assert!(code == Some(0) || code == Some(1), "{}", describe(&output));
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            stdout.contains(&format!("shard {i}/3: 2 of 6 recordings")),
            "{stdout}"
        );
        assert!(!shared.join("sessions.csv").exists());
        seen.push(stdout.into_owned());
    }
    let output = retrogait(&["aggregate", shared.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "{}", describe(&output));
    assert_eq!(text(&shared.join("sessions.csv")), expected);

    // Shards writing to separate folders, merged by one aggregate.
    let mut folders = Vec::new();
    for i in 1..=3 {
        let folder = dir.path().join(format!("shard{i}"));
        let shard = format!("{i}/3");
        batch(&[], &folder, &["--manifest", &manifest, "--shard", &shard]);
        folders.push(folder.display().to_string());
    }
    let merged = dir.path().join("merged.csv");
    let mut args = vec!["aggregate", "--out", merged.to_str().unwrap()];
    args.extend(folders.iter().map(String::as_str));
    let output = retrogait(&args);
    assert_eq!(output.status.code(), Some(1), "{}", describe(&output));
    assert_eq!(text(&merged), expected);

    // A folder without recordings is an argument error.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let output = retrogait(&["aggregate", empty.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2), "{}", describe(&output));

    // The same folder twice is ambiguous.
    let output = retrogait(&["aggregate", &folders[0], &folders[0]]);
    assert_eq!(output.status.code(), Some(2), "{}", describe(&output));
}

#[test]
fn globs_and_manifests_expand_and_bad_arguments_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("cohort");
    simulated(&inputs, 3);
    let out = dir.path().join("out");
    // A quoted pattern, expanded by retrogait (no shell here).
    let pattern = inputs.join("p0[12]/*.csv");
    let output = batch(&[&pattern], &out, &[]);
    assert!(output.status.success(), "{}", describe(&output));
    let ids: Vec<String> = rows(&out.join("sessions.csv"))
        .into_iter()
        .map(|r| r.0)
        .collect();
    assert_eq!(ids, vec!["p01__walk.csv", "p02__walk.csv"]);

    // Comments, blank lines, indentation, relative and absolute paths.
    let manifest = dir.path().join("list.txt");
    std::fs::write(
        &manifest,
        format!(
            "# cohort of the test\n\n   cohort/p01/walk.csv   \n# cohort/p02/walk.csv\n{}\n\n",
            inputs.join("p03/walk.csv").display()
        ),
    )
    .unwrap();
    let out = dir.path().join("listed");
    let output = batch(&[], &out, &["--manifest", manifest.to_str().unwrap()]);
    assert!(output.status.success(), "{}", describe(&output));
    let ids: Vec<String> = rows(&out.join("sessions.csv"))
        .into_iter()
        .map(|r| r.0)
        .collect();
    assert_eq!(ids, vec!["p01__walk.csv", "p03__walk.csv"]);

    for (args, expected) in [
        (vec!["--shard", "4/3"], "--shard"),
        (vec!["--shard", "x"], "--shard"),
        (vec!["-j", "0"], "--jobs"),
        (vec!["--manifest", "/nonexistent/list.txt"], "list.txt"),
    ] {
        let output = batch(&[&inputs], &dir.path().join("x"), &args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            describe(&output)
        );
        assert!(
            String::from_utf8_lossy(&output.stderr).contains(expected),
            "{args:?}: {}",
            describe(&output)
        );
    }
    let output = batch(&[&inputs.join("nothing*.csv")], &dir.path().join("y"), &[]);
    assert_eq!(output.status.code(), Some(2), "{}", describe(&output));
    assert!(String::from_utf8_lossy(&output.stderr).contains("matches no file"));
    let output = batch(&[], &dir.path().join("z"), &[]);
    assert_eq!(output.status.code(), Some(2), "{}", describe(&output));
}

#[test]
fn real_exports_folder_one_recording_per_export() {
    let Some(shared) = common::shared() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let output = batch(&[&shared.join("formats")], &out, &[]);
    // The ActiGraph epoch-count export is not raw data: it fails alone.
    assert_eq!(output.status.code(), Some(1), "{}", describe(&output));
    let table = rows(&out.join("sessions.csv"));
    let status = |id: &str| {
        table
            .iter()
            .find(|r| r.0 == id)
            .map(|r| r.1.as_str())
            .unwrap_or_else(|| panic!("no row {id} in {table:?}"))
    };
    // Multi-file exports are one recording each (their folder), single-file
    // exports one per file; SOURCE.txt notes are skipped.
    for id in [
        "sensorlogger_ios",
        "sensorlogger_android",
        "sensorlogger_2",
        "metawear_metabase",
        "phyphox__acc_with_g_comma",
        "phyphox__linear_acc_tab_with_meta",
        "shimmer_consensys__read_test_data.csv",
        "axivity_cwa_convert__ax6_testfile_formatted_timestamps.csv",
    ] {
        assert_eq!(status(id), "ok", "{id}");
    }
    assert_eq!(
        status("actigraph_actilife__ActiGraph13_timestamps_headers_EPOCH_COUNTS.csv"),
        "failed"
    );
    assert!(table.iter().all(|r| !r.0.contains("SOURCE")), "{table:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("SOURCE.txt: no reader recognises it"),
        "{stderr}"
    );
}
