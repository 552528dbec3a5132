# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_seskey_global_optspecs
    string join \n clear-after= no-clipboard port= endpoint= ca-file= timeout= lang= tls= h/help V/version
end

function __fish_seskey_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_seskey_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_seskey_using_subcommand
    set -l cmd (__fish_seskey_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c seskey -n "__fish_seskey_needs_command" -l clear-after -d 'Clear a copied password from the clipboard after SECONDS (0 = never).' -r
complete -c seskey -n "__fish_seskey_needs_command" -l port -d 'SMTP port: 587 (default), 2587 or 25 use STARTTLS; 465 or 2465 the TLS wrapper.' -r
complete -c seskey -n "__fish_seskey_needs_command" -l endpoint -d 'Connect to HOST[:PORT] instead of the region\'s SMTP host (VPC interface endpoints, tests).' -r
complete -c seskey -n "__fish_seskey_needs_command" -l ca-file -d 'Also trust the CA certificates in this PEM file (test servers, TLS-inspecting proxies).' -r -F
complete -c seskey -n "__fish_seskey_needs_command" -l timeout -d 'Overall time limit of the check, in seconds [default: 15].' -r
complete -c seskey -n "__fish_seskey_needs_command" -l lang -d 'Language of messages and help (default: SESKEY_LANG, else LC_ALL, LC_MESSAGES, LANG).' -r -f -a "en\t'English'
ko\t'Korean (한국어)'"
complete -c seskey -n "__fish_seskey_needs_command" -l tls -d 'TLS mode; by default STARTTLS, or the TLS wrapper on ports 465 and 2465.' -r -f -a "starttls\t'Plain connection upgraded with STARTTLS.'
wrapper\t'TLS from the first byte (SMTPS).'"
complete -c seskey -n "__fish_seskey_needs_command" -l no-clipboard -d 'Never use the clipboard (neither the system clipboard nor OSC 52).'
complete -c seskey -n "__fish_seskey_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c seskey -n "__fish_seskey_needs_command" -s V -l version -d 'Print version'
complete -c seskey -n "__fish_seskey_needs_command" -f -a "policy" -d 'Print the IAM policy the SMTP user needs, as a complete document ready to paste.'
complete -c seskey -n "__fish_seskey_needs_command" -f -a "completions" -d 'Print a shell completion script.'
complete -c seskey -n "__fish_seskey_needs_command" -f -a "derive" -d 'Derive the SMTP password for one secret access key (read from stdin or a no-echo prompt).'
complete -c seskey -n "__fish_seskey_needs_command" -f -a "check" -d 'Log in to the SES SMTP endpoint with the password (or secret, from stdin) and send no mail.'
complete -c seskey -n "__fish_seskey_needs_command" -f -a "batch" -d 'Convert a CSV of access keys into the SMTP credentials CSV the SES console gives.'
complete -c seskey -n "__fish_seskey_needs_command" -f -a "keys" -d 'List an IAM user\'s access keys with their last use.'
complete -c seskey -n "__fish_seskey_needs_command" -f -a "rotate" -d 'Rotate an SMTP user\'s access key: a new key and its SMTP password; --finish retires the old.'
complete -c seskey -n "__fish_seskey_needs_command" -f -a "create-user" -d 'Create an IAM user that may only send mail, and its SMTP credentials.'
complete -c seskey -n "__fish_seskey_needs_command" -f -a "regions" -d 'List the regions with an SES SMTP endpoint.'
complete -c seskey -n "__fish_seskey_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c seskey -n "__fish_seskey_using_subcommand policy" -l clear-after -d 'Clear a copied password from the clipboard after SECONDS (0 = never).' -r
complete -c seskey -n "__fish_seskey_using_subcommand policy" -l lang -d 'Language of messages and help (default: SESKEY_LANG, else LC_ALL, LC_MESSAGES, LANG).' -r -f -a "en\t'English'
ko\t'Korean (한국어)'"
complete -c seskey -n "__fish_seskey_using_subcommand policy" -l no-clipboard -d 'Never use the clipboard (neither the system clipboard nor OSC 52).'
complete -c seskey -n "__fish_seskey_using_subcommand policy" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c seskey -n "__fish_seskey_using_subcommand completions" -l clear-after -d 'Clear a copied password from the clipboard after SECONDS (0 = never).' -r
complete -c seskey -n "__fish_seskey_using_subcommand completions" -l lang -d 'Language of messages and help (default: SESKEY_LANG, else LC_ALL, LC_MESSAGES, LANG).' -r -f -a "en\t'English'
ko\t'Korean (한국어)'"
complete -c seskey -n "__fish_seskey_using_subcommand completions" -l no-clipboard -d 'Never use the clipboard (neither the system clipboard nor OSC 52).'
complete -c seskey -n "__fish_seskey_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c seskey -n "__fish_seskey_using_subcommand derive" -l access-key-id -d 'Access key ID (AKIA...): the SMTP username, shown in json and env output.' -r
complete -c seskey -n "__fish_seskey_using_subcommand derive" -l from-csv -d 'Take the access key ID and secret from the CSV the IAM console gives (the access-key CSV or the older new-user CSV).' -r -F
complete -c seskey -n "__fish_seskey_using_subcommand derive" -l row -d 'The row of --from-csv to use when it holds several keys (1 = the first key row).' -r
complete -c seskey -n "__fish_seskey_using_subcommand derive" -l profile -d 'Take the key from this profile of ~/.aws/credentials (or AWS_SHARED_CREDENTIALS_FILE). Profiles with temporary credentials (session token, SSO, credential_process) are refused.' -r
complete -c seskey -n "__fish_seskey_using_subcommand derive" -l port -d 'SMTP port: 587 (default), 2587 or 25 use STARTTLS; 465 or 2465 the TLS wrapper.' -r
complete -c seskey -n "__fish_seskey_using_subcommand derive" -l endpoint -d 'Connect to HOST[:PORT] instead of the region\'s SMTP host (VPC interface endpoints, tests).' -r
complete -c seskey -n "__fish_seskey_using_subcommand derive" -l ca-file -d 'Also trust the CA certificates in this PEM file (test servers, TLS-inspecting proxies).' -r -F
complete -c seskey -n "__fish_seskey_using_subcommand derive" -l timeout -d 'Overall time limit of the check, in seconds [default: 15].' -r
complete -c seskey -n "__fish_seskey_using_subcommand derive" -s r -l region -d 'AWS region of the SES SMTP endpoint: a code or a name: eu-west-1, Ireland, Seoul, 서울 (SMTP passwords are per region). Left out on a terminal, it is asked for after the secret.' -r -f -a "us-east-1\t'US East (N. Virginia)'
us-east-2\t'US East (Ohio)'
us-west-1\t'US West (N. California)'
us-west-2\t'US West (Oregon)'
af-south-1\t'Africa (Cape Town)'
ap-south-1\t'Asia Pacific (Mumbai)'
ap-south-2\t'Asia Pacific (Hyderabad)'
ap-northeast-3\t'Asia Pacific (Osaka)'
ap-northeast-2\t'Asia Pacific (Seoul)'
ap-southeast-1\t'Asia Pacific (Singapore)'
ap-southeast-2\t'Asia Pacific (Sydney)'
ap-southeast-3\t'Asia Pacific (Jakarta)'
ap-southeast-5\t'Asia Pacific (Malaysia)'
ap-northeast-1\t'Asia Pacific (Tokyo)'
ca-central-1\t'Canada (Central)'
ca-west-1\t'Canada West (Calgary)'
eu-central-1\t'Europe (Frankfurt)'
eu-central-2\t'Europe (Zurich)'
eu-west-1\t'Europe (Ireland)'
eu-west-2\t'Europe (London)'
eu-south-1\t'Europe (Milan)'
eu-west-3\t'Europe (Paris)'
eu-north-1\t'Europe (Stockholm)'
il-central-1\t'Israel (Tel Aviv)'
me-central-1\t'Middle East (UAE)'
me-south-1\t'Middle East (Bahrain)'
sa-east-1\t'South America (São Paulo)'
us-gov-west-1\t'AWS GovCloud (US-West)'
us-gov-east-1\t'AWS GovCloud (US-East)'"
complete -c seskey -n "__fish_seskey_using_subcommand derive" -s f -l format -d 'Output format.' -r -f -a "password\t'The password alone, like the AWS script.'
json\t'Host, FIPS host, ports, username, region and password as JSON.'
env\t'SMTP_HOST, SMTP_PORT, SMTP_USERNAME, SMTP_PASSWORD lines.'"
complete -c seskey -n "__fish_seskey_using_subcommand derive" -l tls -d 'TLS mode; by default STARTTLS, or the TLS wrapper on ports 465 and 2465.' -r -f -a "starttls\t'Plain connection upgraded with STARTTLS.'
wrapper\t'TLS from the first byte (SMTPS).'"
complete -c seskey -n "__fish_seskey_using_subcommand derive" -l clear-after -d 'Clear a copied password from the clipboard after SECONDS (0 = never).' -r
complete -c seskey -n "__fish_seskey_using_subcommand derive" -l lang -d 'Language of messages and help (default: SESKEY_LANG, else LC_ALL, LC_MESSAGES, LANG).' -r -f -a "en\t'English'
ko\t'Korean (한국어)'"
complete -c seskey -n "__fish_seskey_using_subcommand derive" -l from-env -d 'Read the secret from AWS_SECRET_ACCESS_KEY (and the ID from AWS_ACCESS_KEY_ID).'
complete -c seskey -n "__fish_seskey_using_subcommand derive" -l check -d 'After printing, log in to the SMTP endpoint with the result (needs --access-key-id); sends no mail. Exit 3 when the login is refused, 4 when it could not be checked.'
complete -c seskey -n "__fish_seskey_using_subcommand derive" -l copy -d 'Copy the password to the clipboard instead of printing it (cleared after --clear-after).'
complete -c seskey -n "__fish_seskey_using_subcommand derive" -l allow-nonstandard-secret -d 'Take a secret access key that is not 40 characters (AWS\'s always are; for AWS-compatible systems). An SMTP password is refused all the same.'
complete -c seskey -n "__fish_seskey_using_subcommand derive" -l no-clipboard -d 'Never use the clipboard (neither the system clipboard nor OSC 52).'
complete -c seskey -n "__fish_seskey_using_subcommand derive" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c seskey -n "__fish_seskey_using_subcommand check" -l access-key-id -d 'Access key ID (AKIA...): the SMTP username. Required.' -r
complete -c seskey -n "__fish_seskey_using_subcommand check" -l port -d 'SMTP port: 587 (default), 2587 or 25 use STARTTLS; 465 or 2465 the TLS wrapper.' -r
complete -c seskey -n "__fish_seskey_using_subcommand check" -l endpoint -d 'Connect to HOST[:PORT] instead of the region\'s SMTP host (VPC interface endpoints, tests).' -r
complete -c seskey -n "__fish_seskey_using_subcommand check" -l ca-file -d 'Also trust the CA certificates in this PEM file (test servers, TLS-inspecting proxies).' -r -F
complete -c seskey -n "__fish_seskey_using_subcommand check" -l timeout -d 'Overall time limit of the check, in seconds [default: 15].' -r
complete -c seskey -n "__fish_seskey_using_subcommand check" -s r -l region -d 'AWS region of the SES SMTP endpoint: a code or a name: eu-west-1, Ireland, Seoul, 서울 (SMTP passwords are per region). Left out on a terminal, it is asked for after the password or secret.' -r -f -a "us-east-1\t'US East (N. Virginia)'
us-east-2\t'US East (Ohio)'
us-west-1\t'US West (N. California)'
us-west-2\t'US West (Oregon)'
af-south-1\t'Africa (Cape Town)'
ap-south-1\t'Asia Pacific (Mumbai)'
ap-south-2\t'Asia Pacific (Hyderabad)'
ap-northeast-3\t'Asia Pacific (Osaka)'
ap-northeast-2\t'Asia Pacific (Seoul)'
ap-southeast-1\t'Asia Pacific (Singapore)'
ap-southeast-2\t'Asia Pacific (Sydney)'
ap-southeast-3\t'Asia Pacific (Jakarta)'
ap-southeast-5\t'Asia Pacific (Malaysia)'
ap-northeast-1\t'Asia Pacific (Tokyo)'
ca-central-1\t'Canada (Central)'
ca-west-1\t'Canada West (Calgary)'
eu-central-1\t'Europe (Frankfurt)'
eu-central-2\t'Europe (Zurich)'
eu-west-1\t'Europe (Ireland)'
eu-west-2\t'Europe (London)'
eu-south-1\t'Europe (Milan)'
eu-west-3\t'Europe (Paris)'
eu-north-1\t'Europe (Stockholm)'
il-central-1\t'Israel (Tel Aviv)'
me-central-1\t'Middle East (UAE)'
me-south-1\t'Middle East (Bahrain)'
sa-east-1\t'South America (São Paulo)'
us-gov-west-1\t'AWS GovCloud (US-West)'
us-gov-east-1\t'AWS GovCloud (US-East)'"
complete -c seskey -n "__fish_seskey_using_subcommand check" -s f -l format -d 'Output format: the verdict as a line on standard error, or also as JSON on standard output.' -r -f -a "text\t'One line on standard error.'
json\t'A JSON object on standard output (and the line on standard error).'"
complete -c seskey -n "__fish_seskey_using_subcommand check" -l tls -d 'TLS mode; by default STARTTLS, or the TLS wrapper on ports 465 and 2465.' -r -f -a "starttls\t'Plain connection upgraded with STARTTLS.'
wrapper\t'TLS from the first byte (SMTPS).'"
complete -c seskey -n "__fish_seskey_using_subcommand check" -l clear-after -d 'Clear a copied password from the clipboard after SECONDS (0 = never).' -r
complete -c seskey -n "__fish_seskey_using_subcommand check" -l lang -d 'Language of messages and help (default: SESKEY_LANG, else LC_ALL, LC_MESSAGES, LANG).' -r -f -a "en\t'English'
ko\t'Korean (한국어)'"
complete -c seskey -n "__fish_seskey_using_subcommand check" -l allow-nonstandard-secret -d 'Take a secret access key that is not 40 characters (AWS\'s always are; for AWS-compatible systems). An SMTP password is refused all the same.'
complete -c seskey -n "__fish_seskey_using_subcommand check" -l no-clipboard -d 'Never use the clipboard (neither the system clipboard nor OSC 52).'
complete -c seskey -n "__fish_seskey_using_subcommand check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c seskey -n "__fish_seskey_using_subcommand batch" -s o -l output -d 'Where to write the SMTP credentials; `-` (the default) is standard output.' -r -F
complete -c seskey -n "__fish_seskey_using_subcommand batch" -s r -l region -d 'Region of the SES SMTP endpoint, a code or a name (eu-west-1, Ireland, Seoul, 서울); repeat for several (adds Region and Smtp Host columns).' -r -f -a "us-east-1\t'US East (N. Virginia)'
us-east-2\t'US East (Ohio)'
us-west-1\t'US West (N. California)'
us-west-2\t'US West (Oregon)'
af-south-1\t'Africa (Cape Town)'
ap-south-1\t'Asia Pacific (Mumbai)'
ap-south-2\t'Asia Pacific (Hyderabad)'
ap-northeast-3\t'Asia Pacific (Osaka)'
ap-northeast-2\t'Asia Pacific (Seoul)'
ap-southeast-1\t'Asia Pacific (Singapore)'
ap-southeast-2\t'Asia Pacific (Sydney)'
ap-southeast-3\t'Asia Pacific (Jakarta)'
ap-southeast-5\t'Asia Pacific (Malaysia)'
ap-northeast-1\t'Asia Pacific (Tokyo)'
ca-central-1\t'Canada (Central)'
ca-west-1\t'Canada West (Calgary)'
eu-central-1\t'Europe (Frankfurt)'
eu-central-2\t'Europe (Zurich)'
eu-west-1\t'Europe (Ireland)'
eu-west-2\t'Europe (London)'
eu-south-1\t'Europe (Milan)'
eu-west-3\t'Europe (Paris)'
eu-north-1\t'Europe (Stockholm)'
il-central-1\t'Israel (Tel Aviv)'
me-central-1\t'Middle East (UAE)'
me-south-1\t'Middle East (Bahrain)'
sa-east-1\t'South America (São Paulo)'
us-gov-west-1\t'AWS GovCloud (US-West)'
us-gov-east-1\t'AWS GovCloud (US-East)'"
complete -c seskey -n "__fish_seskey_using_subcommand batch" -l clear-after -d 'Clear a copied password from the clipboard after SECONDS (0 = never).' -r
complete -c seskey -n "__fish_seskey_using_subcommand batch" -l lang -d 'Language of messages and help (default: SESKEY_LANG, else LC_ALL, LC_MESSAGES, LANG).' -r -f -a "en\t'English'
ko\t'Korean (한국어)'"
complete -c seskey -n "__fish_seskey_using_subcommand batch" -l all-regions -d 'One row per key and per region with an SES SMTP endpoint (adds Region and Smtp Host).'
complete -c seskey -n "__fish_seskey_using_subcommand batch" -l force -d 'Replace OUTPUT when it exists.'
complete -c seskey -n "__fish_seskey_using_subcommand batch" -l keep-going -d 'Skip rows that cannot be converted (each is reported) instead of failing.'
complete -c seskey -n "__fish_seskey_using_subcommand batch" -l allow-nonstandard-secret -d 'Take a secret access key that is not 40 characters (AWS\'s always are; for AWS-compatible systems). An SMTP password is refused all the same.'
complete -c seskey -n "__fish_seskey_using_subcommand batch" -l no-clipboard -d 'Never use the clipboard (neither the system clipboard nor OSC 52).'
complete -c seskey -n "__fish_seskey_using_subcommand batch" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c seskey -n "__fish_seskey_using_subcommand keys" -l profile -d 'The AWS profile (from ~/.aws/config) whose credentials call IAM; default: AWS_PROFILE, else the SDK\'s default chain.' -r
complete -c seskey -n "__fish_seskey_using_subcommand keys" -s f -l format -d 'Output format: text (aligned columns) or json.' -r -f -a "text\t'Aligned columns for people.'
json\t'A JSON object.'"
complete -c seskey -n "__fish_seskey_using_subcommand keys" -l lang -d 'Language of messages and help (default: SESKEY_LANG, else LC_ALL, LC_MESSAGES, LANG).' -r -f -a "en\t'English'
ko\t'Korean (한국어)'"
complete -c seskey -n "__fish_seskey_using_subcommand keys" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c seskey -n "__fish_seskey_using_subcommand rotate" -l profile -d 'The AWS profile (from ~/.aws/config) whose credentials call IAM; default: AWS_PROFILE, else the SDK\'s default chain.' -r
complete -c seskey -n "__fish_seskey_using_subcommand rotate" -s r -l region -d 'Region of the SES SMTP endpoint; repeat for several.' -r
complete -c seskey -n "__fish_seskey_using_subcommand rotate" -l port -d 'SMTP port: 587 (default), 2587 or 25 use STARTTLS; 465 or 2465 the TLS wrapper.' -r
complete -c seskey -n "__fish_seskey_using_subcommand rotate" -l endpoint -d 'Connect to HOST[:PORT] instead of the region\'s SMTP host (VPC interface endpoints, tests).' -r
complete -c seskey -n "__fish_seskey_using_subcommand rotate" -l ca-file -d 'Also trust the CA certificates in this PEM file (test servers, TLS-inspecting proxies).' -r -F
complete -c seskey -n "__fish_seskey_using_subcommand rotate" -l timeout -d 'Overall time limit of the check, in seconds [default: 15].' -r
complete -c seskey -n "__fish_seskey_using_subcommand rotate" -s f -l format -d 'Output format.' -r -f -a "password\t'The password alone, like the AWS script.'
json\t'Host, FIPS host, ports, username, region and password as JSON.'
env\t'SMTP_HOST, SMTP_PORT, SMTP_USERNAME, SMTP_PASSWORD lines.'"
complete -c seskey -n "__fish_seskey_using_subcommand rotate" -l tls -d 'TLS mode; by default STARTTLS, or the TLS wrapper on ports 465 and 2465.' -r -f -a "starttls\t'Plain connection upgraded with STARTTLS.'
wrapper\t'TLS from the first byte (SMTPS).'"
complete -c seskey -n "__fish_seskey_using_subcommand rotate" -l clear-after -d 'Clear a copied password from the clipboard after SECONDS (0 = never).' -r
complete -c seskey -n "__fish_seskey_using_subcommand rotate" -l lang -d 'Language of messages and help (default: SESKEY_LANG, else LC_ALL, LC_MESSAGES, LANG).' -r -f -a "en\t'English'
ko\t'Korean (한국어)'"
complete -c seskey -n "__fish_seskey_using_subcommand rotate" -l delete-inactive -d 'With two keys, delete the inactive one first to make room (an active key is never deleted here).'
complete -c seskey -n "__fish_seskey_using_subcommand rotate" -l finish -d 'Finish the rotation: deactivate the older key once the application uses the new one.'
complete -c seskey -n "__fish_seskey_using_subcommand rotate" -l delete -d 'With --finish: once the old key is deactivated, delete it too (and any key already inactive) instead of leaving it inactive.'
complete -c seskey -n "__fish_seskey_using_subcommand rotate" -l force -d 'With --finish: deactivate the older key even if it was used after the new key was created.'
complete -c seskey -n "__fish_seskey_using_subcommand rotate" -s y -l yes -d 'Change IAM without asking (needed when not on a terminal).'
complete -c seskey -n "__fish_seskey_using_subcommand rotate" -l all-regions -d 'The password for every region with an SES SMTP endpoint.'
complete -c seskey -n "__fish_seskey_using_subcommand rotate" -l copy -d 'Copy the password to the clipboard instead of printing it (one region only).'
complete -c seskey -n "__fish_seskey_using_subcommand rotate" -l check -d 'Log in to the SMTP endpoint with the new credentials (sends no mail), retrying refusals while the new key propagates (up to a minute).'
complete -c seskey -n "__fish_seskey_using_subcommand rotate" -l no-clipboard -d 'Never use the clipboard (neither the system clipboard nor OSC 52).'
complete -c seskey -n "__fish_seskey_using_subcommand rotate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c seskey -n "__fish_seskey_using_subcommand create-user" -l profile -d 'The AWS profile (from ~/.aws/config) whose credentials call IAM; default: AWS_PROFILE, else the SDK\'s default chain.' -r
complete -c seskey -n "__fish_seskey_using_subcommand create-user" -s r -l region -d 'Region of the SES SMTP endpoint; repeat for several.' -r
complete -c seskey -n "__fish_seskey_using_subcommand create-user" -l port -d 'SMTP port: 587 (default), 2587 or 25 use STARTTLS; 465 or 2465 the TLS wrapper.' -r
complete -c seskey -n "__fish_seskey_using_subcommand create-user" -l endpoint -d 'Connect to HOST[:PORT] instead of the region\'s SMTP host (VPC interface endpoints, tests).' -r
complete -c seskey -n "__fish_seskey_using_subcommand create-user" -l ca-file -d 'Also trust the CA certificates in this PEM file (test servers, TLS-inspecting proxies).' -r -F
complete -c seskey -n "__fish_seskey_using_subcommand create-user" -l timeout -d 'Overall time limit of the check, in seconds [default: 15].' -r
complete -c seskey -n "__fish_seskey_using_subcommand create-user" -s f -l format -d 'Output format.' -r -f -a "password\t'The password alone, like the AWS script.'
json\t'Host, FIPS host, ports, username, region and password as JSON.'
env\t'SMTP_HOST, SMTP_PORT, SMTP_USERNAME, SMTP_PASSWORD lines.'"
complete -c seskey -n "__fish_seskey_using_subcommand create-user" -l tls -d 'TLS mode; by default STARTTLS, or the TLS wrapper on ports 465 and 2465.' -r -f -a "starttls\t'Plain connection upgraded with STARTTLS.'
wrapper\t'TLS from the first byte (SMTPS).'"
complete -c seskey -n "__fish_seskey_using_subcommand create-user" -l clear-after -d 'Clear a copied password from the clipboard after SECONDS (0 = never).' -r
complete -c seskey -n "__fish_seskey_using_subcommand create-user" -l lang -d 'Language of messages and help (default: SESKEY_LANG, else LC_ALL, LC_MESSAGES, LANG).' -r -f -a "en\t'English'
ko\t'Korean (한국어)'"
complete -c seskey -n "__fish_seskey_using_subcommand create-user" -s y -l yes -d 'Change IAM without asking (needed when not on a terminal).'
complete -c seskey -n "__fish_seskey_using_subcommand create-user" -l all-regions -d 'The password for every region with an SES SMTP endpoint.'
complete -c seskey -n "__fish_seskey_using_subcommand create-user" -l copy -d 'Copy the password to the clipboard instead of printing it (one region only).'
complete -c seskey -n "__fish_seskey_using_subcommand create-user" -l check -d 'Log in to the SMTP endpoint with the new credentials (sends no mail), retrying refusals while the new key propagates (up to a minute).'
complete -c seskey -n "__fish_seskey_using_subcommand create-user" -l no-clipboard -d 'Never use the clipboard (neither the system clipboard nor OSC 52).'
complete -c seskey -n "__fish_seskey_using_subcommand create-user" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c seskey -n "__fish_seskey_using_subcommand regions" -s f -l format -d 'Output format.' -r -f -a "table\t'Aligned columns for people.'
json\t'A JSON array.'"
complete -c seskey -n "__fish_seskey_using_subcommand regions" -l clear-after -d 'Clear a copied password from the clipboard after SECONDS (0 = never).' -r
complete -c seskey -n "__fish_seskey_using_subcommand regions" -l lang -d 'Language of messages and help (default: SESKEY_LANG, else LC_ALL, LC_MESSAGES, LANG).' -r -f -a "en\t'English'
ko\t'Korean (한국어)'"
complete -c seskey -n "__fish_seskey_using_subcommand regions" -l no-clipboard -d 'Never use the clipboard (neither the system clipboard nor OSC 52).'
complete -c seskey -n "__fish_seskey_using_subcommand regions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c seskey -n "__fish_seskey_using_subcommand help; and not __fish_seen_subcommand_from policy completions derive check batch keys rotate create-user regions help" -f -a "policy" -d 'Print the IAM policy the SMTP user needs, as a complete document ready to paste.'
complete -c seskey -n "__fish_seskey_using_subcommand help; and not __fish_seen_subcommand_from policy completions derive check batch keys rotate create-user regions help" -f -a "completions" -d 'Print a shell completion script.'
complete -c seskey -n "__fish_seskey_using_subcommand help; and not __fish_seen_subcommand_from policy completions derive check batch keys rotate create-user regions help" -f -a "derive" -d 'Derive the SMTP password for one secret access key (read from stdin or a no-echo prompt).'
complete -c seskey -n "__fish_seskey_using_subcommand help; and not __fish_seen_subcommand_from policy completions derive check batch keys rotate create-user regions help" -f -a "check" -d 'Log in to the SES SMTP endpoint with the password (or secret, from stdin) and send no mail.'
complete -c seskey -n "__fish_seskey_using_subcommand help; and not __fish_seen_subcommand_from policy completions derive check batch keys rotate create-user regions help" -f -a "batch" -d 'Convert a CSV of access keys into the SMTP credentials CSV the SES console gives.'
complete -c seskey -n "__fish_seskey_using_subcommand help; and not __fish_seen_subcommand_from policy completions derive check batch keys rotate create-user regions help" -f -a "keys" -d 'List an IAM user\'s access keys with their last use.'
complete -c seskey -n "__fish_seskey_using_subcommand help; and not __fish_seen_subcommand_from policy completions derive check batch keys rotate create-user regions help" -f -a "rotate" -d 'Rotate an SMTP user\'s access key: a new key and its SMTP password; --finish retires the old.'
complete -c seskey -n "__fish_seskey_using_subcommand help; and not __fish_seen_subcommand_from policy completions derive check batch keys rotate create-user regions help" -f -a "create-user" -d 'Create an IAM user that may only send mail, and its SMTP credentials.'
complete -c seskey -n "__fish_seskey_using_subcommand help; and not __fish_seen_subcommand_from policy completions derive check batch keys rotate create-user regions help" -f -a "regions" -d 'List the regions with an SES SMTP endpoint.'
complete -c seskey -n "__fish_seskey_using_subcommand help; and not __fish_seen_subcommand_from policy completions derive check batch keys rotate create-user regions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
