//! Running `twiggy top` on a wasm file and reading its CSV.

use std::path::Path;

use anyhow::{bail, Context};

use crate::cmd;

/// Every item twiggy sees, name and shallow size.
pub fn items(wasm: &Path) -> anyhow::Result<Vec<(String, u64)>> {
    let output = cmd::new("twiggy")
        .args(["top", "-n", "1000000", "-f", "csv"])
        .arg(wasm)
        .output()
        .context("cannot run twiggy (cargo install twiggy)")?;
    if !output.status.success() {
        bail!("twiggy failed: {}", String::from_utf8_lossy(&output.stderr));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let mut items = Vec::new();
    for line in text.lines().skip(1) {
        let (name, rest) = csv_first_field(line);
        let size = rest
            .split(',')
            .next()
            .and_then(|s| s.parse::<u64>().ok())
            .with_context(|| format!("twiggy line without a size: {line}"))?;
        items.push((name, size));
    }
    Ok(items)
}

/// The first field of a CSV line (quoted or not), and what follows its comma.
fn csv_first_field(line: &str) -> (String, &str) {
    let Some(quoted) = line.strip_prefix('"') else {
        return match line.split_once(',') {
            Some((field, rest)) => (field.to_owned(), rest),
            None => (line.to_owned(), ""),
        };
    };
    let mut field = String::new();
    let mut chars = quoted.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '"' {
            if chars.peek().map(|(_, c)| *c) == Some('"') {
                field.push('"');
                chars.next();
            } else {
                let rest = &quoted[i + 1..];
                return (field, rest.strip_prefix(',').unwrap_or(rest));
            }
        } else {
            field.push(c);
        }
    }
    (field, "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_unquote() {
        assert_eq!(
            csv_first_field("\"\"\"function names\"\" subsection\",761345,44.9,,"),
            ("\"function names\" subsection".to_owned(), "761345,44.9,,")
        );
        assert_eq!(
            csv_first_field("blog::main::h191e,13701,0.8,,"),
            ("blog::main::h191e".to_owned(), "13701,0.8,,")
        );
    }
}
