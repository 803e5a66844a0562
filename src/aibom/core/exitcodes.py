"""The exit codes a CI can rely on (see STYLE: 0 pass, 1 policy failed, 2 unusable, 3 bug)."""

EXIT_OK = 0  # scan completed, policy passed (warnings allowed)
EXIT_POLICY = 1  # scan completed, policy failed
EXIT_UNUSABLE = 2  # no trustworthy result: usage, invalid policy or config, unusable input/output
EXIT_BUG = 3  # internal error
EXIT_INTERRUPTED = 130  # Ctrl-C (SIGINT)
EXIT_TERMINATED = 143  # SIGTERM (a CI cancelling the job): 128 + 15, as a shell reports it
