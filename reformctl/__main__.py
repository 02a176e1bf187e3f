from reformctl.cli.entry import main

main()
