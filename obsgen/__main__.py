from obsgen.entry import main

main()
