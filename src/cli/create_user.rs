//! `seskey create-user USER --region R`: what the SES console's "Create SMTP credentials" does —
//! an IAM user with an inline policy allowing only `ses:SendRawEmail`, an access key, and the SMTP
//! credentials printed like `derive` prints them.

use clap::Args;

use super::CliError;
use super::keys::{self, AwsArgs, aws_error, checked_user};
use super::rotate::{Delivery, DeliveryArgs, can_confirm, confirm};
use crate::tr;

/// Options of `seskey create-user`.
#[derive(Debug, Args)]
pub struct CreateUserArgs {
    /// The IAM user to create.
    #[arg(value_name = "USER")]
    pub user: String,

    /// Change IAM without asking (needed when not on a terminal).
    #[arg(long, short = 'y')]
    pub yes: bool,

    #[command(flatten)]
    pub aws: AwsArgs,

    // Last: the login-check options inside set a help heading that carries over to what follows.
    #[command(flatten)]
    pub out: DeliveryArgs,
}

/// Runs `seskey create-user`.
pub fn run(
    args: &CreateUserArgs,
    clip: &crate::clipboard::ClipboardConfig,
) -> Result<(), CliError> {
    let user = checked_user(&args.user)?;
    let delivery = Delivery::prepare(&args.out)?;
    can_confirm(args.yes)?;
    confirm(
        &tr!(
            "iam.confirm_create_user",
            user = user,
            policy = crate::iam::SEND_POLICY
        ),
        args.yes,
    )?;
    let iam = keys::connect(&args.aws)?;
    iam.create_smtp_user(user).map_err(aws_error)?;
    super::say(tr!("iam.user_created", user = user));
    let key = iam.create_key(user).map_err(aws_error)?;
    drop(iam);
    super::say(tr!("iam.created", key = key.id, user = user));
    delivery.deliver(key, clip)
}
