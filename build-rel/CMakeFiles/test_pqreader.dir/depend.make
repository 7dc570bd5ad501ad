# Empty dependencies file for test_pqreader.
# This may be replaced when dependencies are built.
