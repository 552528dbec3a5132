//! `seskey keys`, `rotate` and `create-user` against a real IAM API on loopback (moto's server),
//! driving the real binary. Each test has its own server.

use std::process::Output;

mod common;
use common::moto::{Moto, python_password};

fn run(cmd: &mut std::process::Command) -> (Output, String, String) {
    let out = cmd.output().expect("seskey");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out, stdout, stderr)
}

fn code(out: &Output) -> Option<i32> {
    out.status.code()
}

/// The key IDs of `after` that `before` does not have.
fn new_keys(before: &[String], after: &[(String, String)]) -> Vec<String> {
    after
        .iter()
        .map(|(id, _)| id.clone())
        .filter(|id| !before.contains(id))
        .collect()
}

#[test]
fn keys_lists_the_users_keys_as_text_and_json() {
    let moto = Moto::start("keys");
    let ids = moto.user_with_keys("smtp", 1);
    let (out, stdout, stderr) = run(moto.seskey().args(["keys", "smtp"]));
    assert_eq!(code(&out), Some(0), "{stderr}");
    let line = stdout.lines().find(|l| l.contains(&ids[0])).expect(&stdout);
    assert!(
        line.contains("Active") && line.contains("never used"),
        "{stdout}"
    );
    assert!(line.contains("`rotate` adds a new one"), "{stdout}");

    let (out, stdout, _) = run(moto.seskey().args(["keys", "smtp", "--format", "json"]));
    assert_eq!(code(&out), Some(0));
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["user"], "smtp");
    assert_eq!(v["keys"][0]["access_key_id"], ids[0].as_str());
    assert_eq!(v["keys"][0]["status"], "Active");
    assert_eq!(v["keys"][0]["role"], "only");
}

#[test]
fn rotate_creates_a_key_and_prints_the_password_of_the_secret_iam_holds() {
    let moto = Moto::start("rotate");
    let old = moto.user_with_keys("smtp", 1);
    let (out, stdout, stderr) =
        run(moto
            .seskey()
            .args(["rotate", "smtp", "--region", "eu-west-1", "--yes"]));
    assert_eq!(code(&out), Some(0), "{stderr}");
    let keys = moto.keys("smtp");
    assert_eq!(keys.len(), 2, "{keys:?}");
    let new = new_keys(&old, &keys);
    assert_eq!(new.len(), 1);
    // The password is the one an independent implementation derives from the secret moto holds.
    let secret = moto.secret_of(&new[0]);
    assert_eq!(stdout.trim(), python_password(&secret, "eu-west-1"));
    // The secret itself is never shown.
    assert!(!stdout.contains(&secret) && !stderr.contains(&secret));
    // The next step names the old key and the command.
    assert!(stderr.contains(&old[0]), "{stderr}");
    assert!(stderr.contains("seskey rotate smtp --finish"), "{stderr}");
    // moto does not support the permission simulation: said, and the rotation went on.
    assert!(stderr.contains("could not check"), "{stderr}");
}

#[test]
fn rotate_for_several_regions_gives_the_new_key_id_as_username() {
    let moto = Moto::start("regions");
    moto.user_with_keys("smtp", 0);
    let (out, stdout, stderr) = run(moto.seskey().args([
        "rotate",
        "smtp",
        "-r",
        "eu-west-1",
        "-r",
        "us-east-1",
        "--format",
        "json",
        "--yes",
    ]));
    assert_eq!(code(&out), Some(0), "{stderr}");
    let id = moto.keys("smtp")[0].0.clone();
    let secret = moto.secret_of(&id);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let items = v.as_array().unwrap();
    assert_eq!(items.len(), 2);
    for item in items {
        let region = item["region"].as_str().unwrap();
        assert_eq!(item["username"], id.as_str());
        assert_eq!(item["password"], python_password(&secret, region).as_str());
    }
}

#[test]
fn rotate_refuses_at_two_keys_and_touches_none() {
    let moto = Moto::start("two");
    let ids = moto.user_with_keys("smtp", 2);
    let (out, stdout, stderr) =
        run(moto
            .seskey()
            .args(["rotate", "smtp", "--region", "eu-west-1", "--yes"]));
    assert_eq!(code(&out), Some(5), "{stderr}");
    assert!(stdout.is_empty());
    assert!(stderr.contains("2 active access keys"), "{stderr}");
    assert!(stderr.contains("seskey rotate smtp --finish"), "{stderr}");
    // --delete-inactive never deletes an active key.
    let (out, _, _) = run(moto.seskey().args([
        "rotate",
        "smtp",
        "-r",
        "eu-west-1",
        "--delete-inactive",
        "--yes",
    ]));
    assert_eq!(code(&out), Some(5));
    let keys = moto.keys("smtp");
    assert_eq!(new_keys(&ids, &keys), Vec::<String>::new());
    assert!(keys.iter().all(|(_, s)| s == "Active"), "{keys:?}");
}

#[test]
fn delete_inactive_makes_room_for_the_new_key() {
    let moto = Moto::start("delinactive");
    let ids = moto.user_with_keys("smtp", 2);
    moto.deactivate("smtp", &ids[0]);
    let (out, _, stderr) = run(moto
        .seskey()
        .args(["rotate", "smtp", "-r", "eu-west-1", "-y"]));
    assert_eq!(code(&out), Some(5), "{stderr}");
    assert!(
        stderr.contains("--delete-inactive") && stderr.contains(&ids[0]),
        "{stderr}"
    );
    let (out, stdout, stderr) = run(moto.seskey().args([
        "rotate",
        "smtp",
        "-r",
        "eu-west-1",
        "--delete-inactive",
        "-y",
    ]));
    assert_eq!(code(&out), Some(0), "{stderr}");
    let keys = moto.keys("smtp");
    let ids_now: Vec<&str> = keys.iter().map(|(id, _)| id.as_str()).collect();
    assert!(!ids_now.contains(&ids[0].as_str()), "{keys:?}");
    assert!(ids_now.contains(&ids[1].as_str()), "{keys:?}");
    let new = new_keys(&ids, &keys);
    assert_eq!(new.len(), 1);
    assert_eq!(
        stdout.trim(),
        python_password(&moto.secret_of(&new[0]), "eu-west-1")
    );
}

#[test]
fn finish_deactivates_the_old_key_then_deletes_it() {
    let moto = Moto::start("finish");
    let old = moto.user_with_keys("smtp", 1);
    let (out, _, stderr) = run(moto
        .seskey()
        .args(["rotate", "smtp", "-r", "eu-west-1", "-y"]));
    assert_eq!(code(&out), Some(0), "{stderr}");
    let new = new_keys(&old, &moto.keys("smtp"))[0].clone();

    let (out, _, stderr) = run(moto.seskey().args(["rotate", "smtp", "--finish", "--yes"]));
    assert_eq!(code(&out), Some(0), "{stderr}");
    let mut keys = moto.keys("smtp");
    keys.sort();
    let mut expected = vec![
        (old[0].clone(), "Inactive".to_string()),
        (new.clone(), "Active".to_string()),
    ];
    expected.sort();
    assert_eq!(keys, expected);
    assert!(stderr.contains("--finish --delete"), "{stderr}");

    let (out, _, stderr) = run(moto
        .seskey()
        .args(["rotate", "smtp", "--finish", "--delete", "--yes"]));
    assert_eq!(code(&out), Some(0), "{stderr}");
    assert_eq!(moto.keys("smtp"), vec![(new, "Active".to_string())]);
    // Nothing left to retire.
    let (out, _, stderr) = run(moto.seskey().args(["rotate", "smtp", "--finish", "--yes"]));
    assert_eq!(code(&out), Some(5), "{stderr}");
}

#[test]
fn finish_refuses_an_old_key_still_in_use_unless_forced() {
    let moto = Moto::start("inuse");
    let old = moto.user_with_keys("smtp", 1);
    let (out, _, stderr) = run(moto
        .seskey()
        .args(["rotate", "smtp", "-r", "eu-west-1", "-y"]));
    assert_eq!(code(&out), Some(0), "{stderr}");
    // Something signs a request with the old key after the new key exists: moto records the use.
    let secret = moto.secret_of(&old[0]);
    moto.py(&format!(
        "old = boto3.client('iam', endpoint_url='{}', region_name='us-east-1', \
         aws_access_key_id='{}', aws_secret_access_key='{secret}')\nold.list_users()\n",
        moto.url(),
        old[0]
    ));
    let (out, _, stderr) = run(moto.seskey().args(["rotate", "smtp", "--finish", "--yes"]));
    assert_eq!(code(&out), Some(5), "{stderr}");
    assert!(
        stderr.contains("still sends") && stderr.contains("--force"),
        "{stderr}"
    );
    assert!(moto.keys("smtp").iter().all(|(_, s)| s == "Active"));
    let (out, _, stderr) = run(moto
        .seskey()
        .args(["rotate", "smtp", "--finish", "--force", "--yes"]));
    assert_eq!(code(&out), Some(0), "{stderr}");
    assert!(
        moto.keys("smtp")
            .contains(&(old[0].clone(), "Inactive".into()))
    );
}

#[test]
fn create_user_makes_a_sending_only_user_with_credentials() {
    let moto = Moto::start("create");
    let (out, stdout, stderr) = run(moto.seskey().args([
        "create-user",
        "mailer",
        "--region",
        "us-west-2",
        "--format",
        "env",
        "--yes",
    ]));
    assert_eq!(code(&out), Some(0), "{stderr}");
    let keys = moto.keys("mailer");
    assert_eq!(keys.len(), 1);
    let id = &keys[0].0;
    let password = python_password(&moto.secret_of(id), "us-west-2");
    assert!(
        stdout.contains(&format!("SMTP_USERNAME={id}\n")),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("SMTP_PASSWORD={password}\n")),
        "{stdout}"
    );
    assert!(stdout.contains("SMTP_HOST=email-smtp.us-west-2.amazonaws.com"));
    let policy = moto.py(
        "import json\nd = iam.get_user_policy(UserName='mailer', PolicyName='AmazonSesSendingAccess')['PolicyDocument']\n\
         print(json.dumps(d if isinstance(d, dict) else json.loads(d)))",
    );
    let v: serde_json::Value = serde_json::from_str(policy.trim()).unwrap();
    assert_eq!(v["Statement"][0]["Action"], "ses:SendRawEmail");
    assert_eq!(v["Statement"][0]["Effect"], "Allow");
    // A second time: the user exists; explained, nothing changed.
    let (out, _, stderr) =
        run(moto
            .seskey()
            .args(["create-user", "mailer", "-r", "us-west-2", "-y"]));
    assert_eq!(code(&out), Some(5), "{stderr}");
    assert!(stderr.contains("already exists"), "{stderr}");
    assert_eq!(moto.keys("mailer").len(), 1);
}

#[test]
fn a_missing_user_is_named() {
    let moto = Moto::start("missing");
    for args in [
        &["keys", "ghost"][..],
        &["rotate", "ghost", "-r", "eu-west-1", "-y"],
        &["rotate", "ghost", "--finish", "-y"],
    ] {
        let (out, stdout, stderr) = run(moto.seskey().args(args));
        assert_eq!(code(&out), Some(5), "{args:?}: {stderr}");
        assert!(stdout.is_empty());
        assert!(stderr.contains("no IAM user ghost"), "{stderr}");
    }
}

#[test]
fn access_denied_names_the_action_and_the_resource() {
    let moto = Moto::start("denied");
    moto.user_with_keys("smtp", 1);
    // An operator allowed to look but not to create keys.
    let creds = moto.py(
        "import json\niam.create_user(UserName='op')\n\
         iam.put_user_policy(UserName='op', PolicyName='look', PolicyDocument=json.dumps({'Version': '2012-10-17', \
         'Statement': [{'Effect': 'Allow', 'Action': ['iam:GetUser', 'iam:ListAccessKeys', \
         'iam:GetAccessKeyLastUsed'], 'Resource': '*'}]}))\n\
         k = iam.create_access_key(UserName='op')['AccessKey']\nprint(k['AccessKeyId'], k['SecretAccessKey'])",
    );
    let (id, secret) = creds.trim().split_once(' ').unwrap();
    let before = moto.keys("smtp");
    moto.enforce_auth();
    let (out, stdout, stderr) = run(moto
        .seskey()
        .env("AWS_ACCESS_KEY_ID", id)
        .env("AWS_SECRET_ACCESS_KEY", secret)
        .args(["rotate", "smtp", "-r", "eu-west-1", "-y"]));
    assert_eq!(code(&out), Some(5), "{stderr}");
    assert!(stdout.is_empty());
    assert!(stderr.contains("access denied"), "{stderr}");
    assert!(
        stderr.contains("iam:CreateAccessKey on user/smtp"),
        "{stderr}"
    );
    // The permissions the commands need are listed.
    assert!(stderr.contains("iam:ListAccessKeys"), "{stderr}");
    // The key list was allowed; the refusal came at the key creation and nothing changed.
    assert_eq!(moto.keys_as("smtp", id, secret), before);
}

#[test]
fn changes_need_yes_off_a_terminal() {
    let moto = Moto::start("noyes");
    let ids = moto.user_with_keys("smtp", 2);
    for args in [
        &["rotate", "smtp", "--region", "eu-west-1"][..],
        &["rotate", "smtp", "--finish"],
        &["create-user", "other", "--region", "eu-west-1"],
    ] {
        let (out, stdout, stderr) = run(moto.seskey().args(args));
        assert_eq!(code(&out), Some(2), "{args:?}: {stderr}");
        assert!(stdout.is_empty());
        assert!(stderr.contains("--yes"), "{stderr}");
    }
    let keys = moto.keys("smtp");
    assert_eq!(keys.len(), 2);
    assert!(new_keys(&ids, &keys).is_empty());
    assert!(keys.iter().all(|(_, s)| s == "Active"));
    let users = moto.py("print(len(iam.list_users()['Users']))");
    assert_eq!(users.trim(), "1");
}

#[test]
fn check_retries_a_refused_login_while_the_key_propagates() {
    let moto = Moto::start("check");
    moto.user_with_keys("smtp", 1);
    let Some((server, ca)) =
        common::smtp::tls_server("rotate-check", "starttls", &["localhost", "127.0.0.1"])
    else {
        return;
    };
    // The server accepts only its fixed test credentials, so the new key is refused: seskey
    // prints the credentials, tries again within the wait, then exits 3.
    let (out, stdout, stderr) = run(moto
        .seskey()
        .env("SESKEY_PROPAGATION_WAIT", "1")
        .args(["rotate", "smtp", "-r", "eu-west-1", "-y", "--check"])
        .arg("--endpoint")
        .arg(server.endpoint())
        .arg("--ca-file")
        .arg(&ca));
    assert_eq!(code(&out), Some(3), "{stderr}");
    assert_eq!(stdout.trim().len(), 44, "{stdout}");
    assert!(stderr.contains("trying again"), "{stderr}");
    let id = moto
        .keys("smtp")
        .into_iter()
        .map(|k| k.0)
        .find(|k| stderr.contains(&format!("created the access key {k}")))
        .expect(&stderr);
    let fails = server
        .log()
        .iter()
        .filter(|l| **l == format!("AUTH-FAIL {id}"))
        .count();
    assert!(fails >= 2, "{:?}", server.log());
    server.assert_no_mail();
}

/// A seskey run with only `HOME` (and the locale): no credentials in the environment.
fn bare(home: &std::path::Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(common::bin());
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("LANG", "C.UTF-8")
        .env("HOME", home)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        // Nothing may leave the machine: any endpoint the SDK would call is unroutable here.
        .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
        .stdin(std::process::Stdio::null());
    cmd
}

#[test]
fn an_expired_sso_session_asks_for_aws_sso_login() {
    let home = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("sso-home");
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(home.join(".aws/sso/cache")).unwrap();
    std::fs::write(
        home.join(".aws/config"),
        "[profile ops]\nsso_session = corp\nsso_account_id = 123456789012\n\
         sso_role_name = Admin\nregion = us-east-1\n\n[sso-session corp]\n\
         sso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\n",
    )
    .unwrap();
    // The SDK's token cache file for the session "corp" is sha1("corp").json: an expired token.
    let name = String::from_utf8(
        std::process::Command::new("python3")
            .args([
                "-c",
                "import hashlib;print(hashlib.sha1(b'corp').hexdigest())",
            ])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    std::fs::write(
        home.join(format!(".aws/sso/cache/{}.json", name.trim())),
        r#"{"accessToken":"x","expiresAt":"2020-01-01T00:00:00Z","region":"us-east-1","startUrl":"https://example.awsapps.com/start"}"#,
    )
    .unwrap();
    let (out, _, stderr) = run(bare(&home).args(["keys", "smtp", "--profile", "ops"]));
    assert_eq!(code(&out), Some(5), "{stderr}");
    assert!(stderr.contains("aws sso login --profile ops"), "{stderr}");
}

#[test]
fn missing_credentials_say_where_they_come_from() {
    let home = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("nocreds-home");
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(&home).unwrap();
    let (out, stdout, stderr) = run(bare(&home).args(["rotate", "smtp", "-r", "eu-west-1", "-y"]));
    assert_eq!(code(&out), Some(5), "{stderr}");
    assert!(stdout.is_empty());
    assert!(stderr.contains("no AWS credentials found"), "{stderr}");
    assert!(stderr.contains("AWS_ACCESS_KEY_ID"), "{stderr}");
}

/// A hostile IAM endpoint (tests/support/hostile_iam.py) in `mode`; killed on drop.
struct Hostile(std::process::Child, u16);

impl Hostile {
    fn start(args: &[&str]) -> Hostile {
        use std::io::BufRead;
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/hostile_iam.py");
        let mut child = std::process::Command::new("python3")
            .arg(script)
            .args(args)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("python3");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line.trim().parse().expect("port");
        Hostile(child, port)
    }

    /// seskey under `/usr/bin/time -v` (for its peak memory), reaching this server.
    fn seskey(&self, args: &[&str]) -> std::process::Command {
        let mut cmd = std::process::Command::new("/usr/bin/time");
        cmd.arg("-v").arg(common::bin()).args(args);
        common::EnglishLocale::english(&mut cmd);
        for k in [
            "AWS_PROFILE",
            "AWS_SESSION_TOKEN",
            "AWS_ENDPOINT_URL",
            "AWS_CONFIG_FILE",
        ] {
            cmd.env_remove(k);
        }
        cmd.env("HOME", std::env::temp_dir().join("seskey-hostile-home"))
            .env(
                "AWS_ENDPOINT_URL_IAM",
                format!("http://127.0.0.1:{}", self.1),
            )
            .env("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
            .env(
                "AWS_SECRET_ACCESS_KEY",
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            )
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("SESKEY_IAM_TIMEOUT_SECS", "4")
            .stdin(std::process::Stdio::null());
        cmd
    }
}

impl Drop for Hostile {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Peak resident memory in KiB, from `/usr/bin/time -v`'s report.
fn peak_kib(stderr: &str) -> u64 {
    stderr
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("Maximum resident set size (kbytes): ")
        })
        .and_then(|v| v.trim().parse().ok())
        .expect(stderr)
}

#[test]
fn endless_or_silent_iam_replies_are_bounded_in_memory_and_time() {
    for (mode, says) in [
        ("endless200", "over-long reply"),
        ("endless500", "over-long reply"),
        ("silent", "did not answer within 4 s"),
        ("drip", "did not answer within 4 s"),
    ] {
        let server = Hostile::start(&[mode]);
        let (out, _, stderr) = run(&mut server.seskey(&["keys", "smtp"]));
        assert_eq!(code(&out), Some(5), "{mode}: {stderr}");
        assert!(stderr.contains(says), "{mode}: {stderr}");
        assert!(stderr.contains("AWS_ENDPOINT_URL_IAM"), "{mode}: {stderr}");
        let peak = peak_kib(&stderr);
        assert!(peak < 64 * 1024, "{mode}: peak RSS {peak} KiB");
    }
}

#[test]
fn finish_refuses_when_the_newest_key_is_inactive_even_forced() {
    let moto = Moto::start("keepinactive");
    let ids = moto.user_with_keys("smtp", 2);
    moto.deactivate("smtp", &ids[1]);
    let (out, _, stderr) = run(moto
        .seskey()
        .args(["rotate", "smtp", "--finish", "--delete", "--force", "--yes"]));
    assert_eq!(code(&out), Some(5), "{stderr}");
    assert!(stderr.contains("is inactive"), "{stderr}");
    let keys = moto.keys("smtp");
    assert!(
        keys.contains(&(ids[0].clone(), "Active".into())) && keys.len() == 2,
        "{keys:?}"
    );
}

#[test]
fn hostile_key_ids_and_escapes_from_iam_never_reach_the_terminal() {
    // A key ID with shell text and a newline: refused, exit 5, not echoed.
    let server = Hostile::start(&["inject"]);
    let (out, stdout, stderr) = run(&mut server.seskey(&["keys", "smtp"]));
    assert_eq!(code(&out), Some(5), "{stderr}");
    assert!(stderr.contains("malformed access key ID"), "{stderr}");
    assert!(!stdout.contains("SMTP_HOST") && !stderr.contains("SMTP_HOST"));
    // A well-formed ID whose last use carries ESC/BEL: shown escaped, never raw.
    let server = Hostile::start(&["inject", "AKIAIOSFODNN7EXAMPLE"]);
    let (out, stdout, stderr) = run(&mut server.seskey(&["keys", "smtp"]));
    assert_eq!(code(&out), Some(0), "{stderr}");
    assert!(stdout.contains("AKIAIOSFODNN7EXAMPLE"), "{stdout}");
    for s in [&stdout, &stderr] {
        assert!(!s.contains('\u{1b}') && !s.contains('\u{7}'), "{s:?}");
    }
}

#[test]
fn a_key_shaped_user_name_is_refused_without_being_sent_or_echoed() {
    let moto = Moto::start("keyname");
    let name = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY12";
    for args in [
        vec!["keys", name],
        vec!["rotate", name, "--region", "eu-west-1", "--yes"],
        vec!["create-user", name, "--region", "eu-west-1", "--yes"],
    ] {
        let (out, stdout, stderr) = run(moto.seskey().args(&args));
        assert_eq!(code(&out), Some(2), "{args:?}: {stderr}");
        assert!(!stderr.contains(name) && !stdout.contains(name), "{stderr}");
        assert!(stderr.contains("looks like an access key"), "{stderr}");
    }
    // Nothing reached IAM: no such user was made.
    assert!(
        !moto
            .py("print([u['UserName'] for u in iam.list_users()['Users']])")
            .contains(name)
    );
}

#[test]
fn a_missing_profile_and_an_unreachable_iam_are_named_with_the_next_step() {
    let moto = Moto::start("profile");
    let (out, _, stderr) = run(moto
        .seskey()
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .args(["keys", "smtp", "--profile", "nope"]));
    assert_eq!(code(&out), Some(5), "{stderr}");
    assert!(stderr.contains("profile nope"), "{stderr}");
    // A port nothing listens on (the server is gone).
    let url = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://127.0.0.1:{}", l.local_addr().unwrap().port())
    };
    let (out, _, stderr) = run(moto
        .seskey()
        .env("AWS_ENDPOINT_URL_IAM", &url)
        .args(["keys", "smtp"]));
    assert_eq!(code(&out), Some(5), "{stderr}");
    assert!(
        stderr.contains(&format!("could not reach IAM at {url}")) && stderr.contains("network"),
        "{stderr}"
    );
}

#[test]
fn a_paste_at_the_confirm_prompt_leaves_nothing_for_the_shell() {
    use common::moto::{TEST_KEY_ID, TEST_SECRET};
    let moto = Moto::start("confirmpaste");
    moto.user_with_keys("smtp", 1);
    common::require_tool("bash");
    let mut cmd = portable_pty::CommandBuilder::new("bash");
    cmd.args(["--norc", "--noprofile", "-i"]);
    common::pty::tidy(&mut cmd);
    cmd.env("PS1", "$ ");
    cmd.env("HISTFILE", "/dev/null");
    let mut s = common::pty::Pty::start(cmd);
    s.wait_text("$ ");
    s.send(
        format!(
            "AWS_ENDPOINT_URL_IAM={} AWS_ACCESS_KEY_ID={TEST_KEY_ID} AWS_SECRET_ACCESS_KEY={TEST_SECRET} AWS_EC2_METADATA_DISABLED=true '{}' rotate smtp --region eu-west-1\r",
            moto.url(),
            common::bin().display()
        )
        .as_bytes(),
    );
    s.wait_text("[y/N]");
    // "n", then a pasted line that must not run as a command.
    s.send(b"n\rtouch /nonexistent/PASTED-LINE\r");
    s.wait_text("cancelled");
    s.send(b"echo \"exit:$?\"; history; echo END-OF-\"\"HISTORY\r");
    let screen = s.wait_text("END-OF-HISTORY");
    assert!(screen.contains("exit:1"), "{screen}");
    assert!(!screen.contains("No such file"), "{screen}");
    // Echo is on for y/N, so the paste shows once at the prompt; it must not be in the history.
    let after = &screen[screen.find("exit:1").unwrap()..];
    assert!(!after.contains("PASTED-LINE"), "{screen}");
    s.send(b"exit\r");
    s.finish();
    assert_eq!(moto.keys("smtp").len(), 1);
}
