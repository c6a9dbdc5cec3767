"""mskctl's exit statuses, in one place: the CLI's epilog and the README list them too."""

OK = 0
CONFIG_ERRORS = 1
USAGE_ERROR = 2
PROGRAM_FAILED = 3
# The Automation API verbs (preview, up, refresh, destroy, outputs, cancel) add these.
DEPLOY_FAILED = 4  # the engine ran and the operation failed (a resource, the provider)
CONCURRENT_UPDATE = 5  # another update holds the stack's lock; see `mskctl cancel`
MISSING_PREREQUISITE = 6  # no Pulumi CLI, or no passphrase for the secrets provider
# The change plan (plan --against, and up before it runs): a transition AWS refuses, or a
# protected resource replaced or deleted.
CHANGE_REFUSED = 7
# As a shell reports a command ended by a signal (128 + its number).
INTERRUPTED = 130  # Ctrl-C (SIGINT)
PIPE_CLOSED = 141  # SIGPIPE: the reader of stdout went away (plan, cost, size | head)
