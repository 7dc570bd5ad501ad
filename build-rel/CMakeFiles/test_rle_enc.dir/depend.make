# Empty dependencies file for test_rle_enc.
# This may be replaced when dependencies are built.
