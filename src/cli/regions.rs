//! `seskey regions`: the catalogue for people and scripts.

use super::CliError;
use super::args::{RegionsArgs, RegionsFormat};
use crate::region::catalogue;

/// Prints the region catalogue.
pub fn run(args: &RegionsArgs) -> Result<(), CliError> {
    let text = match args.format {
        RegionsFormat::Json => {
            serde_json::to_string_pretty(catalogue()).map_err(CliError::failure)? + "\n"
        }
        RegionsFormat::Table => table(),
    };
    crate::sys::fdio::write_stdout(text.as_bytes())
        .map_err(|e| CliError::failure(format!("could not write the output: {e}")))
}

fn table() -> String {
    let rows = catalogue();
    let w_code = rows.iter().map(|r| r.code.len()).max().unwrap_or(0).max(4);
    let w_name = rows
        .iter()
        .map(|r| r.name.chars().count())
        .max()
        .unwrap_or(0)
        .max(4);
    let mut out = format!(
        "{:w_code$}  {:w_name$}  {}\n",
        "CODE", "NAME", "SMTP HOST (FIPS HOST)"
    );
    for r in rows {
        let pad = w_name - r.name.chars().count();
        out += &format!(
            "{:w_code$}  {}{}  {}",
            r.code,
            r.name,
            " ".repeat(pad),
            r.smtp_host
        );
        if let Some(f) = r.fips_host {
            out += &format!(" ({f})");
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn table_lists_every_region_aligned() {
        let t = super::table();
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), 21);
        let col = |l: &str| l[..l.find("email-smtp").unwrap()].chars().count();
        let want = col(lines[1]);
        for l in &lines[1..] {
            assert_eq!(col(l), want, "{l}");
        }
        assert!(t.contains("South America (São Paulo)"));
        assert!(t.contains("(email-smtp-fips.us-gov-west-1.amazonaws.com)"));
    }
}
