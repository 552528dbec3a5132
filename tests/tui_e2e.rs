//! The wizard end to end: the real binary in a real pseudo-terminal, read through a VT parser.
//!
//! Waits are for the screen to show something (with a generous deadline for failures), never
//! fixed sleeps. Set `SESKEY_WRITE_SCREENS=1` to refresh the captures in `assets/screens/`
//! that docs/wizard.md and docs/ko.md show.

use std::ops::{Deref, DerefMut};
use std::time::{Duration, Instant};

mod common;
use common::pty::{DEADLINE, Pty, seskey};
use common::vector;

const KEY_ID: &str = "AKIAIOSFODNN7EXAMPLE";

/// The wizard on a pseudo-terminal ([`Pty`]), with the checks only these tests need.
struct Session(Pty);

impl Deref for Session {
    type Target = Pty;
    fn deref(&self) -> &Pty {
        &self.0
    }
}

impl DerefMut for Session {
    fn deref_mut(&mut self) -> &mut Pty {
        &mut self.0
    }
}

impl Session {
    fn start() -> Self {
        Self::start_with(&[], &[])
    }

    /// The wizard with `args` and `env` (on top of a clean environment: no display, no region).
    fn start_with(args: &[&str], env: &[(&str, &str)]) -> Self {
        let mut cmd = seskey(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        Session(Pty::start(cmd))
    }

    /// The terminal state the program left: not in the alternate screen, cursor shown, and the
    /// terminal's settings exactly as before the start (echo, canonical input).
    fn assert_restored(&self) {
        let raw = self.raw();
        assert!(
            contains(&raw, "\x1b[?1049h"),
            "never entered the alternate screen"
        );
        assert!(
            contains(&raw, "\x1b[?2004h"),
            "never enabled bracketed paste"
        );
        assert!(!contains(&raw, "\x1b[6n"), "queried the cursor position");
        // After the restore sequences, at most the notice about the clipboard, on stderr.
        let tail = after_restore(&raw);
        assert!(
            tail.is_empty() || (tail.starts_with(b"seskey: ") && !tail.contains(&0x1b)),
            "the output does not end with the restore sequences: {:?}",
            String::from_utf8_lossy(&raw[raw.len().saturating_sub(120)..])
        );
        {
            let vt = self.vt();
            assert!(!vt.screen().alternate_screen());
            assert!(!vt.screen().hide_cursor());
            assert!(!vt.screen().bracketed_paste());
        }
        assert_eq!(self.stty_now(), self.stty_before);
    }
}

/// What the program wrote after restoring the terminal (the quit notice, if any).
fn after_restore(raw: &[u8]) -> &[u8] {
    const RESTORE: &[u8] = b"\x1b[?2004l\x1b[?25h\x1b[?1049l";
    let at = raw
        .windows(RESTORE.len())
        .rposition(|w| w == RESTORE)
        .expect("the restore sequences");
    &raw[at + RESTORE.len()..]
}

fn contains(hay: &[u8], needle: &str) -> bool {
    common::pty::contains(hay, needle.as_bytes())
}

fn save_screen(name: &str, screen: &str) {
    if std::env::var_os("SESKEY_WRITE_SCREENS").is_some() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/screens");
        std::fs::create_dir_all(dir).unwrap();
        let text: String = screen
            .lines()
            .map(|l| format!("{}\n", l.trim_end()))
            .collect();
        std::fs::write(format!("{dir}/{name}.txt"), text).unwrap();
    }
}

#[test]
fn whole_flow_reveals_the_right_password_and_leaks_nothing() {
    let (secret, password) = vector("eu-west-2");
    let mut s = Session::start();
    s.wait_text("Step 1 of 4");

    s.send(KEY_ID.as_bytes());
    let screen = s.wait_text("Looks like an IAM user's access key ID");
    save_screen("1-access-key-id", &screen);
    s.send(b"\r");
    s.wait_text("Step 2 of 4");

    s.send(format!("\x1b[200~{secret}\x1b[201~").as_bytes());
    let screen = s.wait_text("40 characters of the right alphabet");
    assert!(screen.contains(&"•".repeat(40)));
    save_screen("2-secret", &screen);
    s.send(b"\r");
    s.wait_text("Step 3 of 4");

    s.send(b"london");
    let screen = s.wait_text("1 match");
    assert!(screen.contains("eu-west-2"));
    save_screen("3-region", &screen);
    s.send(b"\r");
    let screen = s.wait_text("Step 4 of 4");
    assert!(screen.contains("email-smtp.eu-west-2.amazonaws.com"));
    assert!(screen.contains(KEY_ID));
    assert!(screen.contains(&"•".repeat(44)));
    save_screen("4-smtp-settings", &screen);

    s.send(b"?");
    let screen = s.wait_text("ses:SendRawEmail\"");
    save_screen("help", &screen);
    s.send(b"\x1b");
    s.wait_for("help closed", |sc| !sc.contains("Help ·"));

    // Everything written so far was written before the reveal.
    let before_reveal = s.raw();
    s.send(b"r");
    let screen = s.wait_text("r hides");
    let line = screen
        .lines()
        .find(|l| l.contains("Password"))
        .expect("a password line");
    let shown = line.split_whitespace().nth(1).unwrap();
    assert_eq!(shown, password, "the password on screen");

    s.send(b"q");
    assert_eq!(s.finish(), 0);
    let raw = s.raw();
    assert!(!contains(&raw, &secret), "the secret reached the terminal");
    assert!(
        !contains(&before_reveal, &password),
        "the password reached the terminal before it was revealed"
    );
    assert!(contains(&raw, &password));
    // The last frame before leaving is blank: the password is not what the screen last held.
    let last_pw = raw
        .windows(password.len())
        .rposition(|w| w == password.as_bytes())
        .unwrap();
    let tail = &raw[last_pw..];
    assert!(contains(tail, "\x1b[?1049l"));
    s.assert_restored();
}

/// The same flow with `LANG=ko_KR.UTF-8`: the wizard speaks Korean, the region is found by its
/// Korean name, the password is read from the Korean card, and the quit notice is Korean too.
#[test]
fn korean_whole_flow_reveals_the_right_password() {
    use unicode_width::UnicodeWidthStr;
    let (secret, password) = vector("ap-northeast-2");
    let mut s = Session::start_with(&[], &[("LANG", "ko_KR.UTF-8")]);
    s.wait_text("1/4단계 · 액세스 키 ID");

    s.send(KEY_ID.as_bytes());
    let screen = s.wait_text("IAM 사용자의 액세스 키 ID로 보입니다");
    assert!(screen.contains("AWS 비밀 액세스 키 → Amazon SES SMTP 비밀번호"));
    save_screen("ko-1-access-key-id", &screen);
    s.send(b"\r");
    s.wait_text("2/4단계 · 비밀 액세스 키");

    s.send(format!("\x1b[200~{secret}\x1b[201~").as_bytes());
    let screen = s.wait_text("올바른 문자로 된 40자입니다");
    assert!(screen.contains(&"•".repeat(40)));
    save_screen("ko-2-secret", &screen);
    s.send(b"\r");
    s.wait_text("3/4단계 · 리전");

    // Found by its Korean name (typed as UTF-8).
    s.send("서울".as_bytes());
    let screen = s.wait_text("1개 일치");
    assert!(
        screen.contains("ap-northeast-2  — 아시아 태평양(서울)"),
        "{screen}"
    );
    save_screen("ko-3-region", &screen);
    s.send(b"\r");
    let screen = s.wait_text("4/4단계 · SMTP 설정");
    assert!(screen.contains("email-smtp.ap-northeast-2.amazonaws.com"));
    assert!(screen.contains(&"•".repeat(44)));
    save_screen("ko-4-smtp-settings", &screen);

    s.send(b"?");
    let screen = s.wait_text("ses:SendRawEmail\"");
    assert!(screen.contains("IAM 사용자에게 필요한 정책"));
    save_screen("ko-help", &screen);
    s.send(b"\x1b");
    s.wait_for("help closed", |sc| !sc.contains("도움말 ·"));

    s.send(b"r");
    let screen = s.wait_text("r 숨기기");
    let line = screen
        .lines()
        .find(|l| l.split_whitespace().next() == Some("│비밀번호"))
        .expect("the password line");
    let shown = line.split_whitespace().nth(1).unwrap();
    assert_eq!(shown, password, "the password on screen");
    // The value column is aligned by display width: border + 13 columns of label.
    let at = line.find(shown).unwrap();
    assert_eq!(line[..at].width(), 14, "{line:?}");
    let user = screen.lines().find(|l| l.contains(KEY_ID)).unwrap();
    assert_eq!(user[..user.find(KEY_ID).unwrap()].width(), 14, "{user:?}");

    // No display here: the copy goes to the terminal with OSC 52, cleared on quit, and the
    // notice printed after the terminal is restored is Korean.
    s.send(b"c");
    // A request nobody can check, said as one.
    s.wait_text("터미널에 복사 요청함 · ");
    s.send(b"q");
    assert_eq!(s.finish(), 0);
    let raw = s.raw();
    assert!(!contains(&raw, &secret), "the secret reached the terminal");
    let notice = String::from_utf8_lossy(after_restore(&raw)).into_owned();
    assert!(
        notice.contains("터미널에 클립보드를 지우도록 요청했습니다"),
        "quit notice: {notice:?}"
    );
    s.assert_restored();
}

/// The password line of the card, revealed.
fn shown_password(screen: &str) -> String {
    let line = screen
        .lines()
        .find(|l| l.contains("Password"))
        .expect("a password line");
    line.split_whitespace().nth(1).unwrap().to_string()
}

#[test]
fn import_from_the_credentials_file_reveals_the_right_password() {
    // Profile "ses-smtp" of the fixture holds a us-east-1 vector's secret.
    let credentials = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/import/credentials");
    let secret = "vaHYdKJLMuOAyAlzvpVFcNabw1z9GvpGz36HE38X";
    let (vector_secret, password) = vector_with_secret(secret);
    assert_eq!(vector_secret, "us-east-1");
    // HOME is the fixture folder, so the path shows as `~/credentials` whatever the checkout's
    // path is, and the screen's line breaks do not move with it.
    let home = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/import");
    let mut s = Session::start_with(
        &[],
        &[("AWS_SHARED_CREDENTIALS_FILE", credentials), ("HOME", home)],
    );
    s.wait_text("Ctrl-O");
    s.send(b"\x0f");
    s.wait_text("6 profiles, 2 usable");
    s.send(b"\r");
    s.wait_text("ses-smtp");
    // A profile with temporary keys is greyed and refused with its reason.
    s.send(b"\x1b[B\x1b[B\r");
    s.wait_text("holds aws_session_token");
    s.send(b"\x1b[A\r");
    let screen = s.wait_text("Step 3 of 4");
    assert!(screen.contains("Key ID (imported)"), "{screen}");
    assert!(
        screen.contains("key imported from profile \"ses-smtp\" in"),
        "{screen}"
    );
    s.send(b"virginia");
    s.wait_text("1 match");
    s.send(b"\r");
    let screen = s.wait_text("Step 4 of 4");
    assert!(screen.contains("AKIAIOSFODNN7EXAMPL2"));
    s.send(b"r");
    let screen = s.wait_text("r hides");
    assert_eq!(shown_password(&screen), password, "the password on screen");
    s.send(b"q");
    assert_eq!(s.finish(), 0);
    let raw = s.raw();
    assert!(!contains(&raw, secret), "the secret reached the terminal");
    // Nor did any other secret of the file.
    for other in [
        "6OMByxuHdtM/Y9iuFPd011rVLqcY2DSXwwhncci8",
        "Hz/Hmh0Qp+FELS3NDIals+sTKtze5zBJ4U/JqIWI",
    ] {
        assert!(!contains(&raw, other));
    }
    s.assert_restored();
}

/// The region and password of the known-answer row holding `secret`.
fn vector_with_secret(secret: &str) -> (String, String) {
    let tsv = include_str!("data/smtp-password.tsv");
    tsv.lines()
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .find(|f| f.len() == 3 && f[1] == secret)
        .map(|f| (f[0].to_string(), f[2].to_string()))
        .expect("a vector with the secret")
}

#[test]
fn resize_to_too_small_and_back_then_sigterm() {
    let mut s = Session::start();
    s.wait_text("Step 1 of 4");
    s.resize(50, 12);
    s.wait_text("Make the window larger");
    s.resize(100, 30);
    s.wait_text("Step 1 of 4");
    let pid = s.pid();
    let pid = rustix::process::Pid::from_raw(pid as i32).unwrap();
    rustix::process::kill_process(pid, rustix::process::Signal::TERM).unwrap();
    assert_eq!(s.finish(), 128 + 15);
    s.assert_restored();
}

#[test]
fn ctrl_c_quits_from_a_text_field_and_new_conversion_wipes() {
    let (secret, _) = vector("us-east-1");
    let mut s = Session::start();
    s.wait_text("Step 1 of 4");
    s.send(b"\r");
    s.wait_text("Step 2 of 4");
    s.send(format!("\x1b[200~{secret}\x1b[201~").as_bytes());
    s.wait_text(&format!("{} characters, hidden", secret.len()));
    s.send(b"\r");
    s.wait_text("Step 3 of 4");
    // Enter takes only a region the user moved to: Down selects the first.
    s.send(b"\x1b[B\r");
    let screen = s.wait_text("Step 4 of 4");
    assert!(screen.contains("skipped"));
    // No display in the test environment: the copy goes to the terminal with OSC 52.
    s.send(b"c");
    s.wait_text("asked the terminal to copy the password with OSC 52");
    s.send(b"u");
    s.wait_text("no username to copy");
    // A new conversion clears the copied password at once, and says so.
    let before_new = s.raw().len();
    s.send(b"n");
    s.wait_text("Step 1 of 4");
    s.wait_text("asked the terminal to clear its clipboard");
    assert!(contains(&s.raw()[before_new..], OSC52_CLEAR));
    // Lone ESC on step 1 quits (after the short wait for a sequence).
    s.send(b"\x1b");
    assert_eq!(s.finish(), 0);
    assert!(!contains(&s.raw(), &secret));
    s.assert_restored();
}

/// The OSC 52 clear sequence (src/clipboard/osc52.rs).
const OSC52_CLEAR: &str = "\x1b]52;c;!\x07\x1b]52;c;\x07";

/// The OSC 52 sequence that sets the terminal's clipboard to `text`.
fn osc52_set(text: &str) -> String {
    use base64::Engine as _;
    format!(
        "\x1b]52;c;{}\x07",
        base64::engine::general_purpose::STANDARD.encode(text)
    )
}

/// Goes through steps 1 to 3 (`key_id` may be empty: skipped) and waits for the card.
fn to_card(s: &mut Session, key_id: &str, secret: &str, region: &str) -> String {
    s.wait_text("Step 1 of 4");
    s.send(key_id.as_bytes());
    s.send(b"\r");
    s.wait_text("Step 2 of 4");
    s.send(format!("\x1b[200~{secret}\x1b[201~").as_bytes());
    s.wait_text(&format!("{} characters, hidden", secret.len()));
    s.send(b"\r");
    s.wait_text("Step 3 of 4");
    s.send(region.as_bytes());
    s.wait_text(&format!("▶ {region} "));
    s.send(b"\r");
    s.wait_text("Step 4 of 4")
}

#[test]
fn headless_copy_sends_osc52_and_clears_it_on_quit() {
    let (secret, password) = vector("us-east-1");
    let mut s = Session::start();
    to_card(&mut s, KEY_ID, &secret, "us-east-1");
    let before = s.raw().len();
    s.send(b"c");
    // A request nobody can check, said as one (not "sent", not "copied").
    let screen = s.wait_text("asked the terminal to copy · clears in");
    assert!(
        screen.contains("asked the terminal to copy the password with OSC 52"),
        "{screen}"
    );
    save_screen("4-copied", &screen);
    let set = osc52_set(&password);
    let raw = s.raw();
    assert!(contains(&raw[before..], &set), "no OSC 52 set sequence");
    // The password itself never reached the terminal (only its base64, for the clipboard).
    assert!(!contains(&raw, &password));
    s.send(b"q");
    assert_eq!(s.finish(), 0);
    let raw = s.raw();
    let set_at = raw
        .windows(set.len())
        .position(|w| w == set.as_bytes())
        .unwrap();
    assert!(
        contains(&raw[set_at..], OSC52_CLEAR),
        "the clear sequence did not follow on quit"
    );
    let notice = String::from_utf8_lossy(after_restore(&raw)).into_owned();
    assert!(
        notice.contains("asked the terminal to clear its clipboard"),
        "quit notice: {notice:?}"
    );
    s.assert_restored();
}

#[test]
fn headless_copy_is_cleared_at_the_timeout_while_the_wizard_runs() {
    let (secret, password) = vector("us-east-1");
    let mut s = Session::start_with(&["--clear-after", "1"], &[]);
    to_card(&mut s, KEY_ID, &secret, "us-east-1");
    s.send(b"c");
    s.wait_text("asked the terminal to clear its clipboard");
    let raw = s.raw();
    let set = osc52_set(&password);
    let set_at = raw
        .windows(set.len())
        .position(|w| w == set.as_bytes())
        .unwrap();
    assert!(contains(&raw[set_at..], OSC52_CLEAR));
    s.send(b"q");
    assert_eq!(s.finish(), 0);
    // Nothing left to clear or to say on quit.
    assert!(after_restore(&s.raw()).is_empty());
    s.assert_restored();
}

#[test]
fn no_clipboard_turns_copying_off() {
    let (secret, password) = vector("us-east-1");
    let mut s = Session::start_with(&["--no-clipboard"], &[]);
    let screen = to_card(&mut s, KEY_ID, &secret, "us-east-1");
    assert!(screen.contains("copying off"), "{screen}");
    s.send(b"c");
    s.wait_text("copying is off (--no-clipboard): r reveals the password");
    s.send(b"q");
    assert_eq!(s.finish(), 0);
    assert!(!contains(&s.raw(), "\x1b]52;"));
    assert!(!contains(&s.raw(), &password));
    s.assert_restored();
}

/// The copy outlives the wizard on a real X server: the keeper serves it after quit, until the
/// timeout, and then clears it and leaves.
#[test]
fn x11_copy_outlives_the_wizard_until_the_timeout() {
    use common::x11::{RuntimeDir, Xvfb, alive, x_tools, xclip_out};
    if !x_tools() {
        return;
    }
    const CLEAR_AFTER: u64 = 10;
    let (secret, password) = vector("us-east-1");
    let x = Xvfb::start();
    let rt = RuntimeDir::new();
    let mut s = Session::start_with(
        &["--clear-after", &CLEAR_AFTER.to_string()],
        &[
            ("DISPLAY", &x.display),
            ("XDG_RUNTIME_DIR", rt.0.to_str().unwrap()),
        ],
    );
    to_card(&mut s, KEY_ID, &secret, "us-east-1");
    let pressed = Instant::now();
    s.send(b"c");
    let screen = s.wait_text("clipboard clears in");
    assert!(
        screen.contains(&format!("X11 display {}", x.display)),
        "{screen}"
    );
    s.send(b"q");
    assert_eq!(s.finish(), 0);
    let notice = String::from_utf8_lossy(after_restore(&s.raw())).into_owned();
    assert!(
        notice.contains("the clipboard will be cleared in"),
        "quit notice: {notice:?}"
    );
    s.assert_restored();
    // The wizard is gone; the keeper still serves the password.
    let keeper = rt.keeper_pid();
    let pasted = xclip_out(&x, None);
    assert!(
        pressed.elapsed() < Duration::from_secs(CLEAR_AFTER),
        "the machine took longer than the timeout to get here; nothing to conclude"
    );
    assert_eq!(pasted.as_deref(), Some(password.as_str()));
    // After the timeout it is gone, and so is the keeper.
    let deadline = Instant::now() + DEADLINE;
    while xclip_out(&x, None).is_some_and(|t| t == password) {
        assert!(Instant::now() < deadline, "the clipboard was never cleared");
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(pressed.elapsed() >= Duration::from_secs(CLEAR_AFTER) - Duration::from_millis(100));
    assert_eq!(xclip_out(&x, None), None);
    while alive(keeper) {
        assert!(Instant::now() < deadline, "the keeper did not exit");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The card's login test against the loopback SMTP server, pointed at it with `--endpoint` and
/// `--ca-file`.
fn login_test_session(name: &str) -> Option<(common::smtp::Server, Session)> {
    use common::smtp::{Server, pki, workdir};
    let dir = workdir(&format!("tui-{name}"));
    let (ca, cert, key) = pki(&dir, &["127.0.0.1"]);
    let server = Server::start(&dir, "starttls", Some((&cert, &key)))?;
    let s = Session::start_with(
        &[
            "--endpoint",
            &server.endpoint(),
            "--ca-file",
            ca.to_str().unwrap(),
        ],
        &[],
    );
    Some((server, s))
}

#[test]
fn login_test_accepted_with_the_right_key_pair() {
    let (region, secret, _) = common::smtp::accepted();
    let Some((server, mut s)) = login_test_session("accepted") else {
        return;
    };
    to_card(&mut s, common::smtp::USER, &secret, &region);
    s.send(b"t");
    let screen = s.wait_text("accepted: these credentials work");
    assert!(
        screen.contains(&format!("login accepted by {}", server.endpoint())),
        "{screen}"
    );
    save_screen("4-login-accepted", &screen);
    s.send(b"q");
    assert_eq!(s.finish(), 0);
    s.assert_restored();
    let log = server.log();
    assert!(
        log.contains(&format!("AUTH-OK {}", common::smtp::USER)),
        "{log:?}"
    );
    server.assert_no_mail();
}

#[test]
fn login_test_refused_with_a_wrong_secret_after_asking_for_the_key_id() {
    let (region, good, _) = common::smtp::accepted();
    let (_, wrong, _) = common::vectors().into_iter().find(|v| v.1 != good).unwrap();
    let Some((server, mut s)) = login_test_session("refused") else {
        return;
    };
    // Step 1 skipped: t asks for the key ID on the card first.
    to_card(&mut s, "", &wrong, &region);
    s.send(b"t");
    s.wait_text("type the username above");
    s.send(b"ASIAIOSFODNN7EXAMPLE\r");
    s.wait_text("temporary");
    s.send(b"\x15");
    s.send(common::smtp::USER.as_bytes());
    s.send(b"\r");
    let screen = s.wait_text("refused by the server");
    assert!(screen.contains("login refused by"), "{screen}");
    assert!(screen.contains(&format!("Username     {}", common::smtp::USER)));
    s.send(b"q");
    assert_eq!(s.finish(), 0);
    s.assert_restored();
    let log = server.log();
    assert!(
        log.contains(&format!("AUTH-FAIL {}", common::smtp::USER)),
        "{log:?}"
    );
    assert!(server.saw_auth());
    server.assert_no_mail();
}

/// The docs' screen captures (docs/wizard.md in English, docs/ko.md in Korean) are copies of
/// `assets/screens/*.txt` (the files this test refreshes): each ```text block that shows the
/// wizard equals one of them (loopback ports aside).
#[test]
fn doc_captures_are_copies_of_the_screen_files() {
    fn ports(text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(at) = rest.find("127.0.0.1:") {
            let (head, tail) = rest.split_at(at + "127.0.0.1:".len());
            out.push_str(head);
            out.push_str("PORT");
            rest = tail.trim_start_matches(|c: char| c.is_ascii_digit());
        }
        out.push_str(rest);
        out
    }
    let root = env!("CARGO_MANIFEST_DIR");
    let files: Vec<(String, String)> = std::fs::read_dir(format!("{root}/assets/screens"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            let text = ports(&std::fs::read_to_string(&p).unwrap());
            (p.display().to_string(), text)
        })
        .collect();
    // Each page and the fewest captures it shows: the wizard page shows steps 1 to 4, the copy,
    // the login verdict and the help; the Korean guide steps 1 and 4.
    for (page, least) in [("docs/wizard.md", 7), ("docs/ko.md", 2)] {
        let text = std::fs::read_to_string(format!("{root}/{page}")).unwrap();
        let mut shown = 0;
        for block in text.split("```text\n").skip(1) {
            let block = block.split("```").next().unwrap();
            if !block.starts_with(" seskey  ") {
                continue;
            }
            shown += 1;
            let block = ports(block);
            assert!(
                files.iter().any(|(_, text)| *text == block),
                "a capture in {page} matches no file of assets/screens (run \
                 SESKEY_WRITE_SCREENS=1 cargo test --test tui_e2e and copy the file into \
                 {page}):\n{block}"
            );
        }
        assert!(shown >= least, "only {shown} captures found in {page}");
    }
}

/// The `c_lflag` field of `stty -g` (hex), to read ECHO and ICANON from.
fn lflag(s: &Pty) -> u32 {
    let g = s.stty_now();
    u32::from_str_radix(g.split(':').nth(3).expect("stty -g fields"), 16).unwrap()
}

/// Echo and canonical input on: the terminal as a shell wants it.
fn cooked(s: &Pty) -> bool {
    let l = lflag(s);
    l & libc::ECHO != 0 && l & libc::ICANON != 0
}

/// Echo and canonical input off: the wizard's raw mode.
fn raw_mode(s: &Pty) -> bool {
    lflag(s) & (libc::ECHO | libc::ICANON) == 0
}

#[test]
fn ctrl_z_suspends_to_the_shell_and_fg_comes_back_raw_and_redrawn() {
    common::require_tool("bash");
    let mut cmd = portable_pty::CommandBuilder::new("bash");
    cmd.args(["--norc", "--noprofile", "-i"]);
    common::pty::tidy(&mut cmd);
    cmd.env("PS1", "$ ");
    cmd.env("HISTFILE", "/dev/null");
    let mut s = Pty::start(cmd);
    s.wait_text("$ ");
    s.send(format!("'{}'\r", common::bin().display()).as_bytes());
    s.wait_text("Step 1 of 4");
    s.send(b"\r");
    s.wait_text("Step 2 of 4");
    assert!(raw_mode(&s));

    s.send(b"\x1a");
    s.wait_text("Stopped");
    assert!(!s.vt().screen().alternate_screen());
    assert!(!s.vt().screen().hide_cursor());
    // What the shell's commands get: the terminal as the wizard found it (readline's own mode at
    // the prompt says nothing, so ask `stty` as a command).
    s.send(b"stty -a; echo STTY-\"\"DONE\r");
    let screen = s.wait_text("STTY-DONE");
    let words: Vec<&str> = screen.split([' ', ';', '\n']).collect();
    assert!(
        words.contains(&"echo") && words.contains(&"icanon"),
        "echo or icanon off after Ctrl-Z:\n{screen}"
    );
    s.send(b"printf '\\033[2J\\033[H'\r");
    s.wait_for("a cleared screen", |sc| !sc.contains("STTY-DONE"));

    s.send(b"fg\r");
    // Redrawn in full on the alternate screen, raw again.
    s.wait_for("the wizard again", |sc| {
        sc.contains("Step 2 of 4") && s.vt().screen().alternate_screen()
    });
    assert!(raw_mode(&s), "not raw after fg");
    assert!(s.vt().screen().bracketed_paste());
    s.send(b"wJalrXUtnFEMI");
    let screen = s.wait_text("13 characters, hidden");
    assert!(
        !screen.contains("wJalr") && !screen.contains("XUtn"),
        "{screen}"
    );

    s.send(b"\x03");
    s.wait_for("the shell's prompt", |sc| sc.trim_end().ends_with('$'));
    assert!(!contains(&s.raw(), "wJalr"));
    s.send(b"exit\r");
    s.finish();
}

#[test]
fn an_external_sigtstp_restores_the_terminal_and_sigcont_redraws() {
    let mut s = Session::start();
    s.wait_text("Step 1 of 4");
    s.send(KEY_ID.as_bytes());
    s.wait_text("Looks like an IAM user's access key ID");
    s.kill(rustix::process::Signal::TSTP);
    s.wait_for("the terminal restored", |_| {
        !s.vt().screen().alternate_screen() && cooked(&s)
    });
    // No shell here to continue it: SIGCONT by hand, as `fg` would send.
    s.kill(rustix::process::Signal::CONT);
    s.wait_for("the wizard again", |sc| {
        sc.contains("Step 1 of 4") && sc.contains(KEY_ID) && s.vt().screen().alternate_screen()
    });
    assert!(raw_mode(&s));
    s.send(b"\x03");
    assert_eq!(s.finish(), 0);
    s.assert_restored();
}

#[test]
fn a_secret_typed_key_by_key_on_step_three_shows_nothing_and_picks_nothing() {
    let (secret, _) = vector("us-east-1");
    let mut s = Session::start();
    s.wait_text("Step 1 of 4");
    s.send(b"\r");
    s.wait_text("Step 2 of 4");
    s.send(format!("\x1b[200~{secret}\x1b[201~").as_bytes());
    s.wait_text("40 characters, hidden");
    s.send(b"\r");
    s.wait_text("Step 3 of 4");
    // Key by key, as a terminal without bracketed paste (or a person) delivers it.
    for c in secret.bytes() {
        s.send(&[c]);
    }
    s.wait_text("that looks like a key, not a region");
    s.send(b"\r");
    let screen = s.wait_text("29 matches: pick one with ↑↓ or type more");
    assert!(screen.contains("Step 3 of 4"), "{screen}");
    let chars: Vec<char> = secret.chars().collect();
    for w in chars.windows(4) {
        let piece: String = w.iter().collect();
        assert!(
            !screen.contains(&piece),
            "{piece:?} of the secret on screen:\n{screen}"
        );
    }
    assert!(
        !screen.contains("email-smtp"),
        "a region was picked:\n{screen}"
    );
    s.send(b"\x03");
    assert_eq!(s.finish(), 0);
    s.assert_restored();
}
