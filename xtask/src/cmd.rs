//! Running other programs, loudly.

use std::ffi::OsStr;
use std::process::{Command, Output};

use anyhow::{bail, Context};

/// A command rooted at the workspace, with the project's tools first on PATH.
pub fn new(program: impl AsRef<OsStr>) -> Command {
    let mut command = Command::new(program);
    command.current_dir(crate::root());
    command.env("PATH", crate::tools::path_with_tools());
    command
}

/// Runs a command, echoing it, and fails unless it exits with 0.
pub fn run(command: &mut Command) -> anyhow::Result<()> {
    eprintln!("$ {}", describe(command));
    run_quiet(command)
}

/// Runs a command without echoing it, and fails unless it exits with 0.
pub fn run_quiet(command: &mut Command) -> anyhow::Result<()> {
    let status = command
        .status()
        .with_context(|| format!("could not start `{}`", describe(command)))?;
    if !status.success() {
        bail!("`{}` failed ({status})", describe(command));
    }
    Ok(())
}

/// Runs a command quietly and returns its output, whatever its exit code.
/// `None` when it cannot start at all (not installed).
pub fn probe(command: &mut Command) -> Option<Output> {
    command.output().ok()
}

/// The first line a `--version` prints, if the program runs.
pub fn version_of(program: &str) -> Option<String> {
    let output = probe(new(program).arg("--version"))?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&output.stdout);
    text.lines().next().map(|line| line.trim().to_owned())
}

fn describe(command: &Command) -> String {
    let mut text = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}

/// Whether we run as root, and so may install system packages.
pub fn is_root() -> bool {
    probe(Command::new("id").arg("-u"))
        .is_some_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
}
