from reformctl.cli.entry import run

run()
