from reformctl.cli.app import main

main()
