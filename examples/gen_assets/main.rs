//! Writes the man pages and shell completions under `assets/` (or the directory given as the
//! only argument): `cargo run --example gen_assets`. The files are checked in, packaged by
//! `cargo deb` (`[package.metadata.deb]`), and `tests/assets.rs` fails when they are stale.

mod generate;

fn main() -> std::io::Result<()> {
    let root = std::env::args_os().nth(1).map_or_else(
        || std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets"),
        Into::into,
    );
    // Pages of removed subcommands must not linger.
    for dir in ["man", "completions"] {
        match std::fs::remove_dir_all(root.join(dir)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    for (path, bytes) in generate::files() {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().expect("a file under a directory"))?;
        std::fs::write(&path, bytes)?;
        println!("{}", path.display());
    }
    Ok(())
}
