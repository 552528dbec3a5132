//! The wizard's real memory (issue 4): after the whole flow (paste, region, reveal, copy) a core
//! image taken by gdb when the process calls `exit_group`, and one taken while it runs after
//! "new conversion", hold no copy of the secret, of `"AWS4" + secret`, of the password, or of the
//! password's base64 (the OSC 52 payload).

use base64::Engine;

mod common;
use common::gdb::{arm_gcore, core_path, count, gcore_now, take_core};
use common::pty::{Pty, contains, seskey};
use common::vector;

const KEY_ID: &str = "AKIAIOSFODNN7EXAMPLE";

/// Asserts `image` is a real image of the wizard and holds none of the secrets.
fn assert_clean(image: &[u8], secret: &str, password: &str) {
    // The image is real: it holds the environment the wizard was started with.
    assert!(
        count(image, b"TERM=xterm-256color") > 0,
        "the image holds no environment"
    );
    assert_eq!(count(image, secret.as_bytes()), 0, "secret in memory");
    let aws4 = format!("AWS4{secret}");
    assert_eq!(count(image, aws4.as_bytes()), 0, "AWS4+secret in memory");
    assert_eq!(count(image, password.as_bytes()), 0, "password in memory");
    let b64 = base64::engine::general_purpose::STANDARD.encode(password);
    assert_eq!(count(image, b64.as_bytes()), 0, "OSC 52 payload in memory");
}

/// From step 1 to the revealed card: key ID (typed or skipped), pasted secret (shown with Ctrl-R
/// when `show_secret`), region (`filter` typed, or the preselected one). Returns the password the
/// card shows.
fn to_revealed_card(
    s: &mut Pty,
    key_id: Option<&str>,
    secret: &str,
    show_secret: bool,
    filter: &str,
) -> String {
    s.wait_text("Step 1 of 4");
    if let Some(id) = key_id {
        s.send(id.as_bytes());
        s.wait_text("Looks like an IAM user's access key ID");
    }
    s.send(b"\r");
    s.wait_text("Step 2 of 4");
    s.send(format!("\x1b[200~{secret}\x1b[201~").as_bytes());
    s.wait_text(&format!("{} characters", secret.len()));
    if show_secret {
        // The secret is rendered too: its characters pass through ratatui's buffers.
        s.send(b"\x12");
        s.wait_text(secret);
    }
    s.send(b"\r");
    s.wait_text("Step 3 of 4");
    if filter.is_empty() {
        // Enter takes only a region the user moved to: Down selects the first.
        s.send(b"\x1b[B");
    } else {
        s.send(filter.as_bytes());
        s.wait_text("1 match");
    }
    s.send(b"\r");
    s.wait_text("Step 4 of 4");
    s.reveal_password()
}

/// Presses `c` and waits until the copy went out as an OSC 52 sequence (there is no display), so
/// the memory checks below also cover the base64 payload and the buffers it passed through.
fn copy_password(s: &mut Pty) {
    let before = s.raw().len();
    s.send(b"c");
    s.wait_for("the OSC 52 copy", |screen| {
        assert!(
            !screen.contains("no clipboard"),
            "the copy did not use OSC 52"
        );
        contains(&s.raw()[before..], b"\x1b]52;c;")
    });
}

#[test]
fn whole_flow_then_quit_leaves_no_secret_in_memory_at_exit() {
    let (secret, password) = vector("eu-west-2");
    let mut s = Pty::start(seskey(&[]));
    let shown = to_revealed_card(&mut s, Some(KEY_ID), &secret, true, "london");
    assert_eq!(shown, password);
    copy_password(&mut s);

    let core = core_path("tui-exit");
    let mut gdb = arm_gcore(s.pid(), &core);
    s.send(b"q");
    assert!(gdb.wait().unwrap().success(), "gdb failed");
    assert_eq!(s.finish(), 0);
    assert_clean(&take_core(&core), &secret, &password);
}

#[test]
fn new_conversion_leaves_no_secret_in_memory_while_running() {
    let (secret, password) = vector("us-east-1");
    let mut s = Pty::start(seskey(&[]));
    let shown = to_revealed_card(&mut s, None, &secret, false, "");
    assert_eq!(shown, password);
    copy_password(&mut s);
    s.send(b"n");
    s.wait_for("step 1 after n", |sc| {
        sc.contains("Step 1 of 4") && !sc.contains(&password)
    });

    let image = gcore_now(s.pid(), "tui-new");
    assert_clean(&image, &secret, &password);

    // Still running and usable after the image was taken.
    s.send(b"\x03");
    assert_eq!(s.finish(), 0);
}

/// Issue 15: a wizard rotation against moto's IAM server, to the revealed card; a core image at
/// exit holds no copy of the new key's secret (as moto holds it), of `"AWS4" + secret`, or of the
/// password. The secret came in the SDK's response buffers, not through a paste.
#[test]
fn wizard_rotation_leaves_no_new_secret_in_memory_at_exit() {
    use common::moto::{Moto, python_password, rotate_to_card};
    let moto = Moto::start("tui-memory-rotate");
    let old = moto.user_with_keys("smtp-user", 1);
    let mut s = Pty::start(moto.wizard("rotate"));
    rotate_to_card(&mut s, "smtp-user");
    let shown = s.reveal_password();

    let secret = moto.secret_of(&moto.new_key("smtp-user", &old));
    let password = python_password(&secret, "eu-west-1");
    assert_eq!(shown, password);

    let core = core_path("tui-rotate-exit");
    let mut gdb = arm_gcore(s.pid(), &core);
    s.send(b"q");
    assert!(gdb.wait().unwrap().success(), "gdb failed");
    assert_eq!(s.finish(), 0);
    assert_clean(&take_core(&core), &secret, &password);
}
