//! The documentation's links hold: every relative link in README.md, BENCHMARKS.md and docs/*.md
//! names a file that exists, and every `#anchor` a heading of the page it points to (GitHub's
//! anchor rule); every page of docs/ is linked from README. Links to web addresses are not
//! followed (no network in tests).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The markdown pages the check covers: README.md, BENCHMARKS.md and every docs/*.md.
fn pages(root: &Path) -> Vec<PathBuf> {
    let mut out = vec![root.join("README.md"), root.join("BENCHMARKS.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root.join("docs"))
        .expect("docs/ exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    out.extend(docs);
    out
}

/// The page's lines outside fenced code blocks, with inline code spans removed (a `](` inside
/// code is not a link, and code never forms a heading).
fn prose(text: &str) -> Vec<String> {
    let mut fenced = false;
    let mut out = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        let mut kept = String::new();
        for (i, piece) in line.split('`').enumerate() {
            if i % 2 == 0 {
                kept.push_str(piece);
            }
        }
        out.push(kept);
    }
    out
}

/// Link targets of a page: the `target` of every `[text](target)`.
fn links(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in prose(text) {
        let mut rest = line.as_str();
        while let Some(at) = rest.find("](") {
            let tail = &rest[at + 2..];
            let Some(end) = tail.find(')') else { break };
            out.push(tail[..end].trim().to_string());
            rest = &tail[end..];
        }
    }
    out
}

/// GitHub's anchor for a heading: lower case, spaces to `-`, every character other than a
/// letter, digit, `-` or `_` dropped; a repeated heading gets `-1`, `-2`…
fn anchors(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let fenced_free = {
        // Headings come from the raw lines (code spans count for anchors), outside fences.
        let mut fenced = false;
        let mut v = Vec::new();
        for line in text.lines() {
            if line.trim_start().starts_with("```") {
                fenced = !fenced;
            } else if !fenced {
                v.push(line);
            }
        }
        v
    };
    for line in fenced_free {
        let Some(title) = line
            .strip_prefix('#')
            .map(|l| l.trim_start_matches('#'))
            .and_then(|l| l.strip_prefix(' '))
        else {
            continue;
        };
        let slug: String = title
            .trim()
            .to_lowercase()
            .chars()
            .filter_map(|c| match c {
                ' ' => Some('-'),
                '-' | '_' => Some(c),
                c if c.is_alphanumeric() => Some(c),
                _ => None,
            })
            .collect();
        let mut name = slug.clone();
        let mut n = 0;
        while out.contains(&name) {
            n += 1;
            name = format!("{slug}-{n}");
        }
        out.insert(name);
    }
    out
}

/// Every broken link of the given pages, as `page: target (why)`.
fn broken(pages: &[PathBuf]) -> Vec<String> {
    let mut bad = Vec::new();
    for page in pages {
        let text =
            std::fs::read_to_string(page).unwrap_or_else(|e| panic!("{}: {e}", page.display()));
        for target in links(&text) {
            if target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            let (path, anchor) = match target.split_once('#') {
                Some((p, a)) => (p, Some(a)),
                None => (target.as_str(), None),
            };
            let file = if path.is_empty() {
                page.clone()
            } else {
                page.parent().unwrap().join(path)
            };
            if !file.exists() {
                bad.push(format!("{}: {target} (no such file)", page.display()));
                continue;
            }
            if let Some(anchor) = anchor {
                let is_md = file.extension().is_some_and(|e| e == "md");
                let heads = if is_md {
                    anchors(&std::fs::read_to_string(&file).unwrap())
                } else {
                    BTreeSet::new()
                };
                if !heads.contains(anchor) {
                    bad.push(format!(
                        "{}: {target} (no heading #{anchor} in {})",
                        page.display(),
                        file.display()
                    ));
                }
            }
        }
    }
    bad
}

#[test]
fn every_relative_link_in_the_docs_points_to_a_file_and_heading_that_exist() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let pages = pages(root);
    assert!(pages.len() >= 10, "{pages:?}");
    let bad = broken(&pages);
    assert!(bad.is_empty(), "broken links:\n{}", bad.join("\n"));
}

#[test]
fn every_docs_page_is_linked_from_the_readme() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let linked: BTreeSet<String> = links(&readme)
        .into_iter()
        .map(|t| t.split('#').next().unwrap().to_string())
        .collect();
    for page in pages(root).iter().skip(1) {
        let rel = page
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .to_string();
        assert!(linked.contains(&rel), "README links nowhere to {rel}");
    }
}

/// The checker itself finds what it must: a missing file, a missing heading, a missing heading
/// on the same page; and it takes code, web links and GitHub's anchors as they are.
#[test]
fn the_checker_catches_a_broken_file_or_anchor() {
    let dir = std::env::temp_dir().join(format!("seskey-docs-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let a = dir.join("a.md");
    let b = dir.join("b.md");
    std::fs::write(
        &b,
        "# B page\n\n## `seskey check`: prove it\n\n## Twice\n\n## Twice\n\n## 한국어 안내\n",
    )
    .unwrap();
    std::fs::write(
        &a,
        "# A\n\n[ok](b.md) [ok](b.md#seskey-check-prove-it) [ok](b.md#twice-1) \
         [ok](b.md#한국어-안내) [ok](#a) [web](https://example.com/x.md)\n\
         `[code](nowhere.md)`\n```\n[fenced](nowhere.md)\n```\n\
         [gone](missing.md) [bad anchor](b.md#prove-it) [self](#nothing-here)\n",
    )
    .unwrap();
    let bad = broken(std::slice::from_ref(&a));
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(bad.len(), 3, "{bad:#?}");
    assert!(bad[0].contains("missing.md (no such file)"), "{bad:?}");
    assert!(bad[1].contains("b.md#prove-it (no heading"), "{bad:?}");
    assert!(bad[2].contains("#nothing-here (no heading"), "{bad:?}");
}

/// The README opens for the operator (what it does, Install, quick starts); the developers'
/// two commands come after, and the test command stays exactly `.ci/test` (CI runs it).
#[test]
fn readme_puts_install_before_the_developer_commands() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let install = readme.find("\n## Install\n").expect("an Install section");
    let quick = readme.find("\n## Quick start").expect("a quick start");
    let dev = readme
        .find("\n## For developers: the two commands\n")
        .expect("the developers' section");
    assert!(
        install < quick && quick < dev,
        "order: Install, quick starts, developers"
    );
    assert!(readme[dev..].contains("\ncargo run --release "));
    assert!(readme[dev..].contains("\n.ci/test "));
}
