# Empty dependencies file for fuzz_txbuf.
# This may be replaced when dependencies are built.
