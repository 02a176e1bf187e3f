"""The command line: one function per command, options resolved once."""
