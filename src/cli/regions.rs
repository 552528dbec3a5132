//! `seskey regions`: the catalogue for people and scripts.

use super::CliError;
use super::args::{RegionsArgs, RegionsFormat};
use crate::i18n::t;
use crate::region::catalogue;
use unicode_width::UnicodeWidthStr as _;

/// Prints the region catalogue.
pub fn run(args: &RegionsArgs) -> Result<(), CliError> {
    let text = match args.format {
        RegionsFormat::Json => {
            serde_json::to_string_pretty(catalogue()).map_err(CliError::failure)? + "\n"
        }
        RegionsFormat::Table => table(),
    };
    crate::sys::fdio::write_stdout(text.as_bytes())
        .map_err(|e| CliError::failure(crate::tr!("io.write_failed", error = e)))
}

/// The catalogue as aligned columns (also shown by `?` at `derive`'s region prompt).
pub(crate) fn table() -> String {
    let rows = catalogue();
    let (h_code, h_name, h_host) = (
        t("regions.col_code"),
        t("regions.col_name"),
        t("regions.col_host"),
    );
    // Columns are measured in terminal cells: a Hangul syllable takes two.
    let w_code = rows
        .iter()
        .map(|r| r.code.len())
        .max()
        .unwrap_or(0)
        .max(h_code.width());
    let w_name = rows
        .iter()
        .map(|r| r.display_name().width())
        .max()
        .unwrap_or(0)
        .max(h_name.width());
    let pad = |s: &str, w: usize| format!("{s}{}", " ".repeat(w - s.width()));
    let mut out = format!(
        "{}  {}  {h_host}\n",
        pad(h_code, w_code),
        pad(h_name, w_name)
    );
    for r in rows {
        out += &format!(
            "{}  {}  {}",
            pad(r.code, w_code),
            pad(r.display_name(), w_name),
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
        assert_eq!(lines.len(), 30);
        let col = |l: &str| l[..l.find("email-smtp").unwrap()].chars().count();
        let want = col(lines[1]);
        for l in &lines[1..] {
            assert_eq!(col(l), want, "{l}");
        }
        assert!(t.contains("South America (São Paulo)"));
        assert!(t.contains("(email-smtp-fips.us-gov-west-1.amazonaws.com)"));
        assert!(t.contains("il-central-1    Israel (Tel Aviv)"), "{t}");
    }

    #[test]
    fn korean_table_aligns_double_width_names() {
        use unicode_width::UnicodeWidthStr;
        let t = crate::i18n::with_lang(crate::i18n::Lang::Ko, super::table);
        let lines: Vec<&str> = t.lines().collect();
        assert!(lines[0].starts_with("코드"), "{}", lines[0]);
        assert!(t.contains("ap-northeast-2  아시아 태평양(서울)"));
        let col = |l: &str| l[..l.find("email-smtp").unwrap()].width();
        let want = col(lines[1]);
        for l in &lines[1..] {
            assert_eq!(col(l), want, "{l}");
        }
    }
}
