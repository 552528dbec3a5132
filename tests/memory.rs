//! Looks at the real process memory: a core image taken by gdb at the moment the process calls
//! `exit_group` must hold no copy of the secret, of `"AWS4" + secret`, or of the password.

use std::io::Write;
use std::process::{Command, Stdio};

mod common;
use common::gdb::{arm_gcore, core_path, count, take_core};
use common::{EnglishLocale as _, bin, require_tool};

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

#[test]
fn derive_from_a_pipe_leaves_no_secret_in_memory() {
    require_tool("gdb");
    let core = core_path("derive");
    let mut child = Command::new(bin())
        .english()
        .args(["derive", "--region", "eu-west-1"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut gdb = arm_gcore(child.id(), &core);
    {
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(format!("{SECRET}\n").as_bytes()).unwrap();
    }
    assert!(gdb.wait().unwrap().success());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let password = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert_eq!(password.len(), 44);

    let image = take_core(&core);
    // The image is real: it holds text the program certainly has in memory.
    assert!(count(&image, b"--region") > 0, "the image holds no argv");
    assert_eq!(count(&image, SECRET.as_bytes()), 0, "secret");
    assert_eq!(count(&image, format!("AWS4{SECRET}").as_bytes()), 0);
    assert_eq!(count(&image, password.as_bytes()), 0, "password");
}

/// Starts `args` under gdb, which `gcore`s it at `exit_group`; returns (stdout, core image).
fn run_under_gdb(args: &[&str], env: &[(&str, &str)], tag: &str) -> (String, Vec<u8>) {
    let core = core_path(tag);
    let mut cmd = Command::new("gdb");
    cmd.args(["-nx", "-batch"])
        .args(["-ex", "catch syscall exit_group", "-ex", "run"])
        .args(["-ex", &format!("gcore {}", core.display())])
        .args(["-ex", "continue"])
        .arg("--args")
        .arg(bin())
        .args(args)
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .english()
        .stdin(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("gdb");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let image = take_core(&core);
    (stdout, image)
}

fn expected_password(region: &str) -> String {
    seskey::derive::smtp_password(SECRET, region)
        .expose()
        .to_string()
}

#[test]
fn the_aws_script_form_wipes_the_secret_from_argv() {
    require_tool("gdb");
    let (stdout, image) = run_under_gdb(&[SECRET, "us-east-2"], &[], "legacy");
    let password = expected_password("us-east-2");
    assert!(stdout.contains(&password), "{stdout}");
    assert!(count(&image, b"us-east-2") > 0, "the image holds no argv");
    assert_eq!(count(&image, SECRET.as_bytes()), 0, "secret");
    assert_eq!(count(&image, format!("AWS4{SECRET}").as_bytes()), 0);
    assert_eq!(count(&image, password.as_bytes()), 0, "password");
}

#[test]
fn from_env_wipes_the_variable() {
    require_tool("gdb");
    let (stdout, image) = run_under_gdb(
        &["derive", "-r", "ca-central-1", "--from-env"],
        &[("AWS_SECRET_ACCESS_KEY", SECRET)],
        "env",
    );
    let password = expected_password("ca-central-1");
    assert!(stdout.contains(&password), "{stdout}");
    assert!(
        count(&image, b"ca-central-1") > 0,
        "the image holds no argv"
    );
    assert_eq!(count(&image, SECRET.as_bytes()), 0, "secret");
    assert_eq!(count(&image, password.as_bytes()), 0, "password");
}

#[test]
fn rotate_leaves_no_copy_of_the_new_secret_or_its_password() {
    require_tool("gdb");
    let moto = common::moto::Moto::start("memory");
    let old = moto.user_with_keys("smtp", 1);
    let home = moto.home.display().to_string();
    let url = moto.url();
    let (stdout, image) = run_under_gdb(
        &["rotate", "smtp", "--region", "eu-west-1", "--yes"],
        &[
            ("HOME", &home),
            ("AWS_ENDPOINT_URL_IAM", &url),
            ("AWS_ACCESS_KEY_ID", common::moto::TEST_KEY_ID),
            ("AWS_SECRET_ACCESS_KEY", common::moto::TEST_SECRET),
            ("AWS_EC2_METADATA_DISABLED", "true"),
        ],
        "rotate",
    );
    let keys = moto.keys("smtp");
    let new = keys
        .iter()
        .map(|k| k.0.clone())
        .find(|k| !old.contains(k))
        .expect("a new key");
    let secret = moto.secret_of(&new);
    let password = common::moto::python_password(&secret, "eu-west-1");
    assert!(stdout.contains(&password), "{stdout}");
    assert!(count(&image, b"eu-west-1") > 0, "the image holds no argv");
    assert_eq!(count(&image, secret.as_bytes()), 0, "secret");
    assert_eq!(count(&image, format!("AWS4{secret}").as_bytes()), 0);
    assert_eq!(count(&image, password.as_bytes()), 0, "password");
}
