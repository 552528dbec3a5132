//! Where the preselected region comes from: `AWS_REGION`, then `AWS_DEFAULT_REGION`, then the
//! `region` of the default profile in `~/.aws/config` (or `AWS_CONFIG_FILE`). The first one that
//! names a catalogue region wins.

use std::path::PathBuf;

use crate::region;

/// The region to preselect, read from the environment and the AWS config file.
pub fn initial_region() -> Option<String> {
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
    let path = env("AWS_CONFIG_FILE")
        .map(PathBuf::from)
        .or_else(|| env("HOME").map(|h| PathBuf::from(h).join(".aws").join("config")));
    let config = path.and_then(|p| std::fs::read_to_string(p).ok());
    pick(
        env("AWS_REGION"),
        env("AWS_DEFAULT_REGION"),
        config.as_deref(),
    )
}

/// The first candidate that is a catalogue region, in order of precedence.
pub fn pick(
    aws_region: Option<String>,
    aws_default_region: Option<String>,
    config: Option<&str>,
) -> Option<String> {
    [
        aws_region,
        aws_default_region,
        config.and_then(default_profile_region),
    ]
    .into_iter()
    .flatten()
    .map(|c| c.trim().to_ascii_lowercase())
    .find(|c| region::find(c).is_some())
}

/// The `region` key of `[default]` (or `[profile default]`) in an AWS config file.
pub fn default_profile_region(text: &str) -> Option<String> {
    let mut in_default = false;
    for line in text.lines() {
        let l = line.trim();
        if l.is_empty() || l.starts_with('#') || l.starts_with(';') {
            continue;
        }
        if let Some(section) = l.strip_prefix('[') {
            let name = section.trim_end_matches(']').trim();
            in_default = name == "default" || name == "profile default";
            continue;
        }
        if !in_default {
            continue;
        }
        if let Some((k, v)) = l.split_once('=')
            && k.trim() == "region"
        {
            let v = v.split(['#', ';']).next().unwrap_or("").trim();
            return Some(v.to_string()).filter(|v| !v.is_empty());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = "\
# comment
[profile work]
region = us-west-2

[default]
output = json
region = eu-west-1 ; trailing comment
";

    #[test]
    fn reads_the_default_profile_only() {
        assert_eq!(default_profile_region(CONFIG).as_deref(), Some("eu-west-1"));
        assert_eq!(
            default_profile_region("[profile work]\nregion=us-west-2\n"),
            None
        );
        assert_eq!(
            default_profile_region("[profile default]\nregion=ap-south-1").as_deref(),
            Some("ap-south-1")
        );
        assert_eq!(default_profile_region(""), None);
    }

    #[test]
    fn precedence_and_catalogue_check() {
        let s = |v: &str| Some(v.to_string());
        assert_eq!(
            pick(s("us-east-2"), s("us-west-1"), Some(CONFIG)).as_deref(),
            Some("us-east-2")
        );
        assert_eq!(
            pick(None, s("US-WEST-1"), Some(CONFIG)).as_deref(),
            Some("us-west-1")
        );
        assert_eq!(pick(None, None, Some(CONFIG)).as_deref(), Some("eu-west-1"));
        // A region outside the catalogue is passed over.
        assert_eq!(
            pick(s("ap-southeast-7"), None, Some(CONFIG)).as_deref(),
            Some("eu-west-1")
        );
        assert_eq!(pick(None, None, None), None);
    }
}
