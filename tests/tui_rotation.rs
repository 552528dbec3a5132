//! The wizard's IAM paths end to end: the real binary on a pseudo-terminal against moto's IAM
//! server on loopback. The password the card shows must equal an independent derivation (Python's
//! hmac) from the secret moto holds for the key the wizard created; the finish must deactivate
//! then delete the old key in IAM.

mod common;
use common::moto::{Moto, create_user_to_card, python_password, rotate_to_card};
use common::pty::Pty;

#[test]
fn wizard_rotation_shows_the_password_of_the_new_key_then_finishes() {
    let moto = Moto::start("tui-rotate");
    let old = moto.user_with_keys("smtp-user", 1);
    let mut s = Pty::start(moto.wizard("rotate"));
    rotate_to_card(&mut s, "smtp-user");

    let new = moto.new_key("smtp-user", &old);
    let secret = moto.secret_of(&new);
    let screen = s.screen();
    assert!(
        screen.contains(&new),
        "the card names the new key:\n{screen}"
    );
    let shown = s.reveal_password();
    assert_eq!(shown, python_password(&secret, "eu-west-1"));
    let screen = s.screen();
    assert!(!screen.contains(&secret), "the secret is on screen");

    // Both keys active until the operator says the application has moved.
    let keys = moto.keys("smtp-user");
    assert!(keys.iter().all(|(_, st)| st == "Active"), "{keys:?}");

    s.send(b"f");
    s.wait_for("the finish naming the old key", |sc| {
        sc.contains("y deactivates the old key") && sc.contains(&format!("│ {} (last used", old[0]))
    });
    s.send(b"y");
    s.wait_text("Deactivated.");
    let keys = moto.keys("smtp-user");
    assert!(
        keys.contains(&(old[0].clone(), "Inactive".into())),
        "{keys:?}"
    );
    assert!(keys.contains(&(new.clone(), "Active".into())), "{keys:?}");

    s.send(b"y");
    s.wait_text("Rotation finished");
    assert_eq!(moto.keys("smtp-user"), vec![(new, "Active".to_string())]);

    s.send(b"\x03");
    assert_eq!(s.finish(), 0);
}

#[test]
fn wizard_create_user_shows_the_password_of_its_first_key() {
    let moto = Moto::start("tui-create");
    let mut s = Pty::start(moto.wizard("create-user"));
    create_user_to_card(&mut s, "new-mailer");

    let id = moto.new_key("new-mailer", &[]);
    let secret = moto.secret_of(&id);
    assert_eq!(s.reveal_password(), python_password(&secret, "eu-west-1"));
    // The user may only send: its inline policy allows ses:SendRawEmail.
    let policies = moto.py("print(iam.list_user_policies(UserName='new-mailer')['PolicyNames'])");
    assert!(policies.contains('\''), "no inline policy: {policies}");

    s.send(b"\x03");
    assert_eq!(s.finish(), 0);
}

/// Without AWS credentials, the wizard says what to do for the wizard (AWS_PROFILE, `aws sso
/// login`, `aws configure`, then start seskey again), not the command line's `--profile NAME`.
#[test]
fn wizard_without_credentials_says_what_to_do_before_starting_again() {
    let home = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("tui-nocreds-home");
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(&home).unwrap();
    let mut cmd = common::pty::seskey(&[]);
    cmd.env("SESKEY_START", "rotate");
    cmd.env("HOME", &home);
    cmd.env("AWS_EC2_METADATA_DISABLED", "true");
    // Nothing may leave the machine: any endpoint the SDK would call is unroutable here.
    cmd.env("AWS_ENDPOINT_URL", "http://127.0.0.1:9");
    for k in ["AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ENDPOINT_URL_IAM"] {
        cmd.env_remove(k);
    }
    let mut s = Pty::start(cmd);
    s.wait_text("› Rotate");
    s.send(b"\r");
    let screen = s.wait_text("seskey found no AWS credentials");
    assert!(screen.contains("AWS_PROFILE"), "{screen}");
    // Typing the name would fail the same way: not offered as the way on.
    assert!(!screen.contains("type the name"), "{screen}");
    assert!(!screen.contains("--profile"), "{screen}");
    s.send(b"\x03");
    assert_eq!(s.finish(), 0);
}
