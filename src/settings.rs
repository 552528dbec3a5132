//! What a mail client needs besides the password: host, ports, TLS modes, username.

use serde::Serialize;

use crate::region::RegionChoice;

/// How TLS is set up on a port.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TlsMode {
    /// Plain connection upgraded with the STARTTLS command.
    Starttls,
    /// TLS from the first byte ("TLS wrapper", SMTPS; mail clients call it "SSL/TLS").
    Tls,
}

impl TlsMode {
    /// How mail clients usually label the mode, in the current language.
    pub fn label(self) -> &'static str {
        match self {
            TlsMode::Starttls => crate::i18n::t("settings.tls_starttls"),
            TlsMode::Tls => crate::i18n::t("settings.tls_wrapper"),
        }
    }
}

/// One SES SMTP port.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Port {
    /// TCP port number.
    pub port: u16,
    /// TLS mode on that port.
    pub tls: TlsMode,
}

/// Every port SES SMTP listens on, the usual choice first.
pub const PORTS: [Port; 5] = [
    Port {
        port: 587,
        tls: TlsMode::Starttls,
    },
    Port {
        port: 2587,
        tls: TlsMode::Starttls,
    },
    Port {
        port: 25,
        tls: TlsMode::Starttls,
    },
    Port {
        port: 465,
        tls: TlsMode::Tls,
    },
    Port {
        port: 2465,
        tls: TlsMode::Tls,
    },
];

/// The TLS mode SES uses on `port`, if SES listens there.
pub fn tls_mode_for(port: u16) -> Option<TlsMode> {
    PORTS.iter().find(|p| p.port == port).map(|p| p.tls)
}

/// Everything but the password: what to type into a mail client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SmtpSettings {
    /// Region code.
    pub region: String,
    /// Region name, when the region is in the catalogue.
    pub region_name: Option<&'static str>,
    /// SMTP host.
    pub host: String,
    /// FIPS SMTP host, where one exists.
    pub fips_host: Option<&'static str>,
    /// Ports and their TLS modes.
    pub ports: Vec<Port>,
    /// SMTP username: the access key ID, when known.
    pub username: Option<String>,
}

impl SmtpSettings {
    /// Settings for `region`, with the access key ID as username when given.
    pub fn new(region: &RegionChoice, access_key_id: Option<&str>) -> Self {
        Self {
            region: region.code().to_string(),
            region_name: match region {
                RegionChoice::Known(r) => Some(r.name),
                RegionChoice::Custom(_) => None,
            },
            host: region.smtp_host(),
            fips_host: region.fips_host(),
            ports: PORTS.to_vec(),
            username: access_key_id.map(|s| s.trim().to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_for_a_fips_region() {
        let r = crate::region::parse("us-west-2").unwrap();
        let s = SmtpSettings::new(&r, Some(" AKIAIOSFODNN7EXAMPLE "));
        assert_eq!(s.host, "email-smtp.us-west-2.amazonaws.com");
        assert_eq!(s.fips_host, Some("email-smtp-fips.us-west-2.amazonaws.com"));
        assert_eq!(s.username.as_deref(), Some("AKIAIOSFODNN7EXAMPLE"));
        assert_eq!(s.region_name, Some("US West (Oregon)"));
        assert_eq!(tls_mode_for(465), Some(TlsMode::Tls));
        assert_eq!(tls_mode_for(2587), Some(TlsMode::Starttls));
        assert_eq!(tls_mode_for(26), None);
    }
}
