from reformctl.cli.app import app

app(prog_name="reformctl")
