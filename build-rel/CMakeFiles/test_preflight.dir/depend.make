# Empty dependencies file for test_preflight.
# This may be replaced when dependencies are built.
