// The commit a build comes from, for `seskey --version`. build.rs `include!`s this file, and so
// does tests/package.rs, which runs it on the crate tarball that `cargo package` writes (no
// `.git` there) to prove the published crate still knows its commit without building it.

/// The commit of the crate source in `dir` (12 hex digits): git when `dir` is the top of a git
/// work tree, else the `.cargo_vcs_info.json` that `cargo package` writes into the crate tarball,
/// else `None` (a source copy without either). Adds to `watch` the files whose change must rerun
/// the build script.
fn source_commit(dir: &std::path::Path, watch: &mut Vec<std::path::PathBuf>) -> Option<String> {
    let vcs_info = dir.join(".cargo_vcs_info.json");
    if let Ok(text) = std::fs::read_to_string(&vcs_info) {
        watch.push(vcs_info);
        // `"sha1": "<40 hex>"`; too small a format to pull in a JSON parser for.
        let sha = text.split("\"sha1\"").nth(1)?.split('"').nth(1)?;
        return Some(sha.chars().take(12).collect());
    }
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .args(args)
            .current_dir(dir)
            .output()
            .ok()
            .filter(|o| o.status.success())?;
        Some(String::from_utf8(out.stdout).ok()?.trim().to_string())
    };
    // A crate unpacked inside some other repository (a vendored copy) must not take its commit.
    let top = git(&["rev-parse", "--show-toplevel"])?;
    if std::fs::canonicalize(&top).ok()? != std::fs::canonicalize(dir).ok()? {
        return None;
    }
    // Rebuild the stamp when HEAD moves: HEAD itself (branch switch, detached commits), the
    // branch's ref file (new commit), packed-refs (after gc). Missing files are not named: cargo
    // would rerun the script on every build.
    let mut paths = vec![git(&["rev-parse", "--git-path", "HEAD"])?];
    if let Some(head_ref) = git(&["symbolic-ref", "-q", "HEAD"]) {
        paths.push(git(&["rev-parse", "--git-path", &head_ref])?);
    }
    paths.push(git(&["rev-parse", "--git-path", "packed-refs"])?);
    watch.extend(
        paths
            .into_iter()
            .map(|p| dir.join(p))
            .filter(|p| p.exists()),
    );
    git(&["rev-parse", "--short=12", "HEAD"])
}
