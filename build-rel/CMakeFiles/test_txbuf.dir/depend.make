# Empty dependencies file for test_txbuf.
# This may be replaced when dependencies are built.
