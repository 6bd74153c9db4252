from fatheraudit.cli import main

main()
