# Empty dependencies file for test_pqwriter.
# This may be replaced when dependencies are built.
