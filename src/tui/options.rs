//! What the command line gives the wizard: the clipboard settings (`--no-clipboard`,
//! `--clear-after`) and where the login check connects (`--endpoint`, `--port`, `--tls`,
//! `--ca-file`, `--timeout`, given before any command: `seskey --endpoint HOST:PORT`).

use crate::check::CheckOptions;
use crate::cli::CliError;
use crate::cli::check::NetArgs;
use crate::clipboard::ClipboardConfig;
use crate::region::RegionChoice;

/// The wizard's settings from the command line.
#[derive(Debug, Clone)]
pub struct Options {
    /// Clipboard use and the time before a copied password is cleared.
    pub clipboard: ClipboardConfig,
    /// The login check's connection settings, before the region is known.
    check: CheckOptions,
    /// Whether `--endpoint` replaced the region's SMTP host.
    endpoint: bool,
}

impl Options {
    /// Validates the check options now (a bad endpoint or CA file is a usage error before the
    /// terminal changes mode).
    pub fn new(clipboard: ClipboardConfig, net: &NetArgs) -> Result<Self, CliError> {
        let any = crate::region::parse("us-east-1").map_err(CliError::usage)?;
        Ok(Self {
            clipboard,
            check: crate::cli::check::options(&any, net)?,
            endpoint: net.endpoint.is_some(),
        })
    }

    /// The check options for the region chosen in the wizard.
    pub fn check_options(&self, region: &RegionChoice) -> CheckOptions {
        let mut o = self.check.clone();
        if !self.endpoint {
            o.host = region.smtp_host();
        }
        o.region = Some(region.code().to_string());
        o
    }
}

impl Default for Options {
    fn default() -> Self {
        Self::new(ClipboardConfig::default(), &NetArgs::default())
            .expect("the default options are valid")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_overrides_the_region_host_but_keeps_the_region_name() {
        let r = crate::region::parse("eu-west-1").unwrap();
        let o = Options::default().check_options(&r);
        assert_eq!(
            (o.host.as_str(), o.port),
            ("email-smtp.eu-west-1.amazonaws.com", 587)
        );
        let net = NetArgs {
            endpoint: Some("127.0.0.1:2525".into()),
            timeout: Some(3),
            ..NetArgs::default()
        };
        let o = Options::new(ClipboardConfig::default(), &net)
            .unwrap()
            .check_options(&r);
        assert_eq!((o.host.as_str(), o.port), ("127.0.0.1", 2525));
        assert_eq!(o.region.as_deref(), Some("eu-west-1"));
        assert_eq!(o.timeout.as_secs(), 3);
        let bad = NetArgs {
            ca_file: Some("/nonexistent/ca.pem".into()),
            ..NetArgs::default()
        };
        assert!(Options::new(ClipboardConfig::default(), &bad).is_err());
    }
}
