//! What the command line gives the wizard: the clipboard settings (`--no-clipboard`,
//! `--clear-after`) and where the login check connects (`--endpoint`, `--port`, `--tls`,
//! `--ca-file`, `--timeout`, given before any command: `seskey --endpoint HOST:PORT`).

use crate::check::{CheckOptions, NetOverrides};
use crate::clipboard::ClipboardConfig;
use crate::region::RegionChoice;

/// The wizard's settings from the command line.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Clipboard use and the time before a copied password is cleared.
    pub clipboard: ClipboardConfig,
    /// The login check's connection settings, validated before the region is known (a bad
    /// endpoint or CA file is a usage error before the terminal changes mode).
    pub net: NetOverrides,
}

impl Options {
    /// The check options for the region chosen in the wizard.
    pub fn check_options(&self, region: &RegionChoice) -> CheckOptions {
        self.net.for_region(region)
    }
}
