# Empty dependencies file for fuzz_parquet.
# This may be replaced when dependencies are built.
