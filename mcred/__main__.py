from mcred.cli import main

main()
