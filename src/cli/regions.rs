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

/// Width the prompt list fits in: the narrowest terminal seskey lays out for.
const PROMPT_COLUMNS: usize = 80;
/// Longest name shown whole in the prompt list; longer ones shrink to the part in parentheses.
const PROMPT_NAME_MAX: usize = 20;

/// The catalogue as `code — name` in as many columns as fit 80 cells, for `?` at `derive`'s
/// region prompt: what to type, without the hosts that made [`table`] wrap mid-word there.
pub(crate) fn prompt_list() -> String {
    let rows = catalogue();
    let w_code = rows.iter().map(|r| r.code.len()).max().unwrap_or(0);
    let entries: Vec<String> = rows
        .iter()
        .map(|r| {
            let full = r.display_name();
            let name = if full.width() <= PROMPT_NAME_MAX {
                full
            } else {
                r.short_name()
            };
            format!("{:w_code$} — {name}", r.code)
        })
        .collect();
    let width = entries.iter().map(|e| e.width()).max().unwrap_or(0);
    let cols = ((PROMPT_COLUMNS + 2) / (width + 2)).max(1);
    let lines = entries.len().div_ceil(cols);
    let mut out = String::new();
    // Column-major, like `ls`: each column reads down in catalogue order.
    for line in 0..lines {
        let cells: Vec<&String> = (0..cols)
            .filter_map(|c| entries.get(c * lines + line))
            .collect();
        for (i, e) in cells.iter().enumerate() {
            out += e;
            if i + 1 < cells.len() {
                out += &" ".repeat(width - e.width() + 2);
            }
        }
        out.push('\n');
    }
    out
}

/// The catalogue as aligned columns.
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

    #[test]
    fn prompt_list_fits_80_columns_in_both_languages() {
        use unicode_width::UnicodeWidthStr;
        for lang in [crate::i18n::Lang::En, crate::i18n::Lang::Ko] {
            let l = crate::i18n::with_lang(lang, super::prompt_list);
            assert!(!l.contains("email-smtp"), "{l}");
            assert!(l.lines().count() < 24, "{l}");
            for line in l.lines() {
                assert!(line.width() <= super::PROMPT_COLUMNS, "{line}");
            }
            let w = crate::region::catalogue()
                .iter()
                .map(|r| r.code.len())
                .max()
                .unwrap();
            for r in crate::region::catalogue() {
                assert!(
                    l.contains(&format!("{:w$} — ", r.code)),
                    "{} missing:\n{l}",
                    r.code
                );
            }
        }
        let en = super::prompt_list();
        assert!(en.contains("eu-west-1      — Europe (Ireland)"), "{en}");
    }
}
