//! The README's command examples are run and their output compared by
//! shape (#19.12): every `$ shisaku …` line in a fenced block is run (with
//! `shisaku` this build, in a copy of the repository's corpus and index
//! directories), and each output line printed under it in the README must
//! appear in the real output once numbers are folded (`8 hits (1.9 ms)` ~
//! `N hits (N ms)`). Blocks fenced as ```` ```text ```` are illustrations
//! of inputs a reader does not have and are not run. A JSON line is compared by its keys. `…` lines stand for
//! omitted output, and a line ending in `…` for a printed line that starts so. Commands that do not end by themselves (`serve`) are skipped.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use super::common::root;

/// One example: the command line and the output lines the README shows.
struct Example {
    command: String,
    shown: Vec<String>,
}

fn examples(readme: &str) -> Vec<Example> {
    let mut out: Vec<Example> = Vec::new();
    let mut in_block = false;
    let mut fence_open = false;
    let mut current: Option<Example> = None;
    for line in readme.lines() {
        if let Some(fence) = line.trim_start().strip_prefix("```") {
            // ```text blocks are illustrations (inputs the reader does not
            // have); every other block is run.
            fence_open = !fence_open;
            in_block = fence_open && fence.trim() != "text";
            out.extend(current.take());
            continue;
        }
        if !in_block {
            continue;
        }
        if let Some(cmd) = line.strip_prefix("$ ") {
            out.extend(current.take());
            if cmd.starts_with("shisaku ") && !cmd.starts_with("shisaku serve") {
                current = Some(Example {
                    command: cmd.to_string(),
                    shown: Vec::new(),
                });
            }
        } else if let Some(ex) = current.as_mut() {
            ex.shown.push(line.to_string());
        }
    }
    out.extend(current);
    out
}

/// Digits runs → "N", spaces collapsed.
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut in_number = false;
    for c in line.chars() {
        if c.is_ascii_digit() || (in_number && (c == '.' || c == ',')) {
            if !in_number {
                out.push('N');
            }
            in_number = true;
        } else {
            in_number = false;
            out.push(c);
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn keys(line: &str) -> Option<BTreeSet<String>> {
    match serde_json::from_str::<Value>(line).ok()? {
        Value::Object(m) => Some(m.keys().cloned().collect()),
        _ => None,
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("copy target");
    for e in std::fs::read_dir(from).expect("readable dir").flatten() {
        if e.path().is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).expect("copy");
        }
    }
}

#[test]
fn readme_examples_run_and_print_what_the_readme_shows() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let examples = examples(&readme);
    assert!(
        examples.len() >= 5,
        "README examples found: {}",
        examples.len()
    );
    // A scratch copy of the repository's inputs: examples write index/.
    let work = std::env::temp_dir().join(format!("shisaku-readme-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    copy_dir(&root().join("corpus"), &work.join("corpus"));
    // Fixtures the examples read, as they are in the repository.
    std::os::unix::fs::symlink(root().join("tests"), work.join("tests")).expect("tests link");
    let bin = Path::new(env!("CARGO_BIN_EXE_shisaku"));
    let path = format!(
        "{}:{}",
        bin.parent().expect("bin dir").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut problems = Vec::new();
    for ex in &examples {
        let out = Command::new("bash")
            .arg("-c")
            .arg(&ex.command)
            .current_dir(&work)
            .env("PATH", &path)
            .output()
            .expect("bash runs");
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let printed: BTreeSet<String> = stdout.lines().chain(stderr.lines()).map(fold).collect();
        let printed_keys: Vec<BTreeSet<String>> = stdout.lines().filter_map(keys).collect();
        for shown in ex.shown.iter().filter(|l| !l.trim().is_empty()) {
            let shown_trim = shown.trim();
            if shown_trim == "…" || shown_trim.starts_with("…") {
                continue;
            }
            let ok = match (keys(shown_trim), shown_trim.strip_suffix('…')) {
                (Some(k), _) => printed_keys.iter().any(|p| k.is_subset(p)),
                // A line cut short in the README: the printed line starts so.
                (None, Some(head)) => {
                    let head = fold(head);
                    printed.iter().any(|p| p.starts_with(&head))
                }
                (None, None) => printed.contains(&fold(shown_trim)),
            };
            if !ok {
                problems.push(format!(
                    "$ {}\n  README shows: {shown_trim}\n  printed: {}",
                    ex.command,
                    stdout
                        .lines()
                        .chain(stderr.lines())
                        .collect::<Vec<_>>()
                        .join("\n           ")
                ));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&work);
    assert!(
        problems.is_empty(),
        "{} README lines differ:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
