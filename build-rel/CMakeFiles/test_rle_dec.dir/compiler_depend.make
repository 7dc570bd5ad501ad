# Empty compiler generated dependencies file for test_rle_dec.
# This may be replaced when dependencies are built.
