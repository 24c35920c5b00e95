//! A file's size raw, `gzip -9` and `brotli -q 11`: what the benchmarks of
//! `cargo xtask bench` and the `e2e` binaries report for every file they weigh. Host tooling:
//! nothing the site ships depends on it.
//!
//! The compressed sizes come from the `gzip` and `brotli` commands, the same
//! programs and levels the site build precompresses `dist/` with, so a measured
//! size is the size served.
//!
//! ```no_run
//! let size = compressed_size::measure(std::path::Path::new("dist/index.html"))?;
//! println!("{} bytes, {} gzip -9, {} brotli -q 11", size.raw, size.gzip, size.brotli);
//! # Ok::<(), compressed_size::Error>(())
//! ```

use std::ops::AddAssign;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};

/// A file's bytes as stored and as each compression sends them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Size {
    /// The file's length on disk.
    pub raw: u64,
    /// `gzip -9 -n`: no name or time stamp in the header, as served.
    pub gzip: u64,
    /// `brotli -q 11`, the level of the `.br` files the stack serves.
    pub brotli: u64,
}

/// Sizes add up, so a page's total is the sum of its files'.
impl AddAssign for Size {
    fn add_assign(&mut self, other: Size) {
        self.raw += other.raw;
        self.gzip += other.gzip;
        self.brotli += other.brotli;
    }
}

/// Why a file could not be measured.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file is not there or not readable.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// `gzip` or `brotli` is not installed.
    #[error("cannot run {program} (is it installed?): {source}")]
    Start {
        program: &'static str,
        source: std::io::Error,
    },
    /// `gzip` or `brotli` ran and refused the file.
    #[error("{program} failed on {} ({status})", path.display())]
    Failed {
        program: &'static str,
        path: PathBuf,
        status: ExitStatus,
    },
}

/// Measures `file` raw, with `gzip -9` and with `brotli -q 11`.
pub fn measure(file: &Path) -> Result<Size, Error> {
    let raw = std::fs::metadata(file)
        .map_err(|source| Error::Read {
            path: file.to_owned(),
            source,
        })?
        .len();
    Ok(Size {
        raw,
        gzip: compressed_len("gzip", &["-9", "-c", "-n"], file)?,
        brotli: compressed_len("brotli", &["-q", "11", "-c"], file)?,
    })
}

/// The length of what `program` writes to stdout for `file`; its own
/// complaints go to our stderr, where whoever ran the benchmark sees them.
fn compressed_len(program: &'static str, args: &[&str], file: &Path) -> Result<u64, Error> {
    let output = Command::new(program)
        .args(args)
        .arg(file)
        .stderr(Stdio::inherit())
        .output()
        .map_err(|source| Error::Start { program, source })?;
    if !output.status.success() {
        return Err(Error::Failed {
            program,
            path: file.to_owned(),
            status: output.status,
        });
    }
    Ok(output.stdout.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repetitive_text_is_smaller_compressed_than_raw() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("page.html");
        std::fs::write(&file, "<p>the same paragraph</p>\n".repeat(200)).unwrap();

        let size = measure(&file).unwrap();

        assert_eq!(size.raw, 26 * 200);
        assert!(size.gzip > 0 && size.gzip < size.raw / 10, "{size:?}");
        assert!(size.brotli > 0 && size.brotli < size.raw / 10, "{size:?}");
    }

    #[test]
    fn gzip_output_does_not_depend_on_the_file_name() {
        let dir = tempfile::tempdir().unwrap();
        let short = dir.path().join("a");
        let long = dir.path().join("a-much-longer-name-than-the-other.js");
        std::fs::write(&short, "let x = 1;\n").unwrap();
        std::fs::write(&long, "let x = 1;\n").unwrap();

        assert_eq!(measure(&short).unwrap(), measure(&long).unwrap());
    }

    #[test]
    fn a_missing_file_is_a_read_error() {
        let dir = tempfile::tempdir().unwrap();

        let error = measure(&dir.path().join("missing.wasm")).unwrap_err();

        assert!(matches!(error, Error::Read { .. }), "{error}");
    }

    #[test]
    fn sizes_add_field_by_field() {
        let mut total = Size {
            raw: 10,
            gzip: 5,
            brotli: 4,
        };
        total += Size {
            raw: 1,
            gzip: 2,
            brotli: 3,
        };

        assert_eq!(
            total,
            Size {
                raw: 11,
                gzip: 7,
                brotli: 7
            }
        );
    }
}
