from reformctl.cli.main import main

main()
