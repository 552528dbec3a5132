//! Where and how to connect, as the user overrides it (`--endpoint`, `--port`, `--tls`,
//! `--ca-file`, `--timeout`), validated once and applied to whichever region is chosen later: the
//! wizard knows its region only at the card, the command line before it reads the secret.

use std::path::Path;
use std::time::Duration;

use super::{CheckOptions, DEFAULT_PORT, ExtraCa, parse_endpoint};
use crate::region::RegionChoice;
use crate::settings::TlsMode;
use crate::tr;

/// The connection settings given instead of the region's defaults; none needs the region.
#[derive(Debug, Clone, Default)]
pub struct NetOverrides {
    /// The host of `--endpoint`, instead of the region's SMTP host.
    host: Option<String>,
    /// The port of `--port` or of `--endpoint HOST:PORT`.
    port: Option<u16>,
    /// `--tls`, instead of the mode SES uses on the port.
    tls: Option<TlsMode>,
    /// The certificates of `--ca-file`.
    extra_ca: Option<ExtraCa>,
    /// `--timeout`.
    timeout: Option<Duration>,
}

/// The raw values the user gave, before validation.
#[derive(Debug, Clone, Copy, Default)]
pub struct NetRequest<'a> {
    /// `--endpoint HOST[:PORT]`.
    pub endpoint: Option<&'a str>,
    /// `--port`.
    pub port: Option<u16>,
    /// `--tls`.
    pub tls: Option<TlsMode>,
    /// `--ca-file`.
    pub ca_file: Option<&'a Path>,
    /// `--timeout`.
    pub timeout: Option<Duration>,
}

impl NetOverrides {
    /// Validates the request: a malformed endpoint, a port that contradicts the endpoint's, or a
    /// CA file that cannot be read is an error for people (the caller's usage error).
    pub fn new(req: NetRequest<'_>) -> Result<Self, String> {
        let mut host = None;
        let mut port = req.port;
        if let Some(endpoint) = req.endpoint {
            let (h, endpoint_port) =
                parse_endpoint(endpoint).map_err(|e| tr!("cli.endpoint_error", error = e))?;
            host = Some(h);
            match (port, endpoint_port) {
                (Some(a), Some(b)) if a != b => {
                    return Err(tr!("cli.port_mismatch", port = a, endpoint_port = b));
                }
                (None, Some(b)) => port = Some(b),
                _ => {}
            }
        }
        let extra_ca = match req.ca_file {
            Some(path) => Some(ExtraCa::from_pem_file(path)?),
            None => None,
        };
        Ok(Self {
            host,
            port,
            tls: req.tls,
            extra_ca,
            timeout: req.timeout,
        })
    }

    /// The check options for `region`: its SMTP host on port 587 with STARTTLS, as overridden.
    pub fn for_region(&self, region: &RegionChoice) -> CheckOptions {
        let mut opts = CheckOptions::for_region(region);
        if let Some(host) = &self.host {
            opts.host = host.clone();
        }
        opts = opts.with_port(self.port.unwrap_or(DEFAULT_PORT));
        if let Some(tls) = self.tls {
            opts.tls = tls;
        }
        opts.extra_ca = self.extra_ca.clone();
        if let Some(timeout) = self.timeout {
            opts.timeout = timeout;
        }
        opts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_overrides_the_region_host_but_keeps_the_region_name() {
        let r = crate::region::parse("eu-west-1").unwrap();
        let o = NetOverrides::default().for_region(&r);
        assert_eq!(
            (o.host.as_str(), o.port),
            ("email-smtp.eu-west-1.amazonaws.com", 587)
        );
        let net = NetOverrides::new(NetRequest {
            endpoint: Some("127.0.0.1:2525"),
            timeout: Some(Duration::from_secs(3)),
            ..NetRequest::default()
        })
        .unwrap();
        let o = net.for_region(&r);
        assert_eq!((o.host.as_str(), o.port), ("127.0.0.1", 2525));
        assert_eq!(o.region.as_deref(), Some("eu-west-1"));
        assert_eq!(o.timeout.as_secs(), 3);
        let bad = NetRequest {
            ca_file: Some(Path::new("/nonexistent/ca.pem")),
            ..NetRequest::default()
        };
        assert!(NetOverrides::new(bad).is_err());
    }
}
