//! A real IAM API on loopback: moto's server (`moto[server]`, installed by `.ci/test`), one per
//! test, killed on drop. State is set up and read back with boto3 (moto's own dependency) and
//! moto's `/moto-api/data.json`, never through seskey.

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::pty::Pty;

/// The credentials the tests' seskey runs sign with (moto accepts any until auth is enforced).
pub const TEST_KEY_ID: &str = "AKIAIOSFODNN7EXAMPLE";
pub const TEST_SECRET: &str = "testing-secret-not-a-real-key-0000000000";

/// A moto server on 127.0.0.1.
pub struct Moto {
    child: Child,
    /// Its port.
    pub port: u16,
    /// A HOME with no AWS configuration, for seskey runs.
    pub home: PathBuf,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Moto {
    /// Starts moto; fails saying how to install it when it is missing.
    pub fn start(tag: &str) -> Moto {
        let port = free_port();
        let home = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("moto-home-{tag}"));
        let _ = std::fs::remove_dir_all(&home);
        std::fs::create_dir_all(&home).unwrap();
        let child = Command::new("python3")
            .args([
                "-m",
                "moto.server",
                "-H",
                "127.0.0.1",
                "-p",
                &port.to_string(),
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3");
        let mut moto = Moto { child, port, home };
        // A start-up limit, not a timed assertion: moto takes a second or two to listen.
        let deadline = Instant::now() + Duration::from_secs(60);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = moto.child.try_wait() {
                panic!(
                    "moto's server exited ({status}); install it: python3 -m pip install \
                     'moto[server]==5.2.1' (.ci/test does this)"
                );
            }
            assert!(Instant::now() < deadline, "moto's server did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        moto
    }

    /// The endpoint URL seskey is pointed at.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Runs Python with `iam` (a boto3 IAM client on this server) defined; returns stdout.
    pub fn py(&self, code: &str) -> String {
        self.py_as(TEST_KEY_ID, TEST_SECRET, code)
    }

    /// [`Moto::py`] with `iam` signing with the given credentials.
    pub fn py_as(&self, id: &str, secret: &str, code: &str) -> String {
        let prelude = format!(
            "import boto3, json, urllib.request\n\
             iam = boto3.client('iam', endpoint_url='{}', region_name='us-east-1', \
             aws_access_key_id='{id}', aws_secret_access_key='{secret}')\n",
            self.url()
        );
        let out = Command::new("python3")
            .arg("-c")
            .arg(format!("{prelude}{code}"))
            .output()
            .expect("python3");
        assert!(
            out.status.success(),
            "python failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Makes `user`'s key `id` inactive.
    pub fn deactivate(&self, user: &str, id: &str) {
        self.py(&format!(
            "iam.update_access_key(UserName='{user}', AccessKeyId='{id}', Status='Inactive')"
        ));
    }

    /// Creates `user` with `keys` access keys; returns their IDs.
    pub fn user_with_keys(&self, user: &str, keys: usize) -> Vec<String> {
        let out = self.py(&format!(
            "iam.create_user(UserName='{user}')\n\
             for _ in range({keys}):\n    print(iam.create_access_key(UserName='{user}')['AccessKey']['AccessKeyId'])\n"
        ));
        out.lines().map(str::to_string).collect()
    }

    /// The user's keys as (id, status), from IAM's ListAccessKeys (boto3).
    pub fn keys(&self, user: &str) -> Vec<(String, String)> {
        self.keys_as(user, TEST_KEY_ID, TEST_SECRET)
    }

    /// [`Moto::keys`] signed with the given credentials (once policies are enforced).
    pub fn keys_as(&self, user: &str, id: &str, secret: &str) -> Vec<(String, String)> {
        let out = self.py_as(
            id,
            secret,
            &format!(
                "for k in iam.list_access_keys(UserName='{user}')['AccessKeyMetadata']:\n    \
                 print(k['AccessKeyId'], k['Status'])\n"
            ),
        );
        out.lines()
            .map(|l| {
                let (a, b) = l.split_once(' ').unwrap();
                (a.to_string(), b.to_string())
            })
            .collect()
    }

    /// The secret moto holds for `key_id` (its state dump).
    pub fn secret_of(&self, key_id: &str) -> String {
        self.py(&format!(
            "d = json.load(urllib.request.urlopen('{}/moto-api/data.json'))\n\
             print([k['secret_access_key'] for k in d['iam']['AccessKey'] if k['access_key_id'] == '{key_id}'][0])\n",
            self.url()
        ))
        .trim()
        .to_string()
    }

    /// Enforces IAM policies from now on (moto's `INITIAL_NO_AUTH_ACTION_COUNT`, reset to 0).
    pub fn enforce_auth(&self) {
        self.py(&format!(
            "req = urllib.request.Request('{}/moto-api/reset-auth', data=b'0', method='POST', headers={{'Content-Type': 'text/plain'}})\n\
             urllib.request.urlopen(req).read()\n",
            self.url()
        ));
    }

    /// A seskey command reaching this server, in English, with test credentials and an empty
    /// HOME (no profile of the machine leaks in).
    pub fn seskey(&self) -> Command {
        let mut cmd = Command::new(super::bin());
        super::EnglishLocale::english(&mut cmd);
        for k in [
            "AWS_PROFILE",
            "AWS_DEFAULT_PROFILE",
            "AWS_SESSION_TOKEN",
            "AWS_REGION",
            "AWS_DEFAULT_REGION",
            "AWS_ENDPOINT_URL",
            "AWS_CONFIG_FILE",
            "AWS_SHARED_CREDENTIALS_FILE",
        ] {
            cmd.env_remove(k);
        }
        cmd.env("HOME", &self.home)
            .env("AWS_ENDPOINT_URL_IAM", self.url())
            .env("AWS_ACCESS_KEY_ID", TEST_KEY_ID)
            .env("AWS_SECRET_ACCESS_KEY", TEST_SECRET)
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("SESKEY_PROPAGATION_WAIT", "0")
            .env("SESKEY_CLEAR_AFTER", "0")
            .stdin(Stdio::null());
        cmd
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The SMTP password for `secret` in `region`, by the AWS sample's algorithm in Python's hmac
/// (benches/aws_smtp_password.py): an independent derivation.
pub fn python_password(secret: &str, region: &str) -> String {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/aws_smtp_password.py");
    let out = Command::new("python3")
        .args([script, secret, region])
        .output()
        .expect("python3");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

impl Moto {
    /// The wizard on a pseudo-terminal (the pty harness's environment) reaching this server,
    /// with test credentials, an empty HOME and `SESKEY_START=start` (the rotation path).
    pub fn wizard(&self, start: &str) -> portable_pty::CommandBuilder {
        let mut cmd = super::pty::seskey(&[]);
        cmd.env("SESKEY_START", start);
        cmd.env("HOME", &self.home);
        cmd.env("AWS_ENDPOINT_URL_IAM", self.url());
        cmd.env("AWS_ACCESS_KEY_ID", TEST_KEY_ID);
        cmd.env("AWS_SECRET_ACCESS_KEY", TEST_SECRET);
        cmd.env("AWS_EC2_METADATA_DISABLED", "true");
        cmd.env("SESKEY_PROPAGATION_WAIT", "0");
        for k in ["AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ENDPOINT_URL"] {
            cmd.env_remove(k);
        }
        cmd
    }
}

impl Moto {
    /// The one key of `user` not in `before` (the key a rotation just made).
    pub fn new_key(&self, user: &str, before: &[String]) -> String {
        let fresh: Vec<String> = self
            .keys(user)
            .into_iter()
            .map(|(id, _)| id)
            .filter(|id| !before.contains(id))
            .collect();
        assert_eq!(fresh.len(), 1, "{fresh:?}");
        fresh[0].clone()
    }
}

/// The wizard's start screen, `SESKEY_START` having preselected the path whose menu line is
/// `path`: takes it, waits for the user step (`prompt`) and its loaded user list (`listed`, text
/// the list shows), then types `user` and confirms it.
fn choose_user(s: &mut Pty, path: &str, prompt: &str, listed: &str, user: &str) {
    s.wait_text(&format!("› {path}"));
    s.send(b"\r");
    s.wait_text(prompt);
    // Keys wait while ListUsers runs: type once the list is in.
    s.wait_text(listed);
    s.send(user.as_bytes());
    s.wait_text(&format!("User: {user}"));
    s.send(b"\r");
}

/// The wizard from its start screen (`SESKEY_START=rotate` preselected the path) through user,
/// keys and confirmation to step 3, then `eu-west-1` to the card.
pub fn rotate_to_card(s: &mut Pty, user: &str) {
    choose_user(
        s,
        "Rotate an SMTP user's key",
        "The IAM user whose SMTP key to rotate",
        &format!("│ {user}"),
        user,
    );
    s.wait_text("Enter: create a new key");
    s.send(b"\r");
    s.wait_text("y does it");
    s.send(b"y");
    s.pick_region("eu-west-1");
}

/// The wizard from its start screen (`SESKEY_START=create-user`) through the new user's name
/// (no user exists yet) and confirmation to step 3, then `eu-west-1` to the card.
pub fn create_user_to_card(s: &mut Pty, user: &str) {
    choose_user(
        s,
        "Create a new SMTP user",
        "The name of the new IAM user",
        "No user starts with that",
        user,
    );
    s.wait_text(&format!("Create the IAM user {user}"));
    s.send(b"y");
    s.pick_region("eu-west-1");
}
