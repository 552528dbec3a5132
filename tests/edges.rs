//! The command line where operators and attackers go wrong (issue 13): endless input, special
//! files, interrupted batches, secrets in the wrong argument, text that a terminal or a
//! spreadsheet would act on, ambiguous files, outputs that cannot be written. The real binary,
//! real pipes, FIFOs and signals. Waits have a generous deadline that only a hang reaches.

use std::io::Write as _;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::{EnglishLocale as _, bin};

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const KEY_ID: &str = "AKIAIOSFODNN7EXAMPLE";
/// Any 16 characters of the secret: none may reach a message.
const PIECE: &str = "K7MDENG/bPxRfiCY";
/// Long enough for a debug build under load; a hang (the old behaviour) never ends.
const DEADLINE: Duration = Duration::from_secs(120);

fn seskey() -> Command {
    let mut c = Command::new(bin());
    c.english();
    for k in [
        "AWS_SECRET_ACCESS_KEY",
        "AWS_ACCESS_KEY_ID",
        "AWS_SHARED_CREDENTIALS_FILE",
        "SESKEY_CLEAR_AFTER",
    ] {
        c.env_remove(k);
    }
    c.env("HOME", "/nonexistent/seskey-test-home");
    c
}

/// Waits for `child` to exit, killing it and failing after [`DEADLINE`]. Its output pipes are
/// drained meanwhile, so that a long message cannot block it.
fn wait(mut child: Child, what: &str) -> Output {
    fn drain(r: Option<impl std::io::Read + Send + 'static>) -> std::thread::JoinHandle<Vec<u8>> {
        std::thread::spawn(move || {
            let mut v = Vec::new();
            if let Some(mut r) = r {
                let _ = r.read_to_end(&mut v);
            }
            v
        })
    }
    let (out, err) = (drain(child.stdout.take()), drain(child.stderr.take()));
    let start = Instant::now();
    let status = loop {
        if let Some(st) = child.try_wait().unwrap() {
            break st;
        }
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: still running after {DEADLINE:?} (a hang)");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn finish(out: Output) -> Run {
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Starts `cmd` with `stdin` and `stdout`, its standard error piped.
fn start(mut cmd: Command, stdin: impl Into<Stdio>, stdout: impl Into<Stdio>) -> Child {
    cmd.stdin(stdin)
        .stdout(stdout)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Runs `cmd` with `stdin`, stdout and stderr captured, within the deadline.
fn run_cmd(cmd: Command, stdin: Stdio, what: &str) -> Run {
    finish(wait(start(cmd, stdin, Stdio::piped()), what))
}

/// Runs `cmd` with `stdin` written to its standard input, within the deadline.
fn feed(cmd: Command, stdin: &str, what: &str) -> Run {
    let mut child = start(cmd, Stdio::piped(), Stdio::piped());
    let mut w = child.stdin.take().unwrap();
    // seskey may exit on a usage error before it reads its input.
    let _ = w.write_all(stdin.as_bytes());
    drop(w);
    finish(wait(child, what))
}

fn run(args: &[&str], stdin: &str) -> Run {
    let mut cmd = seskey();
    cmd.args(args);
    feed(cmd, stdin, &format!("{args:?}"))
}

/// `seskey batch -r <region> <csv>` and `extra`, with empty standard input.
fn batch(region: &str, csv: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["batch", "-r", region, csv.to_str().unwrap()];
    args.extend_from_slice(extra);
    run(&args, "")
}

/// `seskey derive -r us-east-1 --from-csv <csv>`, with empty standard input.
fn from_csv(csv: &Path) -> Run {
    run(
        &[
            "derive",
            "-r",
            "us-east-1",
            "--from-csv",
            csv.to_str().unwrap(),
        ],
        "",
    )
}

/// `seskey derive -r us-east-1 --profile <name>`, its credentials file `creds`.
fn profile(creds: &Path, name: &str) -> Run {
    let mut cmd = seskey();
    cmd.args(["derive", "-r", "us-east-1", "--profile", name])
        .env("AWS_SHARED_CREDENTIALS_FILE", creds);
    run_cmd(cmd, Stdio::null(), &format!("--profile {name}"))
}

fn no_secret(r: &Run, what: &str) {
    for s in [&r.stdout, &r.stderr] {
        assert!(!s.contains(PIECE), "{what}: the secret shows:\n{s}");
    }
}

/// Asserts that `r` (the run of `what`) is a usage error, exit 2, whose message says `says`.
#[track_caller]
fn refused(r: &Run, what: &str, says: &str) {
    assert_eq!(r.code, 2, "{what}: {}", r.stderr);
    assert!(
        r.stderr.contains(says),
        "{what}: {says:?} not in the message:\n{}",
        r.stderr
    );
}

fn mkfifo(path: &Path) {
    use rustix::fs::Mode;
    rustix::fs::mkfifoat(rustix::fs::CWD, path, Mode::RUSR | Mode::WUSR).unwrap();
}

/// A batch file at `path`: a row per user name in `names`, each with the test key pair.
fn users_csv<S: std::fmt::Display>(path: &Path, names: impl IntoIterator<Item = S>) {
    let mut text = String::from("User name,Access key ID,Secret access key\n");
    for n in names {
        text.push_str(&format!("\"{n}\",{KEY_ID},{SECRET}\n"));
    }
    std::fs::write(path, text).unwrap();
}

/// A fresh directory and the path of `name` in it; the directory goes when the guard drops.
fn scratch(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    (dir, path)
}

fn keys_csv(dir: &Path) -> PathBuf {
    let p = dir.join("keys.csv");
    std::fs::write(
        &p,
        format!("Access key ID,Secret access key\n{KEY_ID},{SECRET}\n"),
    )
    .unwrap();
    p
}

// ---- 5: --force replaces only a regular file ---------------------------------------------------

#[test]
fn force_replaces_only_a_regular_file() {
    let dir = tempfile::tempdir().unwrap();
    let input = keys_csv(dir.path());
    let fifo = dir.path().join("fifo");
    mkfifo(&fifo);
    let link = dir.path().join("stdout-link");
    symlink("/proc/self/fd/1", &link).unwrap();
    let target = dir.path().join("target.csv");
    std::fs::write(&target, "mine\n").unwrap();
    let link_to_file = dir.path().join("link.csv");
    symlink(&target, &link_to_file).unwrap();
    let mut specials = vec![fifo, link, link_to_file];
    // A device node like /dev/null (root may make one; elsewhere the other cases stand).
    let dev = dir.path().join("null");
    if rustix::fs::mknodat(
        rustix::fs::CWD,
        &dev,
        rustix::fs::FileType::CharacterDevice,
        rustix::fs::Mode::RUSR | rustix::fs::Mode::WUSR,
        rustix::fs::makedev(1, 3),
    )
    .is_ok()
    {
        specials.push(dev);
    }
    for out in &specials {
        let before = std::fs::symlink_metadata(out).unwrap().file_type();
        let r = batch(
            "us-east-1",
            &input,
            &["-o", out.to_str().unwrap(), "--force"],
        );
        refused(&r, &out.display().to_string(), "is not a regular file");
        assert!(r.stderr.contains("-o -"), "{}", r.stderr);
        let after = std::fs::symlink_metadata(out).unwrap().file_type();
        assert_eq!(before, after, "{} was replaced", out.display());
        assert!(!r.stdout.contains("Smtp Password"));
    }
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "mine\n");
    // A regular file is still replaced.
    let r = batch(
        "us-east-1",
        &input,
        &["-o", target.to_str().unwrap(), "--force"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(std::fs::read_to_string(&target).unwrap().contains(KEY_ID));
}

// ---- 6: an interrupted batch leaves no temporary file ------------------------------------------

fn tmp_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with(".seskey-") && n.ends_with(".tmp"))
        .collect()
}

#[test]
fn each_terminating_signal_during_a_batch_removes_the_temporary_file() {
    use rustix::process::{Pid, Signal, kill_process};
    let (dir, input) = scratch("many.csv");
    users_csv(&input, (0..20_000).map(|i| format!("u{i}")));
    let output = dir.path().join("out.csv");
    for sig in [Signal::INT, Signal::TERM, Signal::HUP, Signal::QUIT] {
        std::fs::write(&output, "old\n").unwrap();
        let mut cmd = seskey();
        cmd.args(["batch", "--all-regions", input.to_str().unwrap(), "-o"])
            .arg(&output)
            .arg("--force");
        let mut child = start(cmd, Stdio::null(), Stdio::null());
        let pid = Pid::from_raw(child.id() as i32).unwrap();
        // Caught in the act: the temporary file exists, and the process is stopped so that it
        // cannot finish before the signal lands.
        let start = Instant::now();
        loop {
            assert!(
                child.try_wait().unwrap().is_none(),
                "the batch finished before its temporary file was seen; give it more rows"
            );
            assert!(start.elapsed() < DEADLINE, "no temporary file appeared");
            if !tmp_files(dir.path()).is_empty() {
                kill_process(pid, Signal::STOP).unwrap();
                if !tmp_files(dir.path()).is_empty() {
                    break;
                }
                kill_process(pid, Signal::CONT).unwrap();
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        kill_process(pid, sig).unwrap();
        kill_process(pid, Signal::CONT).unwrap();
        let out = wait(child, "the interrupted batch");
        assert!(!out.status.success(), "{sig:?}");
        assert_eq!(out.status.code(), Some(128 + sig.as_raw()), "{sig:?}");
        assert_eq!(tmp_files(dir.path()), Vec::<String>::new(), "{sig:?}");
        assert_eq!(std::fs::read_to_string(&output).unwrap(), "old\n");
    }
}

// ---- 7 and 13: endless and page-sized standard input -------------------------------------------

#[test]
fn endless_standard_input_is_refused_at_once() {
    for dev in ["/dev/zero", "/dev/urandom"] {
        for args in [
            &["derive", "-r", "us-east-1"][..],
            &[
                "check",
                "-r",
                "us-east-1",
                "--access-key-id",
                KEY_ID,
                "--endpoint",
                "127.0.0.1:9",
            ],
        ] {
            let mut cmd = seskey();
            cmd.args(args);
            let r = run_cmd(cmd, std::fs::File::open(dev).unwrap().into(), dev);
            refused(&r, &format!("{args:?} < {dev}"), "over 4096 bytes");
        }
    }
    // `yes | seskey derive`: a writer that never stops.
    let mut yes = Command::new("yes").stdout(Stdio::piped()).spawn().unwrap();
    let mut cmd = seskey();
    cmd.args(["derive", "-r", "us-east-1"]);
    let r = run_cmd(cmd, yes.stdout.take().unwrap().into(), "yes |");
    let _ = yes.kill();
    let _ = yes.wait();
    assert_eq!(r.code, 2, "{}", r.stderr);
}

#[test]
fn exactly_a_page_of_input_is_not_called_over_a_page() {
    let r = run(&["derive", "-r", "us-east-1"], &"a".repeat(4096));
    assert!(!r.stderr.contains("over 4096"), "{}", r.stderr);
    let r = run(&["derive", "-r", "us-east-1"], &"a".repeat(4097));
    assert!(r.stderr.contains("over 4096 bytes"), "{}", r.stderr);
}

// ---- 8: the secret in the wrong argument ------------------------------------------------------

#[test]
fn a_secret_in_any_argument_or_value_is_redacted() {
    let dir = tempfile::tempdir().unwrap();
    let input = keys_csv(dir.path());
    let input = input.to_str().unwrap();
    let sp = format!("{SECRET} ");
    let nl = format!("{SECRET}\n");
    let tab = format!("{SECRET}\t");
    let lang = format!("--lang={SECRET} ");
    let region = format!("--region={SECRET} x");
    let out = format!("/nonexistent/{SECRET}");
    let endpoint = format!("{SECRET}:x");
    let cases: Vec<Vec<&str>> = vec![
        vec!["derive", "-r", "us-east-1", &sp],
        vec!["derive", "-r", "us-east-1", &nl],
        vec!["derive", "-r", "us-east-1", &lang],
        vec!["derive", "-r", "us-east-1", "--format", &tab],
        vec!["derive", &region],
        vec!["derive", "-r", "us-east-1", "--profile", SECRET],
        vec!["derive", "-r", "us-east-1", "--from-csv", SECRET],
        vec!["batch", "-r", "us-east-1", SECRET],
        vec!["batch", "-r", "us-east-1", input, "-o", &out],
        vec![
            "check",
            "-r",
            "us-east-1",
            "--access-key-id",
            KEY_ID,
            "--endpoint",
            &endpoint,
        ],
        vec![
            "check",
            "-r",
            "us-east-1",
            "--access-key-id",
            KEY_ID,
            "--ca-file",
            SECRET,
        ],
    ];
    // A credentials file, so that --profile gets as far as naming the profile.
    std::fs::create_dir(dir.path().join(".aws")).unwrap();
    std::fs::write(dir.path().join(".aws/credentials"), "[default]\n").unwrap();
    for args in &cases {
        let mut cmd = seskey();
        cmd.args(args).env("HOME", dir.path());
        let r = feed(
            cmd,
            "BCKR7SzjIg7slosnMG/fJ6Fn9/y5GcVG61DJB4CoNsEo\n",
            "redaction",
        );
        assert_ne!(r.code, 0, "{args:?}");
        no_secret(&r, &format!("{args:?}"));
        assert!(r.stderr.contains("[redacted]"), "{args:?}: {}", r.stderr);
    }
    // From the environment, which clap quotes but argv does not hold.
    let mut cmd = seskey();
    cmd.args(["derive", "-r", "us-east-1"])
        .env("SESKEY_CLEAR_AFTER", SECRET);
    let r = run_cmd(cmd, Stdio::null(), "SESKEY_CLEAR_AFTER");
    assert_eq!(r.code, 2);
    no_secret(&r, "SESKEY_CLEAR_AFTER");
    // From a file: a user-name field that holds the secret.
    let csv = dir.path().join("users.csv");
    std::fs::write(
        &csv,
        format!(
            "User name,Access key ID,Secret access key\n{SECRET},,\n{SECRET},{KEY_ID},{SECRET}\n"
        ),
    )
    .unwrap();
    let r = batch("us-east-1", &csv, &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    no_secret(&r, "user name field");
    let r = from_csv(&csv);
    no_secret(&r, "--from-csv row list");
}

// ---- 10: spreadsheets and terminals ----------------------------------------------------------

#[test]
fn user_names_cannot_run_as_formulas_or_drive_the_terminal() {
    let (dir, csv) = scratch("users.csv");
    let names = [
        "=1+1",
        "+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(1+1)",
        "\tx",
        "plain",
    ];
    users_csv(&csv, names);
    let r = batch("us-east-1", &csv, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The first field of each row (the names hold no comma or double quote of their own).
    let got: Vec<String> = r
        .stdout
        .lines()
        .skip(1)
        .map(|l| {
            let user = l.split_once(&format!(",{KEY_ID},")).unwrap().0;
            user.trim_matches('"').to_string()
        })
        .collect();
    assert_eq!(
        got,
        // A leading tab is trimmed like other surrounding white space.
        [
            "'=1+1",
            "'+cmd|' /C calc'!A0",
            "'-2+3",
            "'@SUM(1+1)",
            "x",
            "plain"
        ]
    );

    // Escape sequences in user names (the --from-csv row list, batch messages) and in profile
    // names are shown, not sent to the terminal.
    let evil = "\x1b]2;PWNED\x07\x1b[2J";
    std::fs::write(
        &csv,
        format!(
            "User name,Access key ID,Secret access key\n\"{evil}\",{KEY_ID},{SECRET}\n\
             \"{evil}\",{KEY_ID},{SECRET}\n\"{evil}\",,\n"
        ),
    )
    .unwrap();
    let r = from_csv(&csv);
    refused(&r, "--from-csv with escapes", "\\u{1b}]2;PWNED");
    let r2 = batch("us-east-1", &csv, &[]);
    let creds = dir.path().join("credentials");
    std::fs::write(
        &creds,
        format!("[{evil}]\naws_secret_access_key={SECRET}\n"),
    )
    .unwrap();
    let r3 = profile(&creds, "nope");
    assert!(
        r3.stderr.contains("its profiles are: \\u{1b}"),
        "{}",
        r3.stderr
    );
    for r in [&r, &r2, &r3] {
        assert!(
            !r.stderr.contains('\x1b') && !r.stderr.contains('\x07'),
            "{:?}",
            r.stderr
        );
    }
}

#[test]
fn user_names_with_control_characters_are_refused_by_batch() {
    // A title-setting OSC, a C1 CSI, DEL and a bidi override: none may reach stdout or -o.
    let (dir, csv) = scratch("inj.csv");
    let evil = ["\x1b]0;X\x07n", "a\u{9b}2Jb", "d\u{7f}el", "r\u{202e}lo"];
    users_csv(&csv, evil.iter().chain(&["good"]));
    let out = dir.path().join("out.csv");
    let clean = |r: &Run| {
        for s in [&r.stdout, &r.stderr] {
            for c in ['\x1b', '\x07', '\u{9b}', '\u{7f}', '\u{202e}'] {
                assert!(!s.contains(c), "{c:?} in {s:?}");
            }
        }
    };
    // Refused, each row named by its line; nothing written.
    for extra in [&[][..], &["-o", out.to_str().unwrap()]] {
        let r = batch("eu-west-1", &csv, extra);
        assert_eq!(r.code, 2, "{extra:?}: {}", r.stderr);
        clean(&r);
        assert!(r.stdout.is_empty(), "{}", r.stdout);
        for line in 2..=5 {
            assert!(
                r.stderr.contains(&format!(
                    "inj.csv, line {line}: the user name holds control characters"
                )),
                "{}",
                r.stderr
            );
        }
        assert!(!out.exists());
    }
    // --keep-going converts only the clean row, to stdout and to a file.
    let r = batch("eu-west-1", &csv, &["--keep-going"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    clean(&r);
    assert_eq!(r.stdout.lines().count(), 2, "{}", r.stdout);
    assert!(
        r.stdout.lines().nth(1).unwrap().starts_with("good,"),
        "{}",
        r.stdout
    );
    let r = batch(
        "eu-west-1",
        &csv,
        &["--keep-going", "-o", out.to_str().unwrap()],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let written = std::fs::read_to_string(&out).unwrap();
    assert_eq!(written.lines().count(), 2, "{written}");
    assert!(
        written.lines().nth(1).unwrap().starts_with("good,"),
        "{written}"
    );
}

// ---- 11: ambiguity --------------------------------------------------------------------------

#[test]
fn ambiguous_or_old_style_key_files_are_refused_and_a_bom_is_read() {
    let (dir, csv) = scratch("two.csv");
    std::fs::write(
        &csv,
        format!("Access key ID,Secret access key,Secret access key\n{KEY_ID},{SECRET},x\n"),
    )
    .unwrap();
    for (what, r) in [
        ("derive --from-csv", from_csv(&csv)),
        ("batch", batch("us-east-1", &csv, &[])),
    ] {
        refused(&r, what, "two `Secret access key` columns");
    }
    let creds = dir.path().join("credentials");
    std::fs::write(
        &creds,
        format!(
            "\u{feff}[default]\naws_access_key_id={KEY_ID}\naws_secret_access_key={SECRET}\n\
             [old]\naws_secret_access_key={SECRET}\naws_security_token=FQoDYXdz\n"
        ),
    )
    .unwrap();
    let r = profile(&creds, "default");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = profile(&creds, "old");
    refused(&r, "profile old", "aws_security_token");
}

// ---- 12: FIFOs with no writer ----------------------------------------------------------------

#[test]
fn a_fifo_with_no_writer_is_refused_not_waited_on() {
    let (_dir, fifo) = scratch("keys.csv");
    mkfifo(&fifo);
    for (what, r) in [
        ("batch", batch("us-east-1", &fifo, &[])),
        ("derive --from-csv", from_csv(&fifo)),
    ] {
        refused(&r, what, "not a regular file");
    }
    let r = profile(&fifo, "default");
    refused(&r, "AWS_SHARED_CREDENTIALS_FILE", "not a regular file");
}

// ---- 9 and 13: large inputs, full outputs, wide headers ---------------------------------------

#[test]
fn a_credentials_file_of_700_000_profiles_is_read_in_linear_time() {
    let (_dir, creds) = scratch("credentials");
    let mut text = String::with_capacity(7_000_000);
    for i in 0..700_000 {
        text.push_str(&format!("[p{i}]\n"));
    }
    std::fs::write(&creds, text).unwrap();
    // Quadratic, this took 624 s in a release build; linear, well under a second.
    let r = profile(&creds, "nope");
    refused(&r, "700 000 profiles", "… and 699980 more");
    assert!(r.stderr.len() < 1000);
}

#[test]
fn output_to_a_full_disk_fails_with_a_message() {
    for args in [
        &["completions", "bash"][..],
        &["--help"],
        &["derive", "--help"],
        &["--version"],
    ] {
        let mut cmd = seskey();
        cmd.args(args);
        let r = run_cmd_out(cmd, "/dev/full");
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("No space left on device"), "{}", r.stderr);
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    }
}

fn run_cmd_out(cmd: Command, out: &str) -> Run {
    let out = std::fs::OpenOptions::new().write(true).open(out).unwrap();
    finish(wait(start(cmd, Stdio::null(), out), "write to a full disk"))
}

#[test]
fn a_csv_of_many_rows_lists_a_few_and_a_wide_header_is_read() {
    let (_dir, csv) = scratch("many.csv");
    let mut text = String::from("Access key ID,Secret access key\n");
    for _ in 0..200_000 {
        text.push_str(&format!("{KEY_ID},{SECRET}\n"));
    }
    std::fs::write(&csv, text).unwrap();
    let r = from_csv(&csv);
    refused(&r, "200 000 rows", "holds 200000 key rows");
    assert!(
        r.stderr.contains("… and 199980 more row(s)"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.len() < 5_000, "{} bytes", r.stderr.len());

    let mut header: Vec<String> = (0..70).map(|i| format!("Column {i}")).collect();
    header.insert(3, "Access key ID".into());
    header.insert(40, "Secret access key".into());
    let mut row = vec![String::from("x"); 72];
    row[3] = KEY_ID.into();
    row[40] = SECRET.into();
    std::fs::write(&csv, format!("{}\n{}\n", header.join(","), row.join(","))).unwrap();
    let r = from_csv(&csv);
    assert_eq!(r.code, 0, "{}", r.stderr);
}
