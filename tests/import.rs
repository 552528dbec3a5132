//! Key import sources and `seskey batch`, driven through the real binary with the fixtures in
//! `tests/data/import/`.

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Stdio};

mod common;
use common::bin;
use common::{EnglishLocale as _, vectors};

/// The secrets in the fixtures, from tests/data/smtp-password.tsv (us-east-1 rows 2 to 4).
const S1: &str = "6OMByxuHdtM/Y9iuFPd011rVLqcY2DSXwwhncci8";
const S2: &str = "vaHYdKJLMuOAyAlzvpVFcNabw1z9GvpGz36HE38X";
const S3: &str = "Hz/Hmh0Qp+FELS3NDIals+sTKtze5zBJ4U/JqIWI";
/// Their us-east-1 SMTP passwords.
const P1: &str = "BCKR7SzjIg7slosnMG/fJ6Fn9/y5GcVG61DJB4CoNsEo";
const P2: &str = "BDGN7MvGxcr7eL3jXmUkUncsjb4HFA4TvjmKrIl+HOs6";
const P3: &str = "BPTs7XOlXuT5VLbFioBRNPy+69FemRrtq/4W6NQ3uOD2";
/// Other secret material in the fixtures: a console password and a session token.
const OTHER_SECRETS: [&str; 3] = ["Pa$$w0rd", "p,w", "IQoJb3JpZ2luX2VjEXAMPLETOKEN"];

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/import")
        .join(name)
        .display()
        .to_string()
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn seskey(args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut c = Command::new(bin());
    c.english()
        .args(args)
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SESSION_TOKEN")
        .env_remove("AWS_SHARED_CREDENTIALS_FILE")
        .stdin(Stdio::null());
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.output().unwrap();
    let r = Run {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    };
    // No message, whatever the outcome, repeats a secret from the input.
    for s in [S1, S2, S3].iter().chain(&OTHER_SECRETS) {
        assert!(!r.stderr.contains(s), "stderr holds a secret: {}", r.stderr);
        assert!(!r.stdout.contains(s), "stdout holds a secret: {}", r.stdout);
    }
    r
}

fn derive_csv(file: &str, extra: &[&str]) -> Run {
    let f = fixture(file);
    let mut args = vec!["derive", "-r", "us-east-1", "--from-csv", &f];
    args.extend(extra);
    seskey(&args, &[])
}

fn fails(r: &Run, code: i32, message: &str) {
    assert_eq!(r.code, code, "stderr: {}", r.stderr);
    assert!(r.stdout.is_empty(), "stdout: {}", r.stdout);
    assert!(
        r.stderr.contains(message),
        "expected {message:?} in {:?}",
        r.stderr
    );
}

// ---- --from-csv -------------------------------------------------------------------------------

#[test]
fn from_csv_reads_the_access_key_csv() {
    let r = derive_csv("access-keys.csv", &["-f", "env"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("SMTP_USERNAME=AKIAIOSFODNN7EXAMPLE\n"));
    assert!(r.stdout.ends_with(&format!("SMTP_PASSWORD={P1}\n")));
}

#[test]
fn from_csv_accepts_bom_and_crlf() {
    let bytes = std::fs::read(fixture("bom-crlf.csv")).unwrap();
    assert!(bytes.starts_with(b"\xef\xbb\xbf") && bytes.windows(2).any(|w| w == b"\r\n"));
    let r = derive_csv("bom-crlf.csv", &[]);
    assert_eq!((r.code, r.stdout.as_str()), (0, format!("{P1}\n").as_str()));
}

#[test]
fn from_csv_reads_quoted_fields_and_headers_in_any_case() {
    let r = derive_csv("quoted-commas.csv", &[]);
    assert_eq!((r.code, r.stdout.as_str()), (0, format!("{P1}\n").as_str()));
}

#[test]
fn from_csv_with_several_rows_asks_for_one() {
    let r = derive_csv("user-credentials.csv", &[]);
    fails(&r, 2, "holds 3 key rows; choose one with --row N:");
    assert!(
        r.stderr
            .contains("--row 2  (line 3)  AKIAIOSFODNN7EXAMPL2  bob")
    );
    let r = derive_csv("user-credentials.csv", &["--row", "2"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, format!("{P2}\n").as_str()));
    let r = derive_csv("user-credentials.csv", &["--row", "4"]);
    fails(&r, 2, "there is no row 4: the file has 3 row(s)");
    let r = derive_csv("user-credentials.csv", &["--row", "0"]);
    assert_eq!(r.code, 2);
}

#[test]
fn from_csv_skips_blank_lines() {
    let r = derive_csv("blank-lines.csv", &["--row", "2"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, format!("{P2}\n").as_str()));
    // The line of only spaces and a comma is not a row.
    let r = derive_csv("blank-lines.csv", &[]);
    fails(&r, 2, "holds 2 key rows");
    assert!(r.stderr.contains("--row 2  (line 7)"), "{}", r.stderr);
}

#[test]
fn from_csv_reports_malformed_files_by_line() {
    fails(
        &derive_csv("missing-column.csv", &[]),
        2,
        "missing-column.csv, line 1: the header has no `Secret access key` column",
    );
    fails(
        &derive_csv("no-header.csv", &[]),
        2,
        "no-header.csv, line 1: this is not a header line; it holds an access key ID",
    );
    fails(
        &derive_csv("empty-secret.csv", &[]),
        2,
        "empty-secret.csv, line 2: the secret access key is empty",
    );
    fails(
        &derive_csv("short-row.csv", &["--row", "2"]),
        2,
        "short-row.csv, line 3: the row has 1 column(s), the header has at least 2",
    );
    fails(
        &derive_csv("user-without-key.csv", &["--row", "2"]),
        2,
        "user-without-key.csv, line 3: user nokey has no access key in this file",
    );
    fails(
        &derive_csv("header-only.csv", &[]),
        2,
        "header-only.csv: the file holds a header but no key row",
    );
}

#[test]
fn from_csv_reports_unreadable_files_with_exit_1() {
    let r = derive_csv("does-not-exist.csv", &[]);
    fails(
        &r,
        1,
        "does-not-exist.csv: cannot open the file: no such file",
    );
    let dir = fixture("");
    let r = seskey(&["derive", "-r", "us-east-1", "--from-csv", &dir], &[]);
    fails(&r, 1, "this is a directory, not a file");
}

#[test]
fn sources_exclude_each_other() {
    let f = fixture("access-keys.csv");
    let r = seskey(
        &[
            "derive",
            "-r",
            "us-east-1",
            "--from-csv",
            &f,
            "--profile",
            "x",
        ],
        &[],
    );
    assert_eq!(r.code, 2);
    let r = seskey(&["derive", "-r", "us-east-1", "--row", "1"], &[]);
    assert_eq!(r.code, 2);
}

/// Rows the old, lenient CSV check let through with a warning (a 39-character secret, a
/// 1-character one, an SMTP password in the secret column, `AKIA123`): the CSV import refuses
/// them like the prompt does. `--allow-nonstandard-secret` lets the 39-character one through,
/// never the rest.
#[test]
fn csv_rows_follow_the_prompt_rules() {
    let f = fixture("unusable-keys.csv");
    let cut = &S2[..39];
    let no_key_material = |r: &Run| {
        for s in [cut, P1] {
            assert!(!r.stderr.contains(s), "{}", r.stderr);
        }
    };
    let r = batch(&["-r", "us-east-1", &f]);
    fails(&r, 2, "4 row(s) of");
    no_key_material(&r);
    for line in [
        "line 3: the secret access key has 39 characters; AWS secret access keys have exactly 40",
        "take --allow-nonstandard-secret",
        "line 4: the secret access key has only 1 characters",
        "line 5: this is an SMTP password (44 characters starting with B)",
        "line 6: access key ID: an access key ID is AKIA followed by 16",
    ] {
        assert!(r.stderr.contains(line), "{line:?} in {}", r.stderr);
    }
    assert!(!r.stderr.contains("warning"), "{}", r.stderr);

    let r = batch(&["-r", "us-east-1", &f, "--keep-going"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        format!("IAM User Name,Smtp Username,Smtp Password\nok,AKIAIOSFODNN7EXAMPL1,{P1}\n")
    );

    let r = batch(&[
        "-r",
        "us-east-1",
        &f,
        "--keep-going",
        "--allow-nonstandard-secret",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    no_key_material(&r);
    let rows: Vec<&str> = r.stdout.lines().skip(1).collect();
    assert_eq!(rows.len(), 2, "{}", r.stdout);
    assert!(
        rows[1].starts_with("cut,AKIAIOSFODNN7EXAMPL2,B"),
        "{}",
        rows[1]
    );
    assert!(
        r.stderr
            .contains("line 3: the secret access key has 39 characters")
    );
    assert!(r.stderr.contains("skipped: "), "{}", r.stderr);
    assert!(
        r.stderr.contains("this is an SMTP password"),
        "{}",
        r.stderr
    );

    // derive --from-csv: the same rule, and the same flag.
    let r = derive_csv("unusable-keys.csv", &["--row", "2"]);
    fails(&r, 2, "line 3: the secret access key has 39 characters");
    no_key_material(&r);
    let r = derive_csv(
        "unusable-keys.csv",
        &["--row", "2", "--allow-nonstandard-secret"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout.trim_end().len(), 44);
    assert!(
        r.stderr
            .contains("warning: the secret access key has 39 characters")
    );
    for (row, says) in [
        ("3", "line 4: the secret access key has only 1 characters"),
        ("4", "line 5: this is an SMTP password"),
        (
            "5",
            "line 6: access key ID: an access key ID is AKIA followed by 16",
        ),
    ] {
        let r = derive_csv(
            "unusable-keys.csv",
            &["--row", row, "--allow-nonstandard-secret"],
        );
        fails(&r, 2, says);
        no_key_material(&r);
    }
    // The row list marks them unusable.
    let r = derive_csv("unusable-keys.csv", &[]);
    fails(&r, 2, "holds 5 key rows");
    assert_eq!(r.stderr.matches("(unusable: ").count(), 4, "{}", r.stderr);
}

// ---- --profile --------------------------------------------------------------------------------

fn derive_profile(name: &str) -> Run {
    let creds = fixture("credentials");
    seskey(
        &["derive", "-r", "us-east-1", "--profile", name, "-f", "env"],
        &[("AWS_SHARED_CREDENTIALS_FILE", &creds)],
    )
}

#[test]
fn profile_loads_long_term_keys() {
    let r = derive_profile("default");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("SMTP_USERNAME=AKIAIOSFODNN7EXAMPLE\n"));
    assert!(r.stdout.ends_with(&format!("SMTP_PASSWORD={P1}\n")));
    let r = derive_profile("ses-smtp");
    assert!(r.stdout.ends_with(&format!("SMTP_PASSWORD={P2}\n")));
}

#[test]
fn profile_is_found_under_home_without_the_variable() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir(home.path().join(".aws")).unwrap();
    std::fs::copy(fixture("credentials"), home.path().join(".aws/credentials")).unwrap();
    let r = seskey(
        &["derive", "-r", "us-east-1", "--profile", "ses-smtp"],
        &[("HOME", home.path().to_str().unwrap())],
    );
    assert_eq!((r.code, r.stdout.as_str()), (0, format!("{P2}\n").as_str()));
    let empty = tempfile::tempdir().unwrap();
    let r = seskey(
        &["derive", "-r", "us-east-1", "--profile", "x"],
        &[("HOME", empty.path().to_str().unwrap())],
    );
    fails(
        &r,
        1,
        ".aws/credentials: cannot open the file: no such file",
    );
}

#[test]
fn profile_refuses_temporary_and_indirect_credentials() {
    fails(
        &derive_profile("session"),
        2,
        "credentials, line 14: profile \"session\" holds aws_session_token: its keys are \
         temporary (STS) credentials, which SES SMTP does not accept",
    );
    fails(
        &derive_profile("process"),
        2,
        "credentials, line 17: profile \"process\" gets its keys from credential_process",
    );
    fails(
        &derive_profile("sso"),
        2,
        "credentials, line 20: profile \"sso\" signs in with IAM Identity Center (SSO, \
         sso_session)",
    );
    fails(
        &derive_profile("empty-secret"),
        2,
        "credentials, line 26: profile \"empty-secret\": aws_secret_access_key is empty",
    );
    fails(
        &derive_profile("nope"),
        2,
        "there is no profile \"nope\"; its profiles are: default, ses-smtp, session, process, \
         sso, empty-secret",
    );
}

// ---- --from-env -------------------------------------------------------------------------------

#[test]
fn from_env_reads_both_variables_and_refuses_a_session_token() {
    let env = [
        ("AWS_SECRET_ACCESS_KEY", S3),
        ("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPL3"),
    ];
    let r = seskey(
        &["derive", "-r", "us-east-1", "--from-env", "-f", "env"],
        &env,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("SMTP_USERNAME=AKIAIOSFODNN7EXAMPL3\n"));
    assert!(r.stdout.ends_with(&format!("SMTP_PASSWORD={P3}\n")));
    let r = seskey(
        &["derive", "-r", "us-east-1", "--from-env"],
        &[env[0], env[1], ("AWS_SESSION_TOKEN", OTHER_SECRETS[2])],
    );
    fails(
        &r,
        2,
        "AWS_SESSION_TOKEN is set: these are temporary (STS) credentials",
    );
    let r = seskey(&["derive", "-r", "us-east-1", "--from-env"], &[]);
    fails(&r, 2, "AWS_SECRET_ACCESS_KEY is not set");
}

// ---- batch ------------------------------------------------------------------------------------

fn batch(args: &[&str]) -> Run {
    let mut a = vec!["batch"];
    a.extend(args);
    seskey(&a, &[])
}

#[test]
fn batch_writes_the_ses_console_csv_to_stdout() {
    let f = fixture("user-credentials.csv");
    let r = batch(&["-r", "us-east-1", &f]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        format!(
            "IAM User Name,Smtp Username,Smtp Password\n\
             alice,AKIAIOSFODNN7EXAMPL1,{P1}\n\
             bob,AKIAIOSFODNN7EXAMPL2,{P2}\n\
             carol,AKIAIOSFODNN7EXAMPL3,{P3}\n"
        )
    );
    // User names are quoted as CSV needs; the console password never appears.
    let r = batch(&["-r", "us-east-1", &fixture("quoted-commas.csv")]);
    assert_eq!(
        r.stdout.lines().nth(1).unwrap(),
        format!("\"smtp,relay \"\"eu\"\"\",AKIAIOSFODNN7EXAMPL1,{P1}")
    );
    // The access-key CSV has no user name column: the console's file name gives it.
    let r = batch(&["-r", "us-east-1", &fixture("smtp-relay_accessKeys.csv")]);
    assert_eq!(
        r.stdout.lines().nth(1).unwrap(),
        format!("smtp-relay,AKIAIOSFODNN7EXAMPL2,{P2}")
    );
    let r = batch(&["-r", "us-east-1", &fixture("bom-crlf.csv")]);
    assert_eq!(
        r.stdout.lines().nth(1).unwrap(),
        format!(",AKIAIOSFODNN7EXAMPLE,{P1}")
    );
}

#[test]
fn batch_with_several_regions_adds_region_and_host() {
    let f = fixture("blank-lines.csv");
    let r = batch(&["-r", "us-east-1", "-r", "eu-west-1", "-r", "us-east-1", &f]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "IAM User Name,Smtp Username,Smtp Password,Region,Smtp Host"
    );
    assert_eq!(lines.len(), 1 + 2 * 2);
    assert_eq!(
        lines[1],
        format!(",AKIAIOSFODNN7EXAMPL1,{P1},us-east-1,email-smtp.us-east-1.amazonaws.com")
    );
    assert!(lines[2].ends_with(",eu-west-1,email-smtp.eu-west-1.amazonaws.com"));
    assert_eq!(lines[3].split(',').nth(2), Some(P2));

    let r = batch(&["--all-regions", &f]);
    let regions = seskey(&["regions", "-f", "json"], &[]).stdout;
    let n = regions.matches("\"code\"").count();
    assert!(n >= 10);
    assert_eq!(r.stdout.lines().count(), 1 + 2 * n);
}

#[test]
fn batch_file_output_is_private_and_never_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("smtp.csv");
    let o = out.to_str().unwrap();
    let f = fixture("access-keys.csv");
    let r = batch(&["-r", "us-east-1", &f, "-o", o]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains("wrote 1 SMTP credential(s) for 1 key(s)"));
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.ends_with(&format!("AKIAIOSFODNN7EXAMPLE,{P1}\n")));

    std::fs::write(&out, "keep me").unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o644)).unwrap();
    let r = batch(&["-r", "us-east-1", &f, "-o", o]);
    fails(&r, 2, "smtp.csv exists; pass --force to replace it");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");

    let r = batch(&["-r", "us-east-1", &f, "-o", o, "--force"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), text);
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "a replaced file is private too");
    assert_eq!(files_in(dir.path()), ["smtp.csv"], "no temporary file left");

    let r = batch(&["-r", "us-east-1", &f, "-o", &f, "--force"]);
    fails(&r, 2, "is the input file");
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    v.sort();
    v
}

#[test]
fn batch_bad_rows_fail_the_run_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("smtp.csv");
    let o = out.to_str().unwrap();
    let f = fixture("short-row.csv");
    let r = batch(&["-r", "us-east-1", &f, "-o", o]);
    fails(
        &r,
        2,
        "short-row.csv, line 3: the row has 1 column(s), the header has at least 2",
    );
    assert!(r.stderr.contains("1 row(s) of"));
    assert!(r.stderr.contains("nothing was written"));
    assert!(
        files_in(dir.path()).is_empty(),
        "no output, no temporary file"
    );
    // Standard output too stays empty: every row is checked before the first is written.
    let r = batch(&["-r", "us-east-1", &f]);
    fails(&r, 2, "pass --keep-going to skip them");

    let f = fixture("user-without-key.csv");
    let r = batch(&["-r", "us-east-1", &f, "--keep-going"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("skipped: ")
            && r.stderr
                .contains("user-without-key.csv, line 3: user nokey has no access key"),
        "{}",
        r.stderr
    );
    assert_eq!(
        r.stdout,
        format!(
            "IAM User Name,Smtp Username,Smtp Password\nalice,AKIAIOSFODNN7EXAMPL1,{P1}\n\
             carol,AKIAIOSFODNN7EXAMPL3,{P3}\n"
        )
    );

    for (file, msg) in [
        (
            "missing-column.csv",
            "line 1: the header has no `Secret access key` column",
        ),
        ("no-header.csv", "line 1: this is not a header line"),
        ("header-only.csv", "holds no row that can be converted"),
    ] {
        let r = batch(&["-r", "us-east-1", &fixture(file), "--keep-going"]);
        fails(&r, 2, msg);
    }
    let r = batch(&["-r", "us-east-1", &fixture("empty-secret.csv")]);
    fails(
        &r,
        2,
        "empty-secret.csv, line 2: the secret access key is empty",
    );
    let r = batch(&["-r", "us-east-1", &fixture("nope.csv")]);
    fails(&r, 1, "nope.csv: cannot open the file: no such file");
    let r = batch(&["-r", "us-east-1", "/dev/null"]);
    fails(&r, 2, "not a regular file");
    let r = batch(&[&fixture("access-keys.csv")]);
    assert_eq!(r.code, 2, "a region is required");
}

// ---- a large batch: flat memory ---------------------------------------------------------------

/// Writes a new-user CSV of `rows` keys, secrets taken from the vectors in turn.
fn generate(path: &Path, rows: usize, vectors: &[(String, String, String)]) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(
        f,
        "User name,Password,Access key ID,Secret access key,Console login link"
    )
    .unwrap();
    for i in 0..rows {
        let secret = &vectors[i % vectors.len()].1;
        writeln!(f, "user{i},,AKIA{i:016},{secret},").unwrap();
    }
    f.flush().unwrap();
}

/// Set in the environment of [`measure_child_helper`] runs: the seskey arguments, `\x1f`-separated.
const MEASURE_VAR: &str = "SESKEY_TEST_MEASURE_ARGS";

/// Runs seskey to its end and returns its exit status and peak resident memory in KiB.
///
/// Linux keeps, in a process's `ru_maxrss`, the high-water mark of the memory it had before
/// `exec`, and std spawns with `CLONE_VM`: a child of this (large, multi-threaded) test process
/// would report this process's peak. So this test binary is run again, alone, as a small helper
/// ([`measure_child_helper`]), which spawns seskey and reports `wait4`'s rusage for it.
fn run_measured(args: &[&str]) -> (i32, i64) {
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "measure_child_helper",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(MEASURE_VAR, args.join("\x1f"))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    // libtest prints the helper's line after its own "test ... " prefix.
    let line = stdout
        .split_once("measured: ")
        .and_then(|(_, rest)| rest.lines().next())
        .unwrap_or_else(|| panic!("helper said: {stdout}"));
    let (code, peak) = line.trim().split_once(' ').unwrap();
    (code.parse().unwrap(), peak.parse().unwrap())
}

/// Not a test of its own: the helper process of [`run_measured`], which runs it by name.
#[test]
#[ignore = "a helper process, run by run_measured"]
fn measure_child_helper() {
    let Some(args) = std::env::var_os(MEASURE_VAR) else {
        return;
    };
    let args = args.into_string().unwrap();
    let child = Command::new(bin())
        .english()
        .args(args.split('\x1f'))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value to be overwritten.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our child, not yet waited for; the pointers are valid for the call.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(r, pid);
    std::mem::forget(child); // reaped above
    assert!(libc::WIFEXITED(status));
    println!(
        "measured: {} {}",
        libc::WEXITSTATUS(status),
        usage.ru_maxrss
    );
}

/// Peak memory allowed above the same binary converting one row: what the rows may add. 4 MiB
/// is far below the 15 MB the 200 000-row input takes, so reading the input (or collecting the
/// output) whole would fail. Relative, not absolute: the binary's own resident size (code pages,
/// relocations) grew with the AWS SDK (about 5 MiB to 16 MiB in a debug build) without a row
/// costing more.
const ROWS_BOUND_KIB: i64 = 4 * 1024;

#[test]
fn batch_of_200_000_rows_keeps_memory_flat() {
    // AWS keys only: batch refuses the vector file's non-standard (39-character) secret.
    let v: Vec<_> = vectors().into_iter().filter(|v| v.1.len() == 40).collect();
    let region = "us-east-1";
    let dir = tempfile::tempdir().unwrap();
    // `rows` generated rows through `batch -o`: the input and output paths and the peak RSS.
    let batch = |rows: usize| {
        let input = dir.path().join(format!("in-{rows}.csv"));
        let output = dir.path().join(format!("out-{rows}.csv"));
        generate(&input, rows, &v);
        let (code, peak) = run_measured(&[
            "batch",
            "-r",
            region,
            input.to_str().unwrap(),
            "-o",
            output.to_str().unwrap(),
        ]);
        assert_eq!(code, 0);
        (input, output, peak)
    };
    let (_, _, baseline) = batch(1);
    eprintln!("1 row: peak RSS {baseline} KiB (the baseline)");
    let mut peaks = Vec::new();
    for rows in [20_000usize, 200_000] {
        let (input, output, peak) = batch(rows);
        let input_size = std::fs::metadata(&input).unwrap().len();
        eprintln!("{rows} rows ({input_size} bytes): peak RSS {peak} KiB");
        assert!(
            peak < baseline + ROWS_BOUND_KIB,
            "{rows} rows: peak {peak} KiB, {} KiB over one row's",
            peak - baseline
        );
        peaks.push(peak);

        let mode = std::fs::metadata(&output).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let text = std::fs::read_to_string(&output).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), rows + 1);
        assert_eq!(lines[0], "IAM User Name,Smtp Username,Smtp Password");
        // A sample: every row whose vector is for this region, among a stride of the output,
        // must give that vector's password; every sampled row its own user and key ID.
        let mut checked = 0;
        for i in (0..rows).step_by(97).chain(rows - 200..rows) {
            let (vr, _, want) = &v[i % v.len()];
            let f: Vec<&str> = lines[i + 1].split(',').collect();
            assert_eq!(f[0], format!("user{i}"));
            assert_eq!(f[1], format!("AKIA{i:016}"));
            assert_eq!(f[2].len(), 44);
            if vr == region {
                assert_eq!(f[2], want, "row {i}");
                checked += 1;
            }
        }
        assert!(checked >= 10, "only {checked} rows checked against vectors");
        assert!(!text.contains(&v[0].1), "the output holds a secret");
    }
    // Ten times the rows, about the same peak: memory does not grow with the input.
    assert!(
        (peaks[1] - peaks[0]).abs() < 1024,
        "peak grew from {} KiB to {} KiB",
        peaks[0],
        peaks[1]
    );
}
