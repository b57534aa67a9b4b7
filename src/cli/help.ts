/** The --help texts, printed on stdout. */

export const TOP_HELP = `Usage: aws-sso-credentials <command> [options]

Mint AWS IAM Identity Center (AWS SSO) token secrets by signing in in a browser, and get
temporary role credentials from them without an AWS CLI profile.

Commands:
  login        sign in in a browser and write the session document (the action's sso-session)
  credentials  print role credentials for one account and permission set
  accounts     list the accounts and permission sets a session can reach

Options:
  -h, --help     show this help
  -V, --version  print the version

Run \`aws-sso-credentials <command> --help\` for a command's options.
Set AWS_ENDPOINT_URL_SSO / AWS_ENDPOINT_URL_SSO_OIDC for private endpoints, HTTPS_PROXY for a proxy.
`;

export const LOGIN_HELP = `Usage: aws-sso-credentials login --start-url URL --sso-region REGION [options]

Signs you in to IAM Identity Center in a browser and writes the session document: the secret the
action takes as sso-session. By default this is the authorization code with PKCE, as \`aws sso
login\` does it: the sign-in page opens in your browser, which comes back to a listener on
127.0.0.1 when you choose Allow. On a machine without a browser (no display and no BROWSER, or
over SSH) use --use-device-code and sign in on any device; login says so at once. The OIDC client is registered with the scope sso:account:access, so that a refresh
token is issued. Prompts and the summary go to stderr; the session document goes to --output,
--gh-secret, or else stdout.

Options:
  --start-url URL      your AWS access portal URL, e.g. https://d-1234567890.awsapps.com/start
  --sso-region REGION  the region of your IAM Identity Center instance, e.g. us-east-1
  --output FILE        write the session document to FILE instead of stdout: mode 0600 (Windows
                       has no file modes: keep it in your profile folder)
  --gh-secret NAME     also store the document as the GitHub secret NAME with \`gh secret set\`
                       (read from stdin, never the command line); stdout then stays empty
  --use-device-code    use the device-authorization flow: a page and a code to confirm on any
                       device, instead of a browser on this machine
  --no-browser         do not open a browser; only print the URL to open
  --timeout DURATION   how long to wait for the sign-in in the browser, e.g. 90s, 10m, 1h
                       (default: 10m)
  --client-name NAME   the OIDC client name to register (default: aws-sso-credentials)
  -h, --help           show this help

Environment:
  BROWSER              the browser command(s) to open the page with, separated by ':'; %s
                       stands for the URL, else it is appended (default: the system's opener)
`;

export const CREDENTIALS_HELP = `Usage: aws-sso-credentials credentials --session FILE --account-id ID --role-name NAME [options]

Gets temporary credentials for one account and permission set. The session's access token is
used while it has 5 minutes left; otherwise it is refreshed, and the renewed document (with a
rotated refresh token) is written back to FILE atomically.

Options:
  --session FILE       the session document written by \`aws-sso-credentials login\`
  --account-id ID      12-digit AWS account id
  --role-name NAME     permission set name, e.g. ReadOnly
  --format FORMAT      env (default): export lines for a POSIX shell
                       json: {"accountId","roleName","accessKeyId","secretAccessKey","sessionToken","expiration"}
                       credential-process: the document for credential_process in ~/.aws/config
  --sso-region REGION  the IAM Identity Center region, when the document has no "region"
  -h, --help           show this help

Example ~/.aws/config profile:
  [profile prod]
  credential_process = aws-sso-credentials credentials --format credential-process --session /path/to/session.json --account-id 111111111111 --role-name ReadOnly
`;

export const ACCOUNTS_HELP = `Usage: aws-sso-credentials accounts --session FILE [--json]

Lists every account and permission set the session's user is assigned, as a table (or JSON).
Refreshes the access token when needed, like \`credentials\`. Progress goes to stderr.

Options:
  --session FILE       the session document written by \`aws-sso-credentials login\`
  --json               print [{"accountId","accountName","emailAddress","roles"}] instead of a table
  --sso-region REGION  the IAM Identity Center region, when the document has no "region"
  -h, --help           show this help
`;
