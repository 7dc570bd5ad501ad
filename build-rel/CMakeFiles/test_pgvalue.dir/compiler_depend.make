# Empty compiler generated dependencies file for test_pgvalue.
# This may be replaced when dependencies are built.
