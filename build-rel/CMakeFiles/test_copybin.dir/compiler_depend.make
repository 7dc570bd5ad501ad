# Empty compiler generated dependencies file for test_copybin.
# This may be replaced when dependencies are built.
