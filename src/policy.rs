//! The IAM policy an SES SMTP user needs, as a complete document the IAM console's JSON editor
//! takes (a bare statement is rejected there). `seskey policy` prints it; the help shows it.

/// A complete IAM policy document allowing `ses:SendRawEmail`, the one action SES SMTP sends
/// with. `Resource` may be narrowed to identity ARNs.
pub const DOCUMENT: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "ses:SendRawEmail",
      "Resource": "*"
    }
  ]
}
"#;

#[cfg(test)]
mod tests {
    #[test]
    fn the_document_is_complete_json() {
        let v: serde_json::Value = serde_json::from_str(super::DOCUMENT).unwrap();
        assert_eq!(v["Version"], "2012-10-17");
        let s = &v["Statement"][0];
        assert_eq!(s["Effect"], "Allow");
        assert_eq!(s["Action"], "ses:SendRawEmail");
        assert_eq!(s["Resource"], "*");
    }
}
