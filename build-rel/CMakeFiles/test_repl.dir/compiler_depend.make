# Empty compiler generated dependencies file for test_repl.
# This may be replaced when dependencies are built.
