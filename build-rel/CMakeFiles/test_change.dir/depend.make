# Empty dependencies file for test_change.
# This may be replaced when dependencies are built.
